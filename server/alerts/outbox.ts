/**
 * Delivery from the outbox: due rows are sent by the one server holding the `alerts-outbox` lease, one at a time
 * per channel and at least `channelIntervalMs` apart (Slack takes about one message a second), retried with
 * backoff, a 429's Retry-After honoured. Every attempt goes into the delivery log. A row is marked sent after the
 * receiver answered, so a server killed in between sends it again after the restart: the dedupe key travels in
 * the body and the X-Connectory-Dedupe-Key header, for receivers to drop the second copy.
 */
import { and, asc, desc, eq, inArray, lte } from 'drizzle-orm';
import type { Db } from '../db';
import { alertChannels, alertDeliveries, alertOutbox } from '../db/tables';
import { every, type Every } from '../jobs/every';
import type { Logger } from '../logger';
import type { SecretBox } from '../secrets/secret-box';
import { messageOf } from '../util/errors';
import { retryable, retryDelayMs } from './backoff';
import { channelConfig, receiverName, type ChannelRow } from './channels';
import { buildRequest } from './payloads';
import type { Notification } from './schema';
import { send, type SendResult } from './sender';
import { DEFAULT_ALERT_SETTINGS, type AlertSettings } from './settings';

type OutboxRow = typeof alertOutbox.$inferSelect;
const BATCH = 100;

export interface OutboxDeps {
  db: Db;
  secrets: SecretBox;
  logger: Logger;
  settings?: AlertSettings;
}

export class OutboxDispatcher {
  readonly settings: AlertSettings;
  /** Per channel: no request before this time (the rate limit, and a 429's Retry-After). */
  readonly #notBefore = new Map<string, number>();
  #loop: Every | undefined;
  #running: Promise<number> | undefined;

  constructor(private readonly deps: OutboxDeps) {
    this.settings = deps.settings ?? DEFAULT_ALERT_SETTINGS;
  }

  start(): void {
    this.#loop ??= every(this.settings.outboxPollMs, async () => void (await this.drain()), (error) =>
      this.deps.logger.error({ err: error }, `alert outbox: ${error.message}`),
    );
  }

  async stop(): Promise<void> {
    const loop = this.#loop;
    this.#loop = undefined;
    await loop?.stop();
    await this.#running?.catch(() => {});
  }

  /** Sends what is due now; returns how many rows were tried. A drain already running is joined. */
  drain(): Promise<number> {
    this.#running ??= this.#drain().finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #drain(): Promise<number> {
    const { db } = this.deps;
    const due = await db
      .select()
      .from(alertOutbox)
      .where(and(eq(alertOutbox.state, 'pending'), lte(alertOutbox.nextAt, new Date())))
      .orderBy(asc(alertOutbox.id))
      .limit(BATCH);
    const byChannel = new Map<string, OutboxRow[]>();
    for (const row of due) byChannel.set(row.channelId, [...(byChannel.get(row.channelId) ?? []), row]);
    const counts = await Promise.all([...byChannel].map(([channelId, rows]) => this.#drainChannel(channelId, rows)));
    return counts.reduce((a, b) => a + b, 0);
  }

  async #drainChannel(channelId: string, rows: OutboxRow[]): Promise<number> {
    const [channel] = await this.deps.db.select().from(alertChannels).where(eq(alertChannels.id, channelId));
    let tried = 0;
    for (const row of rows) {
      if (!channel) {
        await this.#record(row, { status: null, body: '', ok: false, error: `alert channel ${channelId} was deleted`, durationMs: 0 }, true);
        continue;
      }
      const wait = (this.#notBefore.get(channelId) ?? 0) - Date.now();
      // a long wait (Retry-After) is left to a later drain rather than holding this one
      if (wait > this.settings.channelIntervalMs) break;
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const sent = await this.#sendRow(channel, row);
      if (sent === 'later') continue;
      tried++;
      this.#notBefore.set(channelId, Date.now() + Math.max(this.settings.channelIntervalMs, sent.retryAfterMs ?? 0));
      if (!sent.ok) break;
    }
    return tried;
  }

  async #sendRow(channel: ChannelRow, row: OutboxRow): Promise<SendResult | 'later'> {
    const notification = row.payload as unknown as Notification;
    let issueKey: string | undefined;
    if ((channel.kind === 'jira-cloud' || channel.kind === 'jira-server') && row.alertKey && notification.state !== 'firing') {
      const opened = await this.#openedIssue(channel.id, row);
      if (opened === 'pending') return 'later';
      issueKey = opened;
    }
    let result: SendResult;
    try {
      const request = buildRequest(channelConfig(channel, this.deps.secrets), notification, Math.floor(Date.now() / 1000), issueKey);
      result = await send(request, this.settings.sendTimeoutMs, receiverName(channel));
    } catch (error) {
      result = { status: null, body: '', ok: false, error: `${receiverName(channel)}: ${messageOf(error)}`, durationMs: 0 };
    }
    await this.#record(row, result, false);
    return result;
  }

  /** The Jira issue this alert's firing opened on the channel; 'pending' while that firing is still to be sent. */
  async #openedIssue(channelId: string, row: OutboxRow): Promise<string | undefined | 'pending'> {
    const earlier = await this.deps.db
      .select({ state: alertOutbox.state, reference: alertOutbox.reference, id: alertOutbox.id })
      .from(alertOutbox)
      .where(and(eq(alertOutbox.channelId, channelId), eq(alertOutbox.alertKey, row.alertKey!), lte(alertOutbox.id, row.id - 1)))
      .orderBy(desc(alertOutbox.id));
    const opened = earlier.find((e) => e.reference !== null);
    if (opened) return opened.reference!;
    return earlier.some((e) => e.state === 'pending') ? 'pending' : undefined;
  }

  async #record(row: OutboxRow, result: SendResult, final: boolean): Promise<void> {
    const { db } = this.deps;
    const attempts = row.attempts + 1;
    const giveUp = final || !retryable(result.status) || attempts >= this.settings.backoff.maxAttempts;
    await db.transaction(async (tx) => {
      await tx.insert(alertDeliveries).values({ outboxId: row.id, channelId: row.channelId, status: result.status, error: result.error ?? null, durationMs: result.durationMs });
      if (result.ok) {
        await tx.update(alertOutbox).set({ state: 'sent', attempts, sentAt: new Date(), lastError: null, reference: result.reference ?? null }).where(eq(alertOutbox.id, row.id));
      } else {
        const nextAt = new Date(Date.now() + retryDelayMs(attempts, this.settings.backoff, result.retryAfterMs));
        await tx.update(alertOutbox).set({ state: giveUp ? 'failed' : 'pending', attempts, nextAt, lastError: result.error ?? null }).where(eq(alertOutbox.id, row.id));
      }
    });
    if (!result.ok) this.deps.logger.warn({ outboxId: row.id, attempts, giveUp }, `alert delivery failed: ${result.error}`);
  }
}

/** The delivery log: every attempt, newest first. */
export async function deliveryLog(db: Db, channelIds: string[] | null, limit: number) {
  if (channelIds?.length === 0) return [];
  const rows = await db
    .select({ delivery: alertDeliveries, dedupeKey: alertOutbox.dedupeKey })
    .from(alertDeliveries)
    .innerJoin(alertOutbox, eq(alertOutbox.id, alertDeliveries.outboxId))
    .where(channelIds === null ? undefined : inArray(alertDeliveries.channelId, channelIds))
    .orderBy(desc(alertDeliveries.id))
    .limit(limit);
  return rows.map(({ delivery, dedupeKey }) => ({ ...delivery, at: delivery.at.toISOString(), dedupeKey }));
}
