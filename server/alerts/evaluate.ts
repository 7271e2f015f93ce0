/**
 * Evaluation, pure: what the console already sampled (connector listings from the connector watch, consumer-group
 * metrics from the offset sampler, broker metadata) against the rules gives the set of alerts whose condition
 * holds now, each under its dedupe key (rule id + resource). lifecycle.ts turns that into firing/resolved.
 */
import type { ConnectorListing } from '../connect/types';
import type { GroupMetrics } from '../metrics/history';
import type { AlertSeverity } from '../db/tables';
import { globMatcher, globMatches } from './glob';
import type { AlertCondition } from './schema';

export interface Observations {
  /** Per Connect cluster: its listings, or an error when it did not answer (nothing is judged then). */
  connect: ConnectObservation[];
  /** Per Kafka cluster: the sampler's latest group metrics, and the health reader's partitions and log dirs. */
  kafka: KafkaObservation[];
}

export interface ConnectObservation {
  connectId: string;
  listings?: ConnectorListing[];
  /** Plugins lined up across the workers that answered (server/connect/plugins.ts); absent when not read. */
  plugins?: { class: string; versions: string[]; workers: string[]; onEveryWorker: boolean }[];
  /** Each plugin agent that answered: the node's disk where plugins live. */
  agents?: { worker: string; disk: { path: string; totalBytes: number; freeBytes: number } }[];
  /** The latest finished install operation per plugin. */
  installs?: { plugin: string; operationId: string; kind: string; state: string; error: string | null }[];
}

export interface KafkaObservation {
  kafkaId: string;
  groups?: GroupMetrics[];
  brokers?: { online: number; expected: number };
  /** Topics with an offline or under-replicated partition (healthy topics are left out); absent when not read. */
  partitions?: { topic: string; offline: number[]; underReplicated: number[] }[];
  /** Every log dir of every broker that answered, with its volume's size (null before Kafka 3.3). */
  logDirs?: { broker: number; path: string; totalBytes: number | null; usableBytes: number | null }[];
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
  const nameMatches = globMatcher('name' in condition ? condition.name : undefined);
  const add = (clusterId: string, resource: string, summary: string, details: Record<string, unknown>) =>
    holding.push({ key: alertKey(rule.id, `${clusterId}/${resource}`), ruleId: rule.id, resource: `${clusterId}/${resource}`, clusterId, summary, details });
  switch (condition.kind) {
    case 'connector-failed':
    case 'connector-not-running':
      for (const cluster of observed.connect) {
        if (!cluster.listings || (condition.connect && !globMatches(condition.connect, cluster.connectId))) continue;
        for (const listing of cluster.listings) {
          if (!nameMatches(listing.name)) continue;
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
          if (!nameMatches(group.groupId)) continue;
          if (condition.kind === 'lag-status' && condition.statuses.includes(group.status)) {
            add(cluster.kafkaId, group.groupId, `Consumer group ${group.groupId} lag status ${group.status} (lag ${group.lag ?? 'unknown'})`, { group: group.groupId, status: group.status, lag: group.lag });
          }
          if (condition.kind === 'lag-above' && group.lag !== null && group.lag > condition.threshold) {
            add(cluster.kafkaId, group.groupId, `Consumer group ${group.groupId} lag ${group.lag} above ${condition.threshold}`, { group: group.groupId, lag: group.lag, threshold: condition.threshold });
          }
        }
      }
      break;
    case 'consumed-rate-below':
      for (const cluster of kafkaClusters(observed, condition.kafka, 'groups')) {
        for (const group of cluster.groups!) {
          // no rate yet (a single sample) is not "quiet"
          if (!nameMatches(group.groupId) || group.cmps === null || group.cmps >= condition.floor) continue;
          add(cluster.kafkaId, group.groupId, `Consumer group ${group.groupId} consumes ${round(group.cmps)} messages/s, below ${condition.floor}`, { group: group.groupId, cmps: group.cmps, floor: condition.floor });
        }
      }
      break;
    case 'partitions-offline':
    case 'partitions-under-replicated':
      for (const cluster of kafkaClusters(observed, condition.kafka, 'partitions')) {
        for (const topic of cluster.partitions!) {
          const bad = condition.kind === 'partitions-offline' ? topic.offline : topic.underReplicated;
          if (bad.length === 0 || !nameMatches(topic.topic)) continue;
          const what = condition.kind === 'partitions-offline' ? 'offline (no leader)' : 'under-replicated';
          add(cluster.kafkaId, `topics/${topic.topic}`, `Topic ${topic.topic}: ${bad.length} partition${bad.length === 1 ? '' : 's'} ${what} (${bad.slice(0, 10).join(', ')}${bad.length > 10 ? ', …' : ''})`, { topic: topic.topic, partitions: bad });
        }
      }
      break;
    case 'broker-disk-above':
      for (const cluster of kafkaClusters(observed, condition.kafka, 'logDirs')) {
        for (const dir of cluster.logDirs!) {
          if (dir.totalBytes === null || dir.usableBytes === null || dir.totalBytes === 0) continue;
          const used = usedPercent(dir.totalBytes, dir.usableBytes);
          if (used <= condition.percent) continue;
          add(cluster.kafkaId, `brokers/${dir.broker}:${dir.path}`, `Broker ${dir.broker} log dir ${dir.path} is ${round(used)}% full (above ${condition.percent}%)`, { broker: dir.broker, path: dir.path, usedPercent: round(used), percent: condition.percent });
        }
      }
      break;
    case 'agent-disk-above':
      for (const cluster of connectClusters(observed, condition.connect, 'agents')) {
        for (const agent of cluster.agents!) {
          if (agent.disk.totalBytes === 0) continue;
          const used = usedPercent(agent.disk.totalBytes, agent.disk.freeBytes);
          if (used <= condition.percent) continue;
          add(cluster.connectId, `agents/${agent.worker}`, `Node of worker ${agent.worker}: disk ${agent.disk.path} is ${round(used)}% full (above ${condition.percent}%)`, { worker: agent.worker, path: agent.disk.path, usedPercent: round(used), percent: condition.percent });
        }
      }
      break;
    case 'plugin-drift':
      for (const cluster of connectClusters(observed, condition.connect, 'plugins')) {
        for (const plugin of cluster.plugins!) {
          if ((plugin.onEveryWorker && plugin.versions.length <= 1) || !nameMatches(plugin.class)) continue;
          const why = plugin.onEveryWorker ? `versions differ between workers (${plugin.versions.join(', ')})` : `only on ${plugin.workers.join(', ')}`;
          add(cluster.connectId, `plugins/${plugin.class}`, `Plugin ${plugin.class} drifts on ${cluster.connectId}: ${why}`, { plugin: plugin.class, versions: plugin.versions, workers: plugin.workers });
        }
      }
      break;
    case 'install-failed':
      for (const cluster of connectClusters(observed, condition.connect, 'installs')) {
        for (const op of cluster.installs!) {
          if ((op.state !== 'failed' && op.state !== 'rolled_back') || !nameMatches(op.plugin)) continue;
          const error = firstLine(op.error ?? undefined);
          add(cluster.connectId, `installs/${op.plugin}`, `${capitalize(op.kind)} of plugin ${op.plugin} on ${cluster.connectId} ${op.state === 'failed' ? 'failed' : 'failed and was rolled back'}${error ? `: ${error}` : ''}`, { plugin: op.plugin, operationId: op.operationId, state: op.state, error });
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

const round = (n: number) => Math.round(n * 10) / 10;
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
/** What `df` shows: used against what an unprivileged process may use. */
const usedPercent = (total: number, free: number) => (100 * (total - free)) / total;

function kafkaClusters(observed: Observations, scope: string | undefined, needs: keyof KafkaObservation): KafkaObservation[] {
  return observed.kafka.filter((cluster) => cluster[needs] !== undefined && (!scope || globMatches(scope, cluster.kafkaId)));
}

function connectClusters(observed: Observations, scope: string | undefined, needs: keyof ConnectObservation): ConnectObservation[] {
  return observed.connect.filter((cluster) => cluster[needs] !== undefined && (!scope || globMatches(scope, cluster.connectId)));
}

/** What each condition reads: a cluster whose reading is absent this cycle is not judged (its alerts stay as they are). */
const NEEDS: Record<AlertCondition['kind'], { side: 'connect'; field: keyof ConnectObservation } | { side: 'kafka'; field: keyof KafkaObservation }> = {
  'connector-failed': { side: 'connect', field: 'listings' },
  'connector-not-running': { side: 'connect', field: 'listings' },
  'agent-disk-above': { side: 'connect', field: 'agents' },
  'plugin-drift': { side: 'connect', field: 'plugins' },
  'install-failed': { side: 'connect', field: 'installs' },
  'lag-status': { side: 'kafka', field: 'groups' },
  'lag-above': { side: 'kafka', field: 'groups' },
  'consumed-rate-below': { side: 'kafka', field: 'groups' },
  'broker-offline': { side: 'kafka', field: 'brokers' },
  'partitions-offline': { side: 'kafka', field: 'partitions' },
  'partitions-under-replicated': { side: 'kafka', field: 'partitions' },
  'broker-disk-above': { side: 'kafka', field: 'logDirs' },
};

/** The clusters this cycle judged for a condition: an alert of a cluster outside it neither fires nor resolves. */
export function judgedClusters(kind: AlertCondition['kind'], observed: Observations): Set<string> {
  const need = NEEDS[kind];
  if (need.side === 'connect') return new Set(observed.connect.filter((c) => c[need.field] !== undefined).map((c) => c.connectId));
  return new Set(observed.kafka.filter((k) => k[need.field] !== undefined).map((k) => k.kafkaId));
}

/** What an evaluation cycle must read for these rules: readings no rule needs are not taken. */
export function readingsNeeded(kinds: Iterable<AlertCondition['kind']>): Set<string> {
  return new Set([...kinds].map((kind) => NEEDS[kind].field));
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
