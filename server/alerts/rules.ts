/** Rules, subscriptions, current alerts and silences in the database, checked against who asks. */
import { and, desc, eq, gt, inArray, ne } from 'drizzle-orm';
import type { Principal } from '../auth/principal';
import { grantCoversCluster, grantHolds, PERMISSIONS } from '../auth/permissions';
import { getConnectCluster, getKafkaCluster } from '../clusters/registry';
import type { Db } from '../db';
import { alertChannels, alertEvents, alertRules, alertSilences, alertStates, alertSubscriptions } from '../db/tables';
import { ApiError } from '../http/errors';
import { globMatches } from './glob';
import { CONNECT_CONDITION_KINDS, type AlertCondition, type CreateRule } from './schema';

type RuleRow = typeof alertRules.$inferSelect;

/** The user a request acts for: a token acts for the user who made it. */
export function actingUserId(principal: Principal): string | null {
  return principal.kind === 'user' ? principal.id : principal.createdBy;
}

export function isAlertAdmin(principal: Principal): boolean {
  return grantHolds(principal, PERMISSIONS.alertManage);
}

function clusterOf(condition: AlertCondition): { kind: 'connect' | 'kafka'; id: string | undefined } {
  return (CONNECT_CONDITION_KINDS as readonly string[]).includes(condition.kind)
    ? { kind: 'connect', id: (condition as { connect?: string }).connect }
    : { kind: 'kafka', id: (condition as { kafka?: string }).kafka };
}

/** A rule is readable when its cluster is; a rule over every cluster only by an unscoped grant. */
export function ruleReadable(principal: Principal, condition: AlertCondition): boolean {
  const { kind, id } = clusterOf(condition);
  if (id === undefined || /[*?]/.test(id)) return principal.clusters === null;
  return grantCoversCluster(principal, kind, id);
}

/** Checks what a new rule names: its cluster exists and the caller may reach it, its channels exist and are usable. */
export async function checkRule(db: Db, principal: Principal, input: CreateRule): Promise<void> {
  const { kind, id } = clusterOf(input.condition);
  const field = `condition.${kind}`;
  if (id !== undefined && !/[*?]/.test(id)) {
    const exists = kind === 'connect' ? await getConnectCluster(db, id) : await getKafkaCluster(db, id);
    if (!exists) throw ApiError.badRequest(`No ${kind === 'connect' ? 'Connect' : 'Kafka'} cluster "${id}" is registered`, field);
  }
  if (!ruleReadable(principal, input.condition)) throw ApiError.forbidden(`A rule over ${id ?? 'every cluster'} reaches clusters outside your grant`);
  await checkChannels(db, principal, input.channels, 'channels', true);
}

/** Channels must exist; a rule may use shared channels and the caller's own, a subscription only the caller's own. */
export async function checkChannels(db: Db, principal: Principal, ids: string[], field: string, sharedAllowed: boolean): Promise<void> {
  if (ids.length === 0) return;
  const rows = await db.select().from(alertChannels).where(inArray(alertChannels.id, ids));
  const userId = actingUserId(principal);
  for (const [index, id] of ids.entries()) {
    const row = rows.find((r) => r.id === id);
    const usable = row && (row.ownerId === null ? sharedAllowed : row.ownerId === userId);
    if (!usable) throw ApiError.badRequest(`Alert channel "${id}" does not exist or is not ${sharedAllowed ? 'shared or yours' : 'yours'}`, `${field}.${index}`);
  }
}

export async function createRule(db: Db, input: CreateRule, createdBy: string): Promise<string> {
  const [row] = await db
    .insert(alertRules)
    .values({
      name: input.name,
      condition: input.condition as Record<string, unknown>,
      channelIds: input.channels,
      forSeconds: input.forSeconds,
      severity: input.severity,
      reminderSeconds: input.reminderSeconds ?? null,
      minIntervalSeconds: input.minIntervalSeconds,
      enabled: input.enabled,
      createdBy,
    })
    .returning({ id: alertRules.id });
  return row!.id;
}

/** The stored rule as the create input it would have been: what a PATCH is merged onto. */
export function ruleInput(row: RuleRow): CreateRule {
  return {
    name: row.name,
    condition: row.condition as AlertCondition,
    channels: row.channelIds,
    forSeconds: row.forSeconds,
    severity: row.severity,
    reminderSeconds: row.reminderSeconds,
    minIntervalSeconds: row.minIntervalSeconds,
    enabled: row.enabled,
  };
}

/**
 * Replaces a rule's settings. A different condition judges different things: the alerts of the old one (pending
 * or firing) are dropped so they neither hang on nor resolve against readings of the new one. Returns whether it did.
 */
export async function updateRule(db: Db, row: RuleRow, input: CreateRule): Promise<{ conditionChanged: boolean }> {
  const conditionChanged = JSON.stringify(row.condition) !== JSON.stringify(input.condition);
  await db
    .update(alertRules)
    .set({
      name: input.name,
      condition: input.condition as Record<string, unknown>,
      channelIds: input.channels,
      forSeconds: input.forSeconds,
      severity: input.severity,
      reminderSeconds: input.reminderSeconds ?? null,
      minIntervalSeconds: input.minIntervalSeconds,
      enabled: input.enabled,
    })
    .where(eq(alertRules.id, row.id));
  if (conditionChanged) await db.delete(alertStates).where(and(eq(alertStates.ruleId, row.id), ne(alertStates.state, 'resolved')));
  return { conditionChanged };
}

export async function readableRule(db: Db, principal: Principal, id: string): Promise<RuleRow> {
  const [row] = await db.select().from(alertRules).where(eq(alertRules.id, id));
  if (!row || !ruleReadable(principal, row.condition as AlertCondition)) throw ApiError.notFound(`Alert rule "${id}" does not exist`);
  return row;
}

export async function listRules(db: Db, principal: Principal) {
  const rules = (await db.select().from(alertRules).orderBy(alertRules.name)).filter((rule) => ruleReadable(principal, rule.condition as AlertCondition));
  const firing = await db.select({ ruleId: alertStates.ruleId }).from(alertStates).where(eq(alertStates.state, 'firing'));
  const userId = actingUserId(principal);
  const mine = userId ? await db.select().from(alertSubscriptions).where(eq(alertSubscriptions.userId, userId)) : [];
  return rules.map((rule) => {
    const subscription = mine.find((s) => s.ruleId === rule.id);
    return {
      id: rule.id,
      name: rule.name,
      condition: rule.condition,
      channels: rule.channelIds,
      forSeconds: rule.forSeconds,
      severity: rule.severity,
      reminderSeconds: rule.reminderSeconds,
      minIntervalSeconds: rule.minIntervalSeconds,
      enabled: rule.enabled,
      builtin: rule.builtin,
      firing: firing.filter((f) => f.ruleId === rule.id).length,
      subscribed: subscription?.channelIds ?? [],
      mutedUntil: subscription?.mutedUntil?.toISOString() ?? null,
    };
  });
}

/** Alerts not resolved (pending and firing), of rules the caller may read. */
export async function listAlerts(db: Db, principal: Principal, now = Date.now()) {
  const rows = await db
    .select({ state: alertStates, rule: alertRules })
    .from(alertStates)
    .innerJoin(alertRules, eq(alertRules.id, alertStates.ruleId))
    .where(ne(alertStates.state, 'resolved'))
    .orderBy(desc(alertStates.since));
  const silences = await db.select().from(alertSilences).where(gt(alertSilences.expiresAt, new Date(now)));
  const items = rows
    .filter(({ rule }) => ruleReadable(principal, rule.condition as AlertCondition))
    .map(({ state, rule }) => ({
      key: state.key,
      ruleId: rule.id,
      ruleName: rule.name,
      resource: state.resource,
      clusterId: state.clusterId,
      state: state.state,
      severity: rule.severity,
      summary: state.summary,
      since: state.since.toISOString(),
      firedAt: state.firedAt?.toISOString() ?? null,
      acknowledgedBy: state.acknowledgedBy,
      silenced: silences.some((s) => (s.ruleId === null || s.ruleId === rule.id) && globMatches(s.resource, state.resource)),
    }));
  return { items, firing: items.filter((item) => item.state === 'firing').length };
}

export async function listEvents(db: Db, principal: Principal, limit: number) {
  const rows = await db
    .select({ event: alertEvents, condition: alertRules.condition })
    .from(alertEvents)
    .innerJoin(alertRules, eq(alertRules.id, alertEvents.ruleId))
    .orderBy(desc(alertEvents.id))
    .limit(limit);
  return rows
    .filter(({ condition }) => ruleReadable(principal, condition as AlertCondition))
    .map(({ event }) => ({ id: event.id, at: event.at.toISOString(), key: event.key, ruleId: event.ruleId, resource: event.resource, clusterId: event.clusterId, state: event.state, severity: event.severity, summary: event.summary }));
}

export async function subscribe(db: Db, ruleId: string, userId: string, channelIds: string[], mutedUntil: Date | null): Promise<void> {
  const values = { ruleId, userId, channelIds, mutedUntil };
  await db.insert(alertSubscriptions).values(values).onConflictDoUpdate({ target: [alertSubscriptions.ruleId, alertSubscriptions.userId], set: { channelIds, mutedUntil } });
}

export async function unsubscribe(db: Db, ruleId: string, userId: string): Promise<void> {
  await db.delete(alertSubscriptions).where(and(eq(alertSubscriptions.ruleId, ruleId), eq(alertSubscriptions.userId, userId)));
}
