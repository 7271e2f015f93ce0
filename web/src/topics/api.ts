// The topics part of the server's public API (/api/v1/clusters/{kafkaId}/topics...).
import { del, get, patch, post } from '../lib/api';

import type { ConfigEntry } from '../brokers/api';

export interface TopicSummary {
  name: string;
  topicId: string;
  internal: boolean;
  partitions: number;
  replicationFactor: number;
  underReplicated: boolean;
  underReplicatedPartitions: number;
  /** Partitions without a leader: unreadable and unwritable. */
  offlinePartitions: number;
}

export interface TopicPage {
  items: TopicSummary[];
  total: number;
}

export interface TopicQuery {
  q: string;
  internal: boolean;
  /** 1-based. */
  page: number;
  size: number;
}

export interface ReplicaSize {
  broker: number;
  logDir: string;
  sizeBytes: number;
  offsetLag: number;
  isFuture: boolean;
}

export interface PartitionInfo {
  partition: number;
  /** -1 when the partition has no leader (offline). */
  leader: number;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
  underReplicated: boolean;
  /** First offset still in the log. */
  earliest: number;
  /** The offset the next message gets. */
  latest: number;
  messages: number;
  /** The leader replica's size; null when its broker did not answer. */
  sizeBytes: number | null;
  replicaSizes: ReplicaSize[];
}

export type TopicConfig = ConfigEntry;

export interface TopicDetail {
  name: string;
  topicId: string;
  internal: boolean;
  partitionCount: number;
  replicationFactor: number;
  underReplicatedPartitions: number;
  offlinePartitions: number;
  partitions: PartitionInfo[];
  configs: TopicConfig[];
  /** Bytes on disk over every replica; null when no broker answered. */
  sizeBytes: number | null;
  messages: number;
  sizeErrors: string[];
}

export interface TopicTemplate {
  id: string;
  name: string;
  description: string;
  partitions: number;
  /** Wanted on a production cluster; capped at the broker count when applied. */
  replicationFactor: number;
  /** min.insync.replicas follows the applied replication factor (RF - 1, at least 1). */
  minInsyncFromReplication: boolean;
  configs: Record<string, string>;
  /** Why each config is set as it is. */
  rationale: Record<string, string>;
}

export interface ConfigHelp {
  name: string;
  type?: string | null;
  /** What a new topic on this cluster gets without setting it. */
  defaultValue?: string | null;
  documentation?: string | null;
  validValues?: readonly string[] | null;
  min?: number | null;
  max?: number | null;
  /** The broker config that sets the cluster-wide default. */
  brokerConfig?: string | null;
  readOnly?: boolean;
  sensitive?: boolean;
}

export interface ConfigHelpAnswer {
  /** `broker`: the cluster documented its own configs; `bundled`: Connectory's copy of Kafka's documentation. */
  source: 'broker' | 'bundled';
  describedTopic: string | null;
  kafkaVersion: string | null;
  items: ConfigHelp[];
}

export interface NewTopic {
  name: string;
  partitions: number;
  replicationFactor: number;
  configs: Record<string, string>;
  template?: string;
}

export interface TopicChange {
  configs?: { set?: Record<string, string>; delete?: string[] };
  partitions?: number;
}

export interface TopicRates {
  topic: string;
  /** Messages per second written (log-end offsets over the window). */
  inPerSec: number;
  partitions: { partition: number; inPerSec: number }[];
  /** Consumption rate; null while the server cannot tell (see outNote). */
  outPerSec: number | null;
  /** Consumption per consumer group, fastest first. */
  groups: { groupId: string; perSec: number }[];
  outNote: string | null;
  windowMs: number;
}

export type MessageFormat = 'text' | 'json' | 'hex';

export interface MessageQuery {
  /** Every partition when absent. */
  partition?: number;
  /** Read forward from here; with neither offset nor timestamp the newest messages are shown. */
  offset?: number;
  /** Milliseconds since the epoch: read forward from the first message at or after it. */
  timestamp?: number;
  limit: number;
  format: MessageFormat;
}

export interface MessageHeader {
  key: string;
  value: string | null;
}

export interface DecodedField {
  /** Text, parsed JSON or hex as asked; null when Kafka holds null. */
  value: unknown;
  /** Bytes in Kafka. */
  size: number;
  /** Only the first part was decoded. */
  truncated: boolean;
  /** Asked for JSON but the bytes are not JSON: `value` is the text instead. */
  error?: string;
}

export interface TopicMessage {
  partition: number;
  offset: number;
  timestamp: string;
  timestampType: 'CreateTime' | 'LogAppendTime';
  key: DecodedField;
  value: DecodedField;
  headers: MessageHeader[];
}

export interface BrowsedPartition {
  partition: number;
  startOffset: number;
  /** Where to continue reading ("load more"). */
  nextOffset: number;
  earliest: number;
  latest: number;
}

export interface MessagesAnswer {
  items: TopicMessage[];
  partitions: BrowsedPartition[];
  /** Why the read stopped: the limit, the end of the log, the byte cap or the time cap. */
  stoppedBy: 'limit' | 'end' | 'bytes' | 'time';
}

export const MAX_MESSAGES = 500;

const topicsPath = (kafkaId: string) => `/api/v1/clusters/${encodeURIComponent(kafkaId)}/topics`;
const topicPath = (kafkaId: string, topic: string) => `${topicsPath(kafkaId)}/${encodeURIComponent(topic)}`;

export function listTopics(kafkaId: string, query: TopicQuery, signal?: AbortSignal): Promise<TopicPage> {
  return get<TopicPage>(topicsPath(kafkaId), {
    signal,
    // The server reads `internal=false` as "hide Kafka's internal topics" and no parameter as "every topic".
    query: { q: query.q.trim() || undefined, internal: query.internal ? undefined : false, page: query.page, size: query.size },
  });
}

export const getTopic = (kafkaId: string, topic: string, signal?: AbortSignal) =>
  get<TopicDetail>(topicPath(kafkaId, topic), { signal });

export interface CreatedTopic {
  name: string;
  partitions: number;
  replicationFactor: number;
  configs: Record<string, string>;
  template: string | null;
}

export const createTopic = (kafkaId: string, topic: NewTopic) => post<CreatedTopic>(topicsPath(kafkaId), topic);

export const changeTopic = (kafkaId: string, topic: string, change: TopicChange) =>
  patch<TopicDetail>(topicPath(kafkaId, topic), change);

/** The server refuses unless `confirm` repeats the topic's name. */
export const deleteTopic = (kafkaId: string, topic: string, confirm: string) =>
  del<void>(topicPath(kafkaId, topic), { query: { confirm } });

export const topicRates = (kafkaId: string, topic: string, signal?: AbortSignal) =>
  get<TopicRates>(`${topicPath(kafkaId, topic)}/rates`, { signal });

export function readMessages(kafkaId: string, topic: string, query: MessageQuery, signal?: AbortSignal) {
  return get<MessagesAnswer>(`${topicPath(kafkaId, topic)}/messages`, {
    signal,
    query: { partition: query.partition, offset: query.offset, timestamp: query.timestamp, limit: query.limit, format: query.format },
  });
}

export async function listTopicTemplates(): Promise<TopicTemplate[]> {
  return (await get<{ items: TopicTemplate[] }>('/api/v1/topic-templates')).items;
}

export const topicConfigHelp = (kafkaId: string) =>
  get<ConfigHelpAnswer>(`/api/v1/clusters/${encodeURIComponent(kafkaId)}/topic-config-help`);
