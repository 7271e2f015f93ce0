/**
 * Registered schema registries: stored with their credentials encrypted, shown with them masked, and one client
 * per registration (rebuilt when the registration changes).
 */
import { asc, eq } from 'drizzle-orm';
import type { Principal } from '../auth/principal';
import { assertClusterAccess } from '../auth/authorize';
import type { Db } from '../db';
import { kafkaClusters, schemaRegistries, type ConnectAuthSettings } from '../db/tables';
import { ApiError } from '../http/errors';
import { SECRET_MASK } from '../secrets/masking';
import type { SecretBox } from '../secrets/secret-box';
import { SchemaRegistryClient } from './client';
import type { SchemaRegistryInput } from './schema';

export type SchemaRegistryRow = typeof schemaRegistries.$inferSelect;

export interface RegistryDeps {
  db: Db;
  secrets: SecretBox;
  clients: RegistryClients;
}

export function toView(row: SchemaRegistryRow) {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    kafkaClusterId: row.kafkaClusterId,
    auth: !row.auth
      ? null
      : row.auth.kind === 'basic'
        ? { kind: 'basic' as const, username: row.auth.username, password: SECRET_MASK }
        : { kind: 'bearer' as const, token: SECRET_MASK },
    tls: row.tls ? { caPem: row.tls.caPem ?? null, rejectUnauthorized: row.tls.rejectUnauthorized ?? true } : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listRegistries(db: Db): Promise<SchemaRegistryRow[]> {
  return db.select().from(schemaRegistries).orderBy(asc(schemaRegistries.id));
}

/** A scoped caller sees a registry only through the Kafka cluster it is linked to; an unlinked one only unscoped callers. */
export function canSee(principal: Principal, row: SchemaRegistryRow): boolean {
  try {
    assertAccess(principal, row);
    return true;
  } catch {
    return false;
  }
}

function assertAccess(principal: Principal, row: SchemaRegistryRow): void {
  if (principal.clusters === null) return;
  if (!row.kafkaClusterId) throw ApiError.forbidden(`Schema registry "${row.id}" is linked to no Kafka cluster: only callers without a cluster scope may use it`);
  assertClusterAccess(principal, 'kafka', row.kafkaClusterId);
}

/** 404 unless registered; 403 when the caller's scope does not reach its Kafka cluster. */
export async function getRegistry(db: Db, id: string, principal?: Principal): Promise<SchemaRegistryRow> {
  const [row] = await db.select().from(schemaRegistries).where(eq(schemaRegistries.id, id));
  if (!row) throw ApiError.notFound(`Schema registry "${id}" is not registered`);
  if (principal) assertAccess(principal, row);
  return row;
}

/** The registry linked to a Kafka cluster (the first by id when several are), for decoding its topics' messages. */
export async function registryOfKafkaCluster(db: Db, kafkaId: string): Promise<SchemaRegistryRow | undefined> {
  const [row] = await db.select().from(schemaRegistries).where(eq(schemaRegistries.kafkaClusterId, kafkaId)).orderBy(asc(schemaRegistries.id)).limit(1);
  return row;
}

export async function createRegistry(db: Db, secrets: SecretBox, input: SchemaRegistryInput): Promise<SchemaRegistryRow> {
  if (input.kafkaClusterId) {
    const [cluster] = await db.select({ id: kafkaClusters.id }).from(kafkaClusters).where(eq(kafkaClusters.id, input.kafkaClusterId));
    if (!cluster) throw ApiError.badRequest(`Kafka cluster "${input.kafkaClusterId}" is not registered`, 'kafkaClusterId');
  }
  if (input.auth?.kind === 'basic' && input.auth.password === SECRET_MASK) throw ApiError.badRequest('Send the real password, not the mask', 'auth.password');
  if (input.auth?.kind === 'bearer' && input.auth.token === SECRET_MASK) throw ApiError.badRequest('Send the real token, not the mask', 'auth.token');
  const auth: ConnectAuthSettings | null = !input.auth
    ? null
    : input.auth.kind === 'basic'
      ? { kind: 'basic', username: input.auth.username, passwordEnc: secrets.encrypt(input.auth.password) }
      : { kind: 'bearer', tokenEnc: secrets.encrypt(input.auth.token) };
  const tls = input.tls ? { ...(input.tls.caPem ? { caPem: input.tls.caPem } : {}), rejectUnauthorized: input.tls.rejectUnauthorized ?? true } : null;
  const [row] = await db
    .insert(schemaRegistries)
    .values({ id: input.id, name: input.name, url: input.url.replace(/\/+$/, ''), kafkaClusterId: input.kafkaClusterId ?? null, auth, tls })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new ApiError(409, 'conflict', `Schema registry "${input.id}" is already registered`, 'id');
  return row;
}

export async function deleteRegistry(db: Db, id: string): Promise<void> {
  await db.delete(schemaRegistries).where(eq(schemaRegistries.id, id));
}

/** One client per registration, replaced when its settings change (its `updatedAt`). */
export class RegistryClients {
  readonly #secrets: SecretBox;
  readonly #clients = new Map<string, { signature: string; client: SchemaRegistryClient }>();
  readonly #timeoutMs: number | undefined;

  constructor(secrets: SecretBox, timeoutMs?: number) {
    this.#secrets = secrets;
    this.#timeoutMs = timeoutMs;
  }

  get(row: SchemaRegistryRow): SchemaRegistryClient {
    const signature = `${row.url}|${row.updatedAt.getTime()}|${JSON.stringify(row.auth)}|${JSON.stringify(row.tls)}`;
    const cached = this.#clients.get(row.id);
    if (cached?.signature === signature) return cached.client;
    const client = new SchemaRegistryClient({
      registryId: row.id,
      url: row.url,
      headers: this.#authHeaders(row.auth),
      ...(row.tls ? { tls: { ...(row.tls.caPem ? { ca: row.tls.caPem } : {}), rejectUnauthorized: row.tls.rejectUnauthorized ?? true } } : {}),
      ...(this.#timeoutMs ? { timeoutMs: this.#timeoutMs } : {}),
    });
    this.#clients.set(row.id, { signature, client });
    return client;
  }

  forget(id: string): void {
    this.#clients.delete(id);
  }

  #authHeaders(auth: ConnectAuthSettings | null): Record<string, string> {
    if (!auth) return {};
    if (auth.kind === 'basic') return { Authorization: `Basic ${Buffer.from(`${auth.username}:${this.#secrets.decrypt(auth.passwordEnc)}`).toString('base64')}` };
    return { Authorization: `Bearer ${this.#secrets.decrypt(auth.tokenEnc)}` };
  }
}
