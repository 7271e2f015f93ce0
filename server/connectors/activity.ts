/**
 * What a connector is doing, read from Kafka rather than from Connect (whose REST API counts nothing):
 *
 * - a source: the log-end offsets of the topics it writes (Connect's `GET /connectors/{n}/topics`, KIP-558), and
 *   the newest record's timestamp there (KIP-734);
 * - a sink: its consumer group (`connect-<name>`, or `consumer.override.group.id`): committed offsets, lag, and
 *   per task the partitions its consumer (`connector-consumer-<name>-<task>`) owns.
 *
 * Records per second is the growth of those offsets between two readings: each call keeps one reading per
 * connector in memory (a few numbers), so the second look at the page has a rate. Log-end offsets count every
 * producer of the topic, not only this connector: for a topic the connector writes alone, they are its records.
 */
import { grantCoversCluster, type Grant } from '../auth/permissions';
import { kafkaConnectionFor } from '../clusters/clients';
import { getKafkaCluster } from '../clusters/registry';
import { askConnect } from '../connect/api-errors';
import { ConnectError } from '../connect/errors';
import type { ConnectorStatus } from '../connect/types';
import type { OpenedCluster } from '../connect/services';
import type { KafkaClient } from '../kafka/client';
import type { KafkaClients } from '../kafka/pool';
import { fetchOffsets, latestRecordTimes, partitionLeaders, partitionKey, splitPartitionKey, type PartitionKey } from '../kafka/offsets';
import { readLiveGroup } from '../consumer-groups/live';
import type { Db } from '../db';
import type { SecretBox } from '../secrets/secret-box';
import { messageOf } from '../util/errors';
import { readings, type Reading } from './activity-readings';

export interface TaskActivity {
  id: number;
  state: string;
  workerId: string;
  /** Sink tasks: partitions the task's consumer owns, with its lag over them. Null for sources (Connect does not say). */
  partitions: { topic: string; partition: number; committed: number | null; logEnd: number | null; lag: number | null }[] | null;
  lag: number | null;
}

export interface ConnectorActivity {
  connectId: string;
  name: string;
  type: 'source' | 'sink' | 'unknown';
  kafkaClusterId: string | null;
  /** When Kafka was read. */
  at: string;
  /** Null until a second reading at least a second after the first. */
  recordsPerSec: number | null;
  /** The span the rate was measured over. */
  windowMs: number | null;
  /** Records so far: sum of log-end offsets (source) or committed offsets (sink) over the connector's partitions. */
  position: number | null;
  lastRecordAt: string | null;
  /** Sinks only: the consumer group and its lag. */
  groupId: string | null;
  lag: number | null;
  topics: string[] | null;
  tasks: TaskActivity[];
  /** Why part of this is missing (no Kafka cluster linked, a broker not answering…); null when complete. */
  note: string | null;
}

export interface ActivityDeps {
  db: Db;
  secrets: SecretBox;
  kafkaClients: KafkaClients;
  /** The caller's reach: offsets are read only from a Kafka cluster the grant covers. */
  grant: Grant;
}

export async function connectorActivity(deps: ActivityDeps, opened: OpenedCluster, name: string): Promise<ConnectorActivity> {
  const connectId = opened.cluster.id;
  const { client } = opened;
  const [info, status, topics] = await askConnect(connectId, () =>
    Promise.all([client.connectorInfo(name), statusOrNotYet(opened, name), client.connectorTopics(name).catch(() => null)]),
  );
  const type = status && status.type !== 'unknown' ? status.type : info.type;
  const base: ConnectorActivity = {
    connectId,
    name,
    type,
    kafkaClusterId: opened.cluster.kafkaClusterId,
    at: new Date().toISOString(),
    recordsPerSec: null,
    windowMs: null,
    position: null,
    lastRecordAt: null,
    groupId: null,
    lag: null,
    topics,
    tasks: (status?.tasks ?? []).map((task) => ({ id: task.id, state: task.state, workerId: task.workerId, partitions: null, lag: null })),
    note: null,
  };
  const kafkaId = opened.cluster.kafkaClusterId;
  if (kafkaId && !grantCoversCluster(deps.grant, 'kafka', kafkaId)) {
    return { ...base, note: `Your role does not cover Kafka cluster "${kafkaId}", where this connector's records are counted.` };
  }
  const kafka = await kafkaFor(deps, kafkaId);
  if (!kafka) return { ...base, note: `Connect cluster "${connectId}" is not linked to a registered Kafka cluster: link it on the Clusters page to see records per second.` };
  const key = `${connectId}\u0000${name}`;
  try {
    if (type === 'sink') return await sinkActivity(kafka, base, info.config['consumer.override.group.id'] || `connect-${name}`, key);
    return await sourceActivity(kafka, base, topics ?? [], key);
  } catch (error) {
    return { ...base, note: `Kafka cluster "${kafka.clusterId}" could not be read: ${messageOf(error)}` };
  }
}

/** Connect answers 404 for the status of a connector created a moment ago, until it has recorded one: no tasks yet. */
async function statusOrNotYet(opened: OpenedCluster, name: string): Promise<ConnectorStatus | undefined> {
  try {
    return await opened.client.connectorStatus(name);
  } catch (error) {
    if (error instanceof ConnectError && error.status === 404) return undefined;
    throw error;
  }
}

async function kafkaFor(deps: ActivityDeps, kafkaClusterId: string | null): Promise<KafkaClient | undefined> {
  if (!kafkaClusterId) return undefined;
  const cluster = await getKafkaCluster(deps.db, kafkaClusterId);
  return cluster ? deps.kafkaClients.get(kafkaConnectionFor(cluster, deps.secrets)) : undefined;
}

async function sourceActivity(kafka: KafkaClient, base: ConnectorActivity, topics: string[], key: string): Promise<ConnectorActivity> {
  if (topics.length === 0) return { ...base, note: base.topics === null ? 'The workers do not track the topics connectors use, so its records cannot be counted.' : null, position: 0 };
  const errors: string[] = [];
  const { leaders } = await partitionLeaders(kafka, topics, errors);
  const [logEnd, times] = await Promise.all([fetchOffsets(kafka, { topics, timestamp: 'latest' }, errors), latestRecordTimes(kafka, leaders, errors)]);
  const position = sum(logEnd.values());
  const newest = Math.max(-1, ...times.values());
  return { ...base, ...rateOf(key, position), position, lastRecordAt: newest >= 0 ? new Date(newest).toISOString() : null, note: noteOf(errors) };
}

async function sinkActivity(kafka: KafkaClient, base: ConnectorActivity, groupId: string, key: string): Promise<ConnectorActivity> {
  const errors: string[] = [];
  const group = await readLiveGroup(kafka, groupId);
  const owners = new Map<PartitionKey, number>();
  for (const member of group.members) {
    const taskId = taskOfClient(member.clientId, base.name);
    for (const { topic, partitions } of member.assignment) for (const partition of partitions) if (taskId !== undefined) owners.set(partitionKey(topic, partition), taskId);
  }
  const keys = [...new Set([...group.committed.keys(), ...owners.keys()])];
  const topics = [...new Set(keys.map((partition) => splitPartitionKey(partition).topic))];
  const logEnd = topics.length === 0 ? new Map<PartitionKey, number>() : await fetchOffsets(kafka, { topics, timestamp: 'latest' }, errors);
  const position = sum(group.committed.values());
  const lags = keys.map((partition) => lagOf(group.committed.get(partition), logEnd.get(partition)));
  const lag = lags.some((value) => value !== null) ? sum(lags.filter((value): value is number => value !== null)) : null;
  const rate = rateOf(key, position);
  const tasks = base.tasks.map((task) => {
    const owned = keys.filter((partition) => owners.get(partition) === task.id).sort();
    const partitions = owned.map((partition) => {
      const { topic, partition: number } = splitPartitionKey(partition);
      const committed = group.committed.get(partition) ?? null;
      const end = logEnd.get(partition) ?? null;
      return { topic, partition: number, committed, logEnd: end, lag: lagOf(committed ?? undefined, end ?? undefined) };
    });
    const taskLags = partitions.map((partition) => partition.lag).filter((value): value is number => value !== null);
    return { ...task, partitions, lag: taskLags.length ? sum(taskLags) : null };
  });
  // Caught up: the newest record in its partitions has been consumed. Otherwise: when the commits last moved.
  let lastRecordAt = rate.lastGrowthAt;
  if (lag === 0 && keys.length > 0) {
    const { leaders } = await partitionLeaders(kafka, topics, errors);
    const times = await latestRecordTimes(kafka, new Map([...leaders].filter(([partition]) => keys.includes(partition))), errors);
    const newest = Math.max(-1, ...times.values());
    if (newest >= 0) lastRecordAt = new Date(newest).toISOString();
  }
  return { ...base, recordsPerSec: rate.recordsPerSec, windowMs: rate.windowMs, position, lastRecordAt, groupId, lag, topics: base.topics ?? topics, tasks, note: noteOf(errors) };
}

/** Connect names a sink task's consumer `connector-consumer-<connector>-<task>`. */
export function taskOfClient(clientId: string, connector: string): number | undefined {
  const prefix = `connector-consumer-${connector}-`;
  if (!clientId.startsWith(prefix)) return undefined;
  const rest = clientId.slice(prefix.length);
  return /^\d+$/.test(rest) ? Number(rest) : undefined;
}

function rateOf(key: string, position: number): { recordsPerSec: number | null; windowMs: number | null; lastGrowthAt: string | null } {
  const reading: Reading = { at: Date.now(), position };
  const { rate, lastGrowthAt } = readings.add(key, reading);
  return { recordsPerSec: rate?.perSec ?? null, windowMs: rate?.windowMs ?? null, lastGrowthAt: lastGrowthAt === null ? null : new Date(lastGrowthAt).toISOString() };
}

const lagOf = (committed: number | undefined, end: number | undefined) => (committed === undefined || end === undefined ? null : Math.max(0, end - committed));
const sum = (values: Iterable<number>) => [...values].reduce((total, value) => total + value, 0);
const noteOf = (errors: string[]) => (errors.length ? `Part of Kafka could not be read: ${errors.slice(0, 3).join('; ')}` : null);
