/**
 * One evaluation cycle against the database: every enabled rule against what was observed, each alert stepped
 * (lifecycle.ts), and each change written with its history event and its outbox rows in one transaction, so a
 * notification is queued exactly when its alert changes. Only alerts of clusters that answered are judged: a
 * Connect cluster that did not answer resolves nothing.
 */
import { and, eq, gt, inArray, isNull, lte, or } from 'drizzle-orm';
import type { Db } from '../db';
import { alertEvents, alertOutbox, alertRules, alertSilences, alertStates, alertSubscriptions, type AlertSeverity } from '../db/tables';
import { evaluateRule, judgedClusters, type Holding, type Observations } from './evaluate';
import { globMatches } from './glob';
import { dedupeKey, step, type AlertStep, type NotificationKind } from './lifecycle';
import type { AlertCondition, Notification } from './schema';

type RuleRow = typeof alertRules.$inferSelect;
type StateRow = typeof alertStates.$inferSelect;

export interface EvaluationResult {
  changed: number;
  queued: number;
}

export async function evaluateAll(db: Db, observed: Observations, now: number, consoleUrl?: string): Promise<EvaluationResult> {
  const rules = await db.select().from(alertRules).where(eq(alertRules.enabled, true));
  if (rules.length === 0) return { changed: 0, queued: 0 };
  const states = await db.select().from(alertStates).where(inArray(alertStates.ruleId, rules.map((rule) => rule.id)));
  const byKey = new Map(states.map((state) => [state.key, state]));
  const byRule = new Map<string, StateRow[]>();
  for (const state of states) byRule.set(state.ruleId, [...(byRule.get(state.ruleId) ?? []), state]);
  const result: EvaluationResult = { changed: 0, queued: 0 };
  for (const rule of rules) {
    const condition = rule.condition as AlertCondition;
    const holding = new Map(evaluateRule({ id: rule.id, name: rule.name, condition, severity: rule.severity }, observed).map((h) => [h.key, h]));
    const seen = judgedClusters(condition.kind, observed);
    const keys = new Set(holding.keys());
    for (const state of byRule.get(rule.id) ?? []) if (state.state !== 'resolved' && state.clusterId && seen.has(state.clusterId)) keys.add(state.key);
    for (const key of keys) {
      const previous = byKey.get(key);
      const now_ = holding.get(key);
      const next = step(previous && toStep(previous), now_ !== undefined, now, rule, previous?.acknowledgedAt != null);
      if (!next) continue;
      result.changed++;
      result.queued += await writeChange(db, rule, key, previous, now_, next.next, next.notify, now, consoleUrl);
    }
  }
  return result;
}

function toStep(row: StateRow): AlertStep {
  return {
    state: row.state,
    since: row.since.getTime(),
    firedAt: row.firedAt?.getTime() ?? null,
    resolvedAt: row.resolvedAt?.getTime() ?? null,
    lastNotifiedAt: row.lastNotifiedAt?.getTime() ?? null,
    episode: row.episode,
  };
}

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

async function writeChange(
  db: Db,
  rule: RuleRow,
  key: string,
  previous: StateRow | undefined,
  holding: Holding | undefined,
  next: AlertStep,
  notify: NotificationKind | undefined,
  now: number,
  consoleUrl: string | undefined,
): Promise<number> {
  const resource = holding?.resource ?? previous!.resource;
  const clusterId = holding?.clusterId ?? previous?.clusterId ?? null;
  const summary = notify === 'resolved' ? `Resolved: ${previous?.summary ?? resource}` : (holding?.summary ?? previous!.summary);
  const details = holding?.details ?? previous?.details ?? {};
  return db.transaction(async (tx) => {
    const values = {
      key,
      ruleId: rule.id,
      resource,
      clusterId,
      state: next.state,
      since: new Date(next.since),
      firedAt: date(next.firedAt),
      resolvedAt: date(next.resolvedAt),
      lastNotifiedAt: date(next.lastNotifiedAt),
      episode: next.episode,
      summary: holding?.summary ?? previous!.summary,
      details,
      // a new firing needs a new acknowledgement
      ...(notify === 'firing' ? { acknowledgedBy: null, acknowledgedAt: null } : {}),
    };
    await tx.insert(alertStates).values(values).onConflictDoUpdate({ target: alertStates.key, set: values });
    if (notify !== 'firing' && notify !== 'resolved' && notify !== 'reminder') return 0;
    if (notify !== 'reminder') {
      await tx.insert(alertEvents).values({ key, ruleId: rule.id, resource, clusterId, state: notify, severity: rule.severity, summary, details, at: new Date(now) });
    }
    const silenced = await isSilenced(tx as unknown as Db, rule.id, resource, now);
    if (silenced) return 0;
    const channels = await routeChannels(tx as unknown as Db, rule, now);
    const notification: Notification = {
      schema: 'connectory.alert/v1',
      dedupeKey: dedupeKey(key, next.episode, notify, now),
      alertKey: key,
      state: notify,
      severity: rule.severity as AlertSeverity,
      rule: { id: rule.id, name: rule.name },
      cluster: clusterId,
      resource,
      summary,
      details,
      since: new Date(notify === 'resolved' ? (next.resolvedAt ?? now) : (next.firedAt ?? next.since)).toISOString(),
      url: consoleLink(consoleUrl, rule.condition as AlertCondition, clusterId, details),
    };
    return queue(tx as unknown as Db, channels, notification);
  });
}

/** Queues one notification per channel; a dedupe key already queued on a channel is not queued twice. */
export async function queue(db: Db, channelIds: string[], notification: Notification): Promise<number> {
  if (channelIds.length === 0) return 0;
  const rows = await db
    .insert(alertOutbox)
    .values(channelIds.map((channelId) => ({ channelId, dedupeKey: notification.dedupeKey, alertKey: notification.alertKey, payload: notification as unknown as Record<string, unknown> })))
    .onConflictDoNothing()
    .returning({ id: alertOutbox.id });
  return rows.length;
}

/** The rule's own channels plus every subscriber's, except subscribers who muted it for now. */
export async function routeChannels(db: Db, rule: Pick<RuleRow, 'id' | 'channelIds'>, now: number): Promise<string[]> {
  const subscriptions = await db
    .select({ channelIds: alertSubscriptions.channelIds })
    .from(alertSubscriptions)
    .where(and(eq(alertSubscriptions.ruleId, rule.id), or(isNull(alertSubscriptions.mutedUntil), lte(alertSubscriptions.mutedUntil, new Date(now)))));
  return [...new Set([...rule.channelIds, ...subscriptions.flatMap((s) => s.channelIds)])];
}

export async function isSilenced(db: Db, ruleId: string, resource: string, now: number): Promise<boolean> {
  const silences = await db.select().from(alertSilences).where(and(gt(alertSilences.expiresAt, new Date(now)), or(isNull(alertSilences.ruleId), eq(alertSilences.ruleId, ruleId))));
  return silences.some((silence) => globMatches(silence.resource, resource));
}

function consoleLink(base: string | undefined, condition: AlertCondition, clusterId: string | null, details: Record<string, unknown>): string | null {
  if (!base || !clusterId) return base ?? null;
  const enc = encodeURIComponent;
  if (typeof details.connector === 'string') return `${base}/connectors/${enc(clusterId)}/${enc(details.connector)}`;
  if (typeof details.group === 'string') return `${base}/consumer-groups/${enc(clusterId)}/${enc(details.group)}`;
  if (typeof details.topic === 'string') return `${base}/topics/${enc(clusterId)}/${enc(details.topic)}`;
  if (typeof details.broker === 'number') return `${base}/brokers/${enc(clusterId)}/${details.broker}`;
  if (typeof details.operationId === 'string') return `${base}/installs/${enc(details.operationId)}`;
  if (typeof details.plugin === 'string' || typeof details.worker === 'string') return `${base}/plugins`;
  if (condition.kind === 'broker-offline') return `${base}/brokers`;
  return `${base}/alerts`;
}
