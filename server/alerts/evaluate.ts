/**
 * Evaluation, pure: what the console already sampled (connector listings from the connector watch, consumer-group
 * metrics from the offset sampler, broker metadata) against the rules gives the set of alerts whose condition
 * holds now, each under its dedupe key (rule id + resource). lifecycle.ts turns that into firing/resolved.
 */
import type { ConnectorListing } from '../connect/types';
import type { GroupMetrics } from '../metrics/history';
import type { AlertSeverity } from '../db/tables';
import { globMatches } from './glob';
import type { AlertCondition } from './schema';

export interface Observations {
  /** Per Connect cluster: its listings, or an error when it did not answer (nothing is judged then). */
  connect: { connectId: string; listings?: ConnectorListing[] }[];
  /** Per Kafka cluster: the sampler's latest group metrics. */
  kafka: { kafkaId: string; groups?: GroupMetrics[]; brokers?: { online: number; expected: number } }[];
}

export interface RuleForEvaluation {
  id: string;
  name: string;
  condition: AlertCondition;
  severity: AlertSeverity;
}

/** One alert whose condition holds now. */
export interface Holding {
  key: string;
  ruleId: string;
  resource: string;
  clusterId: string;
  summary: string;
  details: Record<string, unknown>;
}

export function alertKey(ruleId: string, resource: string): string {
  return `${ruleId}:${resource}`;
}

/** The first line of a Java stack trace: the exception and its message, which is what a person needs first. */
export function firstLine(trace: string | undefined): string {
  return (trace ?? '').split('\n')[0]!.trim().slice(0, 500);
}

export function evaluateRule(rule: RuleForEvaluation, observed: Observations): Holding[] {
  const condition = rule.condition;
  const holding: Holding[] = [];
  const add = (clusterId: string, resource: string, summary: string, details: Record<string, unknown>) =>
    holding.push({ key: alertKey(rule.id, `${clusterId}/${resource}`), ruleId: rule.id, resource: `${clusterId}/${resource}`, clusterId, summary, details });
  switch (condition.kind) {
    case 'connector-failed':
    case 'connector-not-running':
      for (const cluster of observed.connect) {
        if (!cluster.listings || (condition.connect && !globMatches(condition.connect, cluster.connectId))) continue;
        for (const listing of cluster.listings) {
          if (!globMatches(condition.name, listing.name)) continue;
          const found = condition.kind === 'connector-failed' ? connectorFailure(listing) : notRunning(listing);
          if (found) add(cluster.connectId, listing.name, found.summary, { connector: listing.name, ...found.details });
        }
      }
      break;
    case 'lag-status':
    case 'lag-above':
      for (const cluster of observed.kafka) {
        if (!cluster.groups || (condition.kafka && !globMatches(condition.kafka, cluster.kafkaId))) continue;
        for (const group of cluster.groups) {
          if (!globMatches(condition.name, group.groupId)) continue;
          if (condition.kind === 'lag-status' && condition.statuses.includes(group.status)) {
            add(cluster.kafkaId, group.groupId, `Consumer group ${group.groupId} lag status ${group.status} (lag ${group.lag ?? 'unknown'})`, { group: group.groupId, status: group.status, lag: group.lag });
          }
          if (condition.kind === 'lag-above' && group.lag !== null && group.lag > condition.threshold) {
            add(cluster.kafkaId, group.groupId, `Consumer group ${group.groupId} lag ${group.lag} above ${condition.threshold}`, { group: group.groupId, lag: group.lag, threshold: condition.threshold });
          }
        }
      }
      break;
    case 'broker-offline':
      for (const cluster of observed.kafka) {
        if (!cluster.brokers || (condition.kafka && !globMatches(condition.kafka, cluster.kafkaId))) continue;
        const { online, expected } = cluster.brokers;
        if (online < expected) add(cluster.kafkaId, 'brokers', `${expected - online} of ${expected} brokers of ${cluster.kafkaId} offline`, { online, expected });
      }
      break;
  }
  return holding;
}

function connectorFailure(listing: ConnectorListing): { summary: string; details: Record<string, unknown> } | undefined {
  const status = listing.status;
  if (!status) return undefined;
  const failedTasks = status.tasks.filter((task) => task.state === 'FAILED');
  if (status.connector.state === 'FAILED') {
    const error = firstLine(status.connector.trace);
    return { summary: `Connector ${listing.name} FAILED: ${error}`, details: { state: 'FAILED', error, worker: status.connector.workerId } };
  }
  if (failedTasks.length === 0) return undefined;
  const first = failedTasks[0]!;
  const error = firstLine(first.trace);
  const tasks = failedTasks.map((task) => task.id);
  return {
    summary: `Connector ${listing.name} task ${tasks.join(', ')} FAILED: ${error}`,
    details: { state: status.connector.state, failedTasks: tasks, task: first.id, error, worker: first.workerId },
  };
}

/** Not RUNNING and not put there by a person (PAUSED, STOPPED): UNASSIGNED, or a worker gone, or FAILED. */
function notRunning(listing: ConnectorListing): { summary: string; details: Record<string, unknown> } | undefined {
  const state = listing.status?.connector.state;
  if (!state || ['RUNNING', 'PAUSED', 'STOPPED'].includes(state)) return undefined;
  return { summary: `Connector ${listing.name} is ${state}`, details: { state } };
}
