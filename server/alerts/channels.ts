/**
 * Alert channels in the database. URLs and tokens are secrets (a Slack webhook URL is enough to post into the
 * channel): stored encrypted in one blob, masked on every read, decrypted only to send.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, isNull, or } from 'drizzle-orm';
import type { Db } from '../db';
import { alertChannels } from '../db/tables';
import { ApiError } from '../http/errors';
import { SECRET_MASK } from '../secrets/masking';
import type { SecretBox } from '../secrets/secret-box';
import type { ChannelConfig } from './payloads';
import type { CreateChannel } from './schema';

export type ChannelRow = typeof alertChannels.$inferSelect;

/** Who sees a channel: its owner, and everyone for a shared one (to route rules to it). */
export interface Viewer {
  userId: string | null;
  admin: boolean;
}

/** Splits the input into what may be shown and what is secret; a webhook without a secret gets a generated one. */
export function splitChannel(input: CreateChannel): { settings: Record<string, unknown>; secret: Record<string, string>; generatedSecret?: string } {
  switch (input.kind) {
    case 'slack':
      return { settings: {}, secret: { url: input.url } };
    case 'webhook': {
      const generated = input.secret ? undefined : randomBytes(24).toString('base64url');
      return { settings: {}, secret: { url: input.url, secret: input.secret ?? generated! }, generatedSecret: generated };
    }
    case 'jira-cloud':
      return { settings: { url: input.url, project: input.project, issueType: input.issueType, labels: input.labels, email: input.email }, secret: { apiToken: input.apiToken } };
    case 'jira-server':
      return { settings: { url: input.url, project: input.project, issueType: input.issueType, labels: input.labels }, secret: { token: input.token } };
  }
}

export async function createChannel(db: Db, secrets: SecretBox, input: CreateChannel, ownerId: string | null): Promise<{ id: string; secret?: string }> {
  const { settings, secret, generatedSecret } = splitChannel(input);
  const [row] = await db
    .insert(alertChannels)
    .values({ name: input.name, kind: input.kind, ownerId, settings, secretEnc: secrets.encrypt(JSON.stringify(secret)) })
    .returning({ id: alertChannels.id });
  return { id: row!.id, ...(generatedSecret ? { secret: generatedSecret } : {}) };
}

export function maskedChannel(row: ChannelRow) {
  // The kinds whose URL is itself the secret show only its host, so a person can tell two channels apart.
  const masked: Record<string, unknown> = { ...row.settings };
  if (row.kind === 'slack' || row.kind === 'webhook') masked.url = SECRET_MASK;
  if (row.kind === 'webhook') masked.secret = SECRET_MASK;
  if (row.kind === 'jira-cloud') masked.apiToken = SECRET_MASK;
  if (row.kind === 'jira-server') masked.token = SECRET_MASK;
  return { id: row.id, name: row.name, kind: row.kind, shared: row.ownerId === null, ownerId: row.ownerId, settings: masked, createdAt: row.createdAt.toISOString() };
}

/** Shared channels and the viewer's own; admins see every channel. */
export async function listChannels(db: Db, viewer: Viewer): Promise<ChannelRow[]> {
  const where = viewer.admin ? undefined : viewer.userId ? or(isNull(alertChannels.ownerId), eq(alertChannels.ownerId, viewer.userId)) : isNull(alertChannels.ownerId);
  return db.select().from(alertChannels).where(where).orderBy(alertChannels.name);
}

export async function getChannel(db: Db, id: string): Promise<ChannelRow | undefined> {
  const [row] = await db.select().from(alertChannels).where(eq(alertChannels.id, id));
  return row;
}

/** The channel if the viewer may change it or send through it by hand: their own, or (admins) a shared one. */
export async function ownChannel(db: Db, id: string, viewer: Viewer): Promise<ChannelRow> {
  const row = await getChannel(db, id);
  const mine = row && (row.ownerId === null ? viewer.admin : row.ownerId === viewer.userId || viewer.admin);
  if (!row || !mine) throw ApiError.notFound(`Alert channel "${id}" does not exist or is not yours`);
  return row;
}

export async function deleteChannel(db: Db, id: string): Promise<void> {
  await db.delete(alertChannels).where(and(eq(alertChannels.id, id)));
}

export function channelConfig(row: ChannelRow, secrets: SecretBox): ChannelConfig {
  return { kind: row.kind, settings: row.settings, secret: JSON.parse(secrets.decrypt(row.secretEnc)) as Record<string, string> };
}

/** Errors name the channel, so a delivery-log line says which one failed. */
export function receiverName(row: Pick<ChannelRow, 'name' | 'kind'>): string {
  return `alert channel "${row.name}" (${row.kind})`;
}
