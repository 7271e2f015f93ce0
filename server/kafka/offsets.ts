/**
 * Log offsets of many partitions at once: one Metadata request for the leaders, then one ListOffsets request per
 * leader carrying all of its partitions (kafkajs' fetchTopicOffsets costs a request per topic). The sampler, the
 * consumer-group pages and the topic pages all read offsets here.
 */
import type { KafkaClient } from './client';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP, ListOffsets, ListOffsetsMaxTimestamp, MAX_TIMESTAMP } from './protocol/apis/list-offsets';
import { Metadata } from './protocol/apis/metadata';
import { checkErrorCode, KafkaApiError, kafkaErrorName } from './protocol/errors';

const UNKNOWN_TOPIC_OR_PARTITION = 3;
const LEADER_NOT_AVAILABLE = 5;

/** `topic:partition`; topic names cannot contain ':' (Kafka allows only letters, digits, '.', '_' and '-'). */
export type PartitionKey = string;

export function partitionKey(topic: string, partition: number): PartitionKey {
  return `${topic}:${partition}`;
}

export function splitPartitionKey(key: PartitionKey): { topic: string; partition: number } {
  const at = key.lastIndexOf(':');
  return { topic: key.slice(0, at), partition: Number(key.slice(at + 1)) };
}

/** The log-start offset, the log-end offset (high watermark), or the first offset at/after a time (ms). */
export type OffsetSpec = 'earliest' | 'latest' | { timestamp: number };

export interface PartitionLeaders {
  /** Leader broker of every partition of the topics that exist. */
  leaders: Map<PartitionKey, number>;
  /** Asked-for topics the cluster does not have (deleted, or never created). */
  missingTopics: string[];
}

export async function partitionLeaders(kafka: KafkaClient, topics: string[], errors: string[] = []): Promise<PartitionLeaders> {
  const metadata = await kafka.send('any', Metadata, { topics });
  const leaders = new Map<PartitionKey, number>();
  const missingTopics: string[] = [];
  for (const topic of metadata.topics) {
    if (topic.errorCode !== 0) {
      missingTopics.push(topic.name);
      continue;
    }
    for (const partition of topic.partitions) {
      if (partition.leader < 0) errors.push(`${topic.name}[${partition.partition}]: no leader (offline)`);
      else leaders.set(partitionKey(topic.name, partition.partition), partition.leader);
    }
  }
  return { leaders, missingTopics };
}

/**
 * One ListOffsets per leader. Partitions whose leader fails or answers with an error are left out and reported
 * in `errors`. For a timestamp with no later record the offset is -1.
 */
export async function listOffsets(kafka: KafkaClient, leaders: Map<PartitionKey, number>, spec: OffsetSpec, errors: string[] = []): Promise<Map<PartitionKey, number>> {
  const timestamp = timestampOf(spec);
  const byLeader = new Map<number, Map<string, { partition: number; timestamp: number }[]>>();
  for (const [key, leaderId] of leaders) {
    const { topic, partition } = splitPartitionKey(key);
    const topics = byLeader.get(leaderId) ?? new Map<string, { partition: number; timestamp: number }[]>();
    byLeader.set(leaderId, topics.set(topic, [...(topics.get(topic) ?? []), { partition, timestamp }]));
  }
  const answers = await Promise.allSettled(
    [...byLeader].map(([leaderId, topics]) =>
      kafka.send(leaderId, ListOffsets, { isolationLevel: 0, topics: [...topics].map(([name, partitions]) => ({ name, partitions })) }),
    ),
  );
  const offsets = new Map<PartitionKey, number>();
  for (const answer of answers) {
    if (answer.status === 'rejected') {
      errors.push(answer.reason instanceof Error ? answer.reason.message : String(answer.reason));
      continue;
    }
    for (const entry of answer.value) {
      if (entry.errorCode === 0) offsets.set(partitionKey(entry.topic, entry.partition), entry.offset);
      else errors.push(`${entry.topic}[${entry.partition}]: ${kafkaErrorName(entry.errorCode)}`);
    }
  }
  return offsets;
}

/** Offsets of every partition of `topics`: one Metadata request plus one ListOffsets per leader. */
export async function fetchOffsets(kafka: KafkaClient, request: { topics: string[]; timestamp: OffsetSpec }, errors: string[] = []): Promise<Map<PartitionKey, number>> {
  const { leaders } = await partitionLeaders(kafka, request.topics, errors);
  return listOffsets(kafka, leaders, request.timestamp, errors);
}

/**
 * Offsets of every partition of one topic, one map (partition → offset) per spec: one Metadata request, then per
 * spec one ListOffsets per leader. Unlike listOffsets, any partition's error fails the read as a KafkaApiError
 * naming it (a partition without a leader as LEADER_NOT_AVAILABLE), so callers can retry while leadership moves.
 * Read committed, as the topic pages always have: "latest" is the last stable offset.
 */
export async function topicOffsets(kafka: KafkaClient, topic: string, specs: OffsetSpec[]): Promise<Map<number, number>[]> {
  const metadata = await kafka.send('any', Metadata, { topics: [topic] });
  const found = metadata.topics.find((candidate) => candidate.name === topic);
  checkErrorCode(found ? found.errorCode : UNKNOWN_TOPIC_OR_PARTITION, `Metadata topic "${topic}"`);
  const byLeader = new Map<number, number[]>();
  for (const { partition, leader } of found!.partitions) {
    if (leader < 0) throw new KafkaApiError(LEADER_NOT_AVAILABLE, `ListOffsets topic "${topic}" partition ${partition}`);
    byLeader.set(leader, [...(byLeader.get(leader) ?? []), partition]);
  }
  return Promise.all(
    specs.map(async (spec) => {
      const timestamp = timestampOf(spec);
      const answers = await Promise.all(
        [...byLeader].map(([leader, partitions]) =>
          kafka.send(leader, ListOffsets, { isolationLevel: 1, topics: [{ name: topic, partitions: partitions.map((partition) => ({ partition, timestamp })) }] }),
        ),
      );
      const offsets = new Map<number, number>();
      for (const entry of answers.flat()) {
        checkErrorCode(entry.errorCode, `ListOffsets topic "${topic}" partition ${entry.partition}`);
        offsets.set(entry.partition, entry.offset);
      }
      return offsets;
    }),
  );
}

function timestampOf(spec: OffsetSpec): number {
  return spec === 'latest' ? LATEST_TIMESTAMP : spec === 'earliest' ? EARLIEST_TIMESTAMP : spec.timestamp;
}

/**
 * The newest record's timestamp per partition (KIP-734, ListOffsets v7): one request per leader. Empty partitions
 * and those whose leader fails are left out (failures in `errors`); a broker older than Kafka 3.0 fails each leader.
 */
export async function latestRecordTimes(kafka: KafkaClient, leaders: Map<PartitionKey, number>, errors: string[] = []): Promise<Map<PartitionKey, number>> {
  const byLeader = new Map<number, Map<string, { partition: number; timestamp: number }[]>>();
  for (const [key, leaderId] of leaders) {
    const { topic, partition } = splitPartitionKey(key);
    const topics = byLeader.get(leaderId) ?? new Map<string, { partition: number; timestamp: number }[]>();
    byLeader.set(leaderId, topics.set(topic, [...(topics.get(topic) ?? []), { partition, timestamp: MAX_TIMESTAMP }]));
  }
  const answers = await Promise.allSettled(
    [...byLeader].map(([leaderId, topics]) =>
      kafka.send(leaderId, ListOffsetsMaxTimestamp, { isolationLevel: 0, topics: [...topics].map(([name, partitions]) => ({ name, partitions })) }),
    ),
  );
  const times = new Map<PartitionKey, number>();
  for (const answer of answers) {
    if (answer.status === 'rejected') {
      errors.push(answer.reason instanceof Error ? answer.reason.message : String(answer.reason));
      continue;
    }
    for (const entry of answer.value) {
      if (entry.errorCode === 0 && entry.offset >= 0 && entry.timestamp >= 0) times.set(partitionKey(entry.topic, entry.partition), entry.timestamp);
      else if (entry.errorCode !== 0) errors.push(`${entry.topic}[${entry.partition}]: ${kafkaErrorName(entry.errorCode)}`);
    }
  }
  return times;
}
