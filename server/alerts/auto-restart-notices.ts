/**
 * Auto-restart's events as notifications: "auto-restarted (2 of 5)", "gave up after 5" and "running again" go to
 * whoever a `connector-failed` rule for that connector pages. The events fire inside the connector watch's pass,
 * so each is only queued here (the outbox sends it) and a failure to queue is logged, never thrown back.
 */
import type { Db } from '../db';
import type { Logger } from '../logger';
import {
  autoRestartEvents,
  type AutoRestartedEvent,
  type AutoRestartEvents,
  type AutoRestartGaveUpEvent,
  type AutoRestartRecoveredEvent,
} from '../connectors/auto-restart/events';
import { notifyConnectorEvent, type ConnectorEvent } from './index';

export function routeAutoRestartNotices(db: Db, logger: Logger, events: AutoRestartEvents = autoRestartEvents): () => void {
  const send = (event: ConnectorEvent) => {
    notifyConnectorEvent(db, event).catch((error: Error) =>
      logger.error({ err: error, connectId: event.connectId, connector: event.connector }, `alerts: could not queue "${event.text}": ${error.message}`),
    );
  };
  const key = (kind: string, e: { connectId: string; connector: string; at: Date }, n: number) => `auto-restart:${e.connectId}/${e.connector}:${kind}:${n}:${e.at.getTime()}`;
  const onRestarted = (e: AutoRestartedEvent) =>
    send({ connectId: e.connectId, connector: e.connector, text: e.text, dedupeKey: key('restarted', e, e.attempt), severity: 'warning', details: { attempt: e.attempt, max: e.max, failedTasks: e.failedTasks } });
  const onGaveUp = (e: AutoRestartGaveUpEvent) =>
    send({ connectId: e.connectId, connector: e.connector, text: e.text, dedupeKey: key('gave-up', e, e.restarts), severity: 'critical', details: { restarts: e.restarts, max: e.max } });
  const onRecovered = (e: AutoRestartRecoveredEvent) =>
    send({ connectId: e.connectId, connector: e.connector, text: e.text, dedupeKey: key('recovered', e, e.restarts), severity: 'info', details: { restarts: e.restarts } });
  events.on('restarted', onRestarted);
  events.on('gave-up', onGaveUp);
  events.on('recovered', onRecovered);
  return () => {
    events.off('restarted', onRestarted);
    events.off('gave-up', onGaveUp);
    events.off('recovered', onRecovered);
  };
}
