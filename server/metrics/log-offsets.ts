/**
 * Log offsets of many partitions at once: one Metadata request for the leaders, then one ListOffsets request per
 * leader carrying all of its partitions. kafkajs' fetchTopicOffsets costs a request per topic instead.
 */
import { Metadata } from '../kafka/protocol/apis/metadata';
import { kafkaErrorName } from './kafka-apis/group-errors';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP, ListOffsets } from './kafka-apis/list-offsets';
import type { KafkaWire } from './kafka-wire';
import { partitionKey, splitPartitionKey, type PartitionKey } from './types';

/** The log-start offset, the log-end offset (high watermark), or the first offset at/after a time (ms). */
export type OffsetSpec = 'earliest' | 'latest' | { timestamp: number };

export interface PartitionLeaders {
  /** Leader broker of every partition of the topics that exist. */
  leaders: Map<PartitionKey, number>;
  /** Asked-for topics the cluster does not have (deleted, or never created). */
  missingTopics: string[];
}

export async function partitionLeaders(wire: KafkaWire, topics: string[], errors: string[] = []): Promise<PartitionLeaders> {
  const metadata = await wire.send('any', Metadata, { topics });
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
export async function listOffsets(wire: KafkaWire, leaders: Map<PartitionKey, number>, spec: OffsetSpec, errors: string[] = []): Promise<Map<PartitionKey, number>> {
  const timestamp = spec === 'latest' ? LATEST_TIMESTAMP : spec === 'earliest' ? EARLIEST_TIMESTAMP : spec.timestamp;
  const byLeader = new Map<number, Map<string, { partition: number; timestamp: number }[]>>();
  for (const [key, leaderId] of leaders) {
    const { topic, partition } = splitPartitionKey(key);
    const topics = byLeader.get(leaderId) ?? new Map<string, { partition: number; timestamp: number }[]>();
    byLeader.set(leaderId, topics.set(topic, [...(topics.get(topic) ?? []), { partition, timestamp }]));
  }
  const answers = await Promise.allSettled(
    [...byLeader].map(([leaderId, topics]) =>
      wire.send(leaderId, ListOffsets, { isolationLevel: 0, topics: [...topics].map(([name, partitions]) => ({ name, partitions })) }),
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
export async function fetchOffsets(wire: KafkaWire, request: { topics: string[]; timestamp: OffsetSpec }, errors: string[] = []): Promise<Map<PartitionKey, number>> {
  const { leaders } = await partitionLeaders(wire, request.topics, errors);
  return listOffsets(wire, leaders, request.timestamp, errors);
}
