/**
 * A Kafka cluster's partition health (one full Metadata request) and its brokers' log dirs (one DescribeLogDirs
 * per broker), each read at most once per the age its readers accept and shared between them: the metric history
 * takes broker disk use from the log dirs once a minute, the alert evaluator judges offline and under-replicated
 * partitions and full log dirs from the same readings. Concurrent readers join the request in flight.
 */
import type { KafkaCluster } from '../clusters/registry';
import type { KafkaClient } from '../kafka/client';
import type { LogDir } from '../kafka/protocol/apis/describe-log-dirs';
import type { MetadataResponse } from '../kafka/protocol';
import { Latest } from '../util/latest';

export interface TopicHealth {
  topic: string;
  /** Partitions without a leader. */
  offline: number[];
  /** Partitions with fewer in-sync replicas than replicas. */
  underReplicated: number[];
}

export interface PartitionHealth {
  at: number;
  /** Only topics with a problem. */
  topics: TopicHealth[];
}

export interface BrokerLogDirs {
  broker: number;
  dirs: LogDir[];
}

export interface LogDirReading {
  at: number;
  /** Brokers that answered; one that did not is left out (its disk is unknown, not empty). */
  brokers: BrokerLogDirs[];
}

export function partitionHealth(metadata: MetadataResponse, at: number): PartitionHealth {
  const topics: TopicHealth[] = [];
  for (const topic of metadata.topics) {
    const offline: number[] = [];
    const underReplicated: number[] = [];
    for (const partition of topic.partitions) {
      if (partition.leader < 0) offline.push(partition.partition);
      if (partition.isr.length < partition.replicas.length) underReplicated.push(partition.partition);
    }
    if (offline.length || underReplicated.length) topics.push({ topic: topic.name, offline: offline.sort((a, b) => a - b), underReplicated: underReplicated.sort((a, b) => a - b) });
  }
  return { at, topics };
}

export class KafkaHealthReader {
  readonly #partitions: Latest<KafkaCluster, PartitionHealth>;
  readonly #logDirs: Latest<KafkaCluster, LogDirReading>;

  constructor(
    clientFor: (cluster: KafkaCluster) => KafkaClient,
    private readonly now: () => number = Date.now,
  ) {
    this.#partitions = new Latest(async (cluster) => partitionHealth(await clientFor(cluster).metadata(null), this.now()));
    this.#logDirs = new Latest(async (cluster) => {
      const kafka = clientFor(cluster);
      const { brokers } = await kafka.brokers();
      const answers = await Promise.allSettled(brokers.map((broker) => kafka.describeLogDirs(broker.nodeId)));
      return {
        at: this.now(),
        brokers: answers.flatMap((answer, i) => (answer.status === 'fulfilled' ? [{ broker: brokers[i]!.nodeId, dirs: answer.value.logDirs }] : [])),
      };
    });
  }

  /** Throws when the cluster cannot be read. */
  partitions(cluster: KafkaCluster, maxAgeMs: number): Promise<PartitionHealth> {
    return this.#partitions.get(cluster, maxAgeMs, this.now());
  }

  /** Throws when the cluster cannot be read; brokers that do not answer are left out. */
  logDirs(cluster: KafkaCluster, maxAgeMs: number): Promise<LogDirReading> {
    return this.#logDirs.get(cluster, maxAgeMs, this.now());
  }

  /** Without waiting (util/latest.ts `peek`): readings up to three ages old serve, a newer one is read meanwhile. */
  peekPartitions(cluster: KafkaCluster, maxAgeMs: number): PartitionHealth | undefined {
    return this.#partitions.peek(cluster, maxAgeMs, 3 * maxAgeMs, this.now());
  }

  peekLogDirs(cluster: KafkaCluster, maxAgeMs: number): LogDirReading | undefined {
    return this.#logDirs.peek(cluster, maxAgeMs, 3 * maxAgeMs, this.now());
  }
}
