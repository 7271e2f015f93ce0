/**
 * Alerts: channels (Slack, Jira Cloud/Server, webhooks), rules evaluated on what the console already samples, an
 * alert lifecycle with dedupe, silences and flap damping, and delivery through an outbox in PostgreSQL.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { alertRules, type AlertSeverity } from '../db/tables';
import { queue, routeChannels } from './engine';
import { globMatches } from './glob';
import type { AlertCondition, Notification } from './schema';

export { AlertEvaluator } from './evaluator';
export { OutboxDispatcher } from './outbox';
export { alertSettingsFromEnv, DEFAULT_ALERT_SETTINGS, type AlertSettings } from './settings';
export { verifySignature, sign, SIGNATURE_HEADER, TIMESTAMP_HEADER, DEDUPE_HEADER } from './signature';

export interface ConnectorEvent {
  connectId: string;
  connector: string;
  /** What happened, one line: "auto-restarted (2 of 5)", "gave up after 5 restarts". */
  text: string;
  /** Unique per event (e.g. `auto-restart:local/orders:3`): the same key queued twice is sent once. */
  dedupeKey: string;
  severity?: AlertSeverity;
  details?: Record<string, unknown>;
  /** Link back into the console. */
  url?: string;
}

/**
 * The hook for other domains (auto-restart): sends `text` through the outbox to the channels (and subscribers)
 * of every enabled `connector-failed` rule whose scope matches the connector. Returns how many notifications
 * were queued (0 when no rule routes it anywhere).
 */
export async function notifyConnectorEvent(db: Db, event: ConnectorEvent, now = Date.now()): Promise<number> {
  const rules = await db.select().from(alertRules).where(eq(alertRules.enabled, true));
  let queued = 0;
  for (const rule of rules) {
    const condition = rule.condition as AlertCondition;
    if (condition.kind !== 'connector-failed') continue;
    if ((condition.connect && !globMatches(condition.connect, event.connectId)) || !globMatches(condition.name, event.connector)) continue;
    const resource = `${event.connectId}/${event.connector}`;
    const notification: Notification = {
      schema: 'connectory.alert/v1',
      dedupeKey: `${rule.id}:${event.dedupeKey}`,
      alertKey: `${rule.id}:${resource}`,
      state: 'event',
      severity: event.severity ?? 'info',
      rule: { id: rule.id, name: rule.name },
      cluster: event.connectId,
      resource,
      summary: `Connector ${event.connector}: ${event.text}`,
      details: { connector: event.connector, ...event.details },
      since: new Date(now).toISOString(),
      url: event.url ?? null,
    };
    queued += await queue(db, await routeChannels(db, rule, now), notification);
  }
  return queued;
}
