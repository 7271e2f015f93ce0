import type { KafkaClient } from '../kafka/client';
import { configEntryView, type ConfigEntryView } from '../brokers/configs';
import { retryWhileLeadershipMoves } from '../kafka/api-errors';
import { topicOffsets } from '../kafka/offsets';
import { ApiError } from '../http/errors';
import { checkErrorCode, type MetadataTopic } from '../kafka/protocol';
import { summarizeTopic, type TopicSummary } from './topic-list';

export interface PartitionOffsets {
  partition: number;
  /** First offset still in the log. */
  earliest: number;
  /** The log-end offset (high watermark): the offset the next message gets. */
  latest: number;
}

export interface ReplicaSize {
  broker: number;
  logDir: string;
  sizeBytes: number;
  offsetLag: number;
  isFuture: boolean;
}

export interface PartitionDetail extends PartitionOffsets {
  leader: number;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
  underReplicated: boolean;
  /** latest - earliest: an upper bound (compaction and transaction markers leave gaps). */
  messages: number;
  /** The leader replica's size; null when its broker did not answer. */
  sizeBytes: number | null;
  replicaSizes: ReplicaSize[];
}

export interface TopicDetail extends Omit<TopicSummary, 'partitions'> {
  partitionCount: number;
  partitions: PartitionDetail[];
  configs: ConfigEntryView[];
  /** Bytes on disk over every replica; null when no broker answered DescribeLogDirs. */
  sizeBytes: number | null;
  messages: number;
  /** Brokers that could not report sizes. */
  sizeErrors: string[];
}

/** Metadata for one topic, fresh (not the cached list): 404 when it does not exist. */
export async function topicMetadata(kafka: KafkaClient, name: string): Promise<MetadataTopic> {
  const { topics } = await kafka.metadata([name]);
  const topic = topics.find((candidate) => candidate.name === name);
  if (!topic || topic.errorCode === 3) throw ApiError.notFound(`Kafka cluster "${kafka.clusterId}": topic "${name}" does not exist`);
  checkErrorCode(topic.errorCode, `Metadata topic "${name}"`);
  return topic;
}

export async function partitionOffsets(kafka: KafkaClient, name: string): Promise<PartitionOffsets[]> {
  const [earliest, latest] = (await retryWhileLeadershipMoves(() => topicOffsets(kafka, name, ['earliest', 'latest']))) as [Map<number, number>, Map<number, number>];
  return [...latest].sort(([a], [b]) => a - b).map(([partition, offset]) => ({ partition, earliest: earliest!.get(partition) ?? 0, latest: offset }));
}

/**
 * Everything about one topic: partitions with leader, replicas, ISR and offsets (ListOffsets), every
 * config with its source and documentation (DescribeConfigs v4), and its size per replica (DescribeLogDirs, asked
 * only of the brokers hosting it, only for its partitions). All in parallel after one Metadata request.
 */
export async function getTopic(kafka: KafkaClient, name: string): Promise<TopicDetail> {
  const topic = await topicMetadata(kafka, name);
  const [offsets, configs, sizes] = await Promise.all([partitionOffsets(kafka, name), topicConfigs(kafka, name), replicaSizes(kafka, topic)]);
  const offsetsOf = new Map(offsets.map((entry) => [entry.partition, entry]));
  const partitions = topic.partitions
    .map((partition): PartitionDetail => {
      const { earliest, latest } = offsetsOf.get(partition.partition) ?? { earliest: 0, latest: 0 };
      const replicaSizes = sizes.byPartition.get(partition.partition) ?? [];
      const leaderSize = replicaSizes.find((replica) => replica.broker === partition.leader && !replica.isFuture);
      return {
        partition: partition.partition,
        leader: partition.leader,
        replicas: partition.replicas,
        isr: partition.isr,
        offlineReplicas: partition.offlineReplicas,
        underReplicated: partition.isr.length < partition.replicas.length,
        earliest,
        latest,
        messages: Math.max(0, latest - earliest),
        sizeBytes: leaderSize?.sizeBytes ?? null,
        replicaSizes,
      };
    })
    .sort((a, b) => a.partition - b.partition);
  const { partitions: partitionCount, ...summary } = summarizeTopic(topic);
  return {
    ...summary,
    partitionCount,
    partitions,
    configs,
    sizeBytes: sizes.answered ? sizes.total : null,
    messages: partitions.reduce((sum, partition) => sum + partition.messages, 0),
    sizeErrors: sizes.errors,
  };
}

export async function topicConfigs(kafka: KafkaClient, name: string): Promise<ConfigEntryView[]> {
  const described = await kafka.describeConfigs('any', {
    resources: [{ type: 'topic', name, configNames: null }],
    includeSynonyms: true,
    includeDocumentation: true,
  });
  const resource = described.resources[0]!;
  checkErrorCode(resource.errorCode, `DescribeConfigs topic "${name}"`, resource.errorMessage);
  return resource.configs.map((config) => configEntryView(config, 'topic')).sort((a, b) => a.name.localeCompare(b.name));
}

/** DescribeLogDirs to every broker hosting a replica, asking only for this topic's partitions. */
async function replicaSizes(kafka: KafkaClient, topic: MetadataTopic) {
  const partitionsByBroker = new Map<number, number[]>();
  for (const partition of topic.partitions) {
    for (const broker of partition.replicas) partitionsByBroker.set(broker, [...(partitionsByBroker.get(broker) ?? []), partition.partition]);
  }
  const byPartition = new Map<number, ReplicaSize[]>();
  const errors: string[] = [];
  let total = 0;
  let answered = false;
  await Promise.all(
    [...partitionsByBroker].map(async ([broker, partitions]) => {
      try {
        const { logDirs } = await kafka.describeLogDirs(broker, { topics: [{ topic: topic.name, partitions }] });
        answered = true;
        for (const dir of logDirs) {
          for (const entry of dir.topics.filter((candidate) => candidate.name === topic.name)) {
            for (const partition of entry.partitions) {
              total += partition.sizeBytes;
              const replica = { broker, logDir: dir.path, sizeBytes: partition.sizeBytes, offsetLag: partition.offsetLag, isFuture: partition.isFuture };
              byPartition.set(partition.partition, [...(byPartition.get(partition.partition) ?? []), replica]);
            }
          }
        }
      } catch (error) {
        errors.push(`broker ${broker}: ${(error as Error).message}`);
      }
    }),
  );
  for (const replicas of byPartition.values()) replicas.sort((a, b) => a.broker - b.broker);
  return { byPartition, total, answered, errors };
}

const PROPAGATION_TIMEOUT_MS = 10_000;

/**
 * The controller has a change once it answers; brokers learn it a moment later. Waits (up to ten seconds) until
 * Metadata shows the topic with at least `partitions` partitions, each with a leader, so the next read sees it.
 */
export async function waitForPartitions(kafka: KafkaClient, name: string, partitions: number): Promise<void> {
  const deadline = Date.now() + PROPAGATION_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const { topics } = await kafka.metadata([name]);
    const topic = topics.find((candidate) => candidate.name === name);
    if (topic && topic.errorCode === 0 && topic.partitions.length >= partitions && topic.partitions.every((partition) => partition.leader >= 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
