/**
 * Bytes and messages flowing through each broker and topic, from what the Kafka protocol tells (Kafka's own
 * BytesInPerSec/BytesOutPerSec are JMX only). Once a minute the history job takes a snapshot of every partition:
 * its leader (Metadata), the leader replica's size (DescribeLogDirs, also the brokers' disk use), its log-start
 * and log-end offsets (ListOffsets), and the consumer groups' committed offsets (the offset sampler's sample).
 * Two snapshots a minute apart give:
 *
 *   messages in   growth of the log-end offsets
 *   bytes in      growth of the leader replica's size (a segment deleted by retention in that minute hides that
 *                 partition's growth for the minute rather than counting as negative traffic)
 *   bytes out     messages the groups committed past × a message's mean size: that of the messages written in
 *                 the minute when there were some (consumers mostly read what was just written), else the
 *                 partition's (size ÷ offsets held). What consumers fetched, as BytesOutPerSec counts it
 *                 (replication not included); a consumer that does not commit is not seen
 *
 * A broker's bytes are those of the partitions it leads, as Kafka's own counters count produce and fetch there.
 */
import type { KafkaClient } from '../kafka/client';
import { listOffsets, partitionKey, splitPartitionKey, type PartitionKey } from '../kafka/offsets';
import { Metadata } from '../kafka/protocol/apis/metadata';
import type { LogDirReading } from './kafka-health';
import type { ClusterSample } from './types';

export interface LogSnapshot {
  at: number;
  brokers: number[];
  leaders: Map<PartitionKey, number>;
  /** The leader replica's bytes. */
  size: Map<PartitionKey, number>;
  logStart: Map<PartitionKey, number>;
  logEnd: Map<PartitionKey, number>;
  /** Every broker's bytes in its log dirs, all replicas (disk use). */
  diskBytes: Map<number, number>;
  /** Each group's committed offsets, from the offset sampler's sample; absent when none was at hand. */
  committed?: Map<string, Map<PartitionKey, number>>;
}

/**
 * `readLogDirs` is the app's one log-dir reading (kafka-health.ts), which the alert evaluator shares; a broker that
 * did not answer is missing from it and so from the snapshot.
 */
export async function takeLogSnapshot(
  kafka: KafkaClient,
  sample: ClusterSample | undefined,
  readLogDirs: () => Promise<LogDirReading>,
  now: () => number = Date.now,
): Promise<LogSnapshot> {
  const metadata = await kafka.send('any', Metadata, { topics: null });
  const leaders = new Map<PartitionKey, number>();
  for (const topic of metadata.topics) {
    if (topic.errorCode !== 0) continue;
    for (const partition of topic.partitions) if (partition.leader >= 0) leaders.set(partitionKey(topic.name, partition.partition), partition.leader);
  }
  const brokers = metadata.brokers.map((broker) => broker.nodeId);
  const [reading, logStart, logEnd] = await Promise.all([readLogDirs(), listOffsets(kafka, leaders, 'earliest'), listOffsets(kafka, leaders, 'latest')]);
  const size = new Map<PartitionKey, number>();
  const diskBytes = new Map<number, number>();
  reading.brokers.forEach(({ broker: nodeId, dirs }) => {
    let total = 0;
    for (const dir of dirs) {
      for (const topic of dir.topics) {
        for (const partition of topic.partitions) {
          total += partition.sizeBytes;
          const key = partitionKey(topic.name, partition.partition);
          if (leaders.get(key) === nodeId && !partition.isFuture) size.set(key, partition.sizeBytes);
        }
      }
    }
    diskBytes.set(nodeId, total);
  });
  const committed = sample ? new Map([...sample.groups].map(([groupId, group]) => [groupId, group.committed])) : undefined;
  return { at: now(), brokers, leaders, size, logStart, logEnd, diskBytes, ...(committed ? { committed } : {}) };
}

export interface TopicTraffic {
  /** Null when none of its partitions was in the earlier snapshot (a topic created in between): unknown, not zero. */
  messagesInPerSec: number | null;
  bytesInPerSec: number | null;
  sizeBytes: number;
}

export interface BrokerTraffic {
  bytesInPerSec: number;
  /** Null when the groups' committed offsets were not at hand in both snapshots. */
  bytesOutPerSec: number | null;
}

export interface Traffic {
  topics: Map<string, TopicTraffic>;
  brokers: Map<number, BrokerTraffic>;
}

export function deriveTraffic(before: LogSnapshot, after: LogSnapshot): Traffic {
  const seconds = (after.at - before.at) / 1000;
  const topics = new Map<string, TopicTraffic>();
  const brokers = new Map<number, BrokerTraffic>(after.brokers.map((id) => [id, { bytesInPerSec: 0, bytesOutPerSec: after.committed && before.committed ? 0 : null }]));
  if (seconds <= 0) return { topics, brokers };
  const consumed = consumedMessages(before, after);
  for (const [key, leader] of after.leaders) {
    const { topic } = splitPartitionKey(key);
    const size = after.size.get(key);
    const end = after.logEnd.get(key);
    const previousEnd = before.logEnd.get(key);
    const previousSize = before.size.get(key);
    const messages = end !== undefined && previousEnd !== undefined ? Math.max(0, end - previousEnd) : 0;
    const bytesIn = size !== undefined && previousSize !== undefined ? Math.max(0, size - previousSize) : 0;
    const entry = topics.get(topic) ?? { messagesInPerSec: null, bytesInPerSec: null, sizeBytes: 0 };
    if (previousEnd !== undefined) entry.messagesInPerSec = (entry.messagesInPerSec ?? 0) + messages / seconds;
    if (previousSize !== undefined) entry.bytesInPerSec = (entry.bytesInPerSec ?? 0) + bytesIn / seconds;
    entry.sizeBytes += size ?? 0;
    topics.set(topic, entry);
    const broker = brokers.get(leader);
    if (!broker) continue;
    broker.bytesInPerSec += bytesIn / seconds;
    const start = after.logStart.get(key);
    const held = end !== undefined && start !== undefined ? end - start : 0;
    const meanSize = messages > 0 && bytesIn > 0 ? bytesIn / messages : held > 0 && size ? size / held : 0;
    if (broker.bytesOutPerSec !== null) broker.bytesOutPerSec += ((consumed.get(key) ?? 0) * meanSize) / seconds;
  }
  return { topics, brokers };
}

/** Per partition: messages committed past between the snapshots, summed over the groups seen in both. */
function consumedMessages(before: LogSnapshot, after: LogSnapshot): Map<PartitionKey, number> {
  const consumed = new Map<PartitionKey, number>();
  if (!before.committed || !after.committed) return consumed;
  for (const [groupId, offsets] of after.committed) {
    const previous = before.committed.get(groupId);
    if (!previous) continue;
    for (const [key, offset] of offsets) {
      const was = previous.get(key);
      // A reset backwards is no consumption.
      if (was !== undefined && offset > was) consumed.set(key, (consumed.get(key) ?? 0) + offset - was);
    }
  }
  return consumed;
}

/** The topics whose history is kept this minute: the busiest by bytes, then messages, then size; at most `limit`. */
export function busiestTopics(topics: Map<string, TopicTraffic>, limit: number): [string, TopicTraffic][] {
  return [...topics]
    .sort(([nameA, a], [nameB, b]) => (b.bytesInPerSec ?? 0) - (a.bytesInPerSec ?? 0) || (b.messagesInPerSec ?? 0) - (a.messagesInPerSec ?? 0) || b.sizeBytes - a.sizeBytes || nameA.localeCompare(nameB))
    .slice(0, limit);
}
