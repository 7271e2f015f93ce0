import { checkErrorCode, type LogDir, type MetadataBroker, type MetadataResponse } from '../kafka/protocol';
import { ApiError } from '../http/errors';
import type { KafkaClient } from '../kafka/client';
import { configEntryView, type ConfigEntryView } from './configs';
import type { MetadataCache } from './metadata-cache';
import { diskImbalance, type DiskImbalance } from '../rebalance/imbalance';

export interface BrokerSummary {
  id: number;
  host: string;
  port: number;
  rack: string | null;
  isController: boolean;
  leaderCount: number;
  replicaCount: number;
  /** Bytes of every replica in the broker's log dirs; null when the broker did not answer DescribeLogDirs. */
  logDirBytes: number | null;
  logDirError?: string;
}

export interface LogDirView {
  path: string;
  error: string | null;
  totalBytes: number | null;
  usableBytes: number | null;
  sizeBytes: number;
  partitionCount: number;
  topics: { name: string; partitions: number; sizeBytes: number; maxOffsetLag: number; futurePartitions: number }[];
}

export interface BrokerDetail extends BrokerSummary {
  configs: ConfigEntryView[];
  logDirs: LogDirView[];
}

export interface BrokerList {
  items: BrokerSummary[];
  /** The active controller's node id (KRaft: the metadata quorum leader; it need not be a broker). */
  controllerId: number | null;
  clusterId: string | null;
  diskImbalance: DiskImbalance | null;
}

/** Every broker with its partition counts (one Metadata request) and disk use (one DescribeLogDirs per broker, in parallel). */
export async function listBrokers(kafka: KafkaClient, cache: MetadataCache): Promise<BrokerList> {
  const [{ metadata }, quorumLeader] = await Promise.all([cache.get(kafka), activeController(kafka)]);
  const controllerId = quorumLeader ?? (metadata.controllerId >= 0 ? metadata.controllerId : null);
  const counts = replicaCounts(metadata);
  const sizes = await Promise.all(metadata.brokers.map((broker) => logDirBytes(kafka, broker.nodeId)));
  const items = metadata.brokers
    .map((broker, i) => brokerSummary(broker, controllerId, counts, sizes[i]!))
    .sort((a, b) => a.id - b.id);
  return { items, controllerId, clusterId: metadata.clusterId, diskImbalance: diskImbalance(items.map((broker) => broker.logDirBytes)) };
}

/** One broker: its summary, every config (with documentation) and its log dirs. 404 for an unknown id. */
export async function getBroker(kafka: KafkaClient, cache: MetadataCache, brokerId: number): Promise<BrokerDetail> {
  const [{ metadata }, quorumLeader] = await Promise.all([cache.get(kafka), activeController(kafka)]);
  const broker = metadata.brokers.find((candidate) => candidate.nodeId === brokerId);
  if (!broker) throw ApiError.notFound(`Kafka cluster "${kafka.clusterId}": no broker with id ${brokerId}`);
  const [described, logDirs] = await Promise.all([
    kafka.describeConfigs({ nodeId: brokerId }, {
      resources: [{ type: 'broker', name: String(brokerId), configNames: null }],
      includeSynonyms: true,
      includeDocumentation: true,
    }),
    kafka.describeLogDirs(brokerId),
  ]);
  const resource = described.resources[0]!;
  checkErrorCode(resource.errorCode, `DescribeConfigs broker ${brokerId}`, resource.errorMessage);
  const dirs = logDirs.logDirs.map(logDirView);
  const controllerId = quorumLeader ?? metadata.controllerId;
  const summary = brokerSummary(broker, controllerId, replicaCounts(metadata), { logDirBytes: dirs.reduce((sum, dir) => sum + dir.sizeBytes, 0) });
  const configs = resource.configs.map((config) => configEntryView(config, 'broker')).sort((a, b) => a.name.localeCompare(b.name));
  return { ...summary, configs, logDirs: dirs };
}

function brokerSummary(
  broker: MetadataBroker,
  controllerId: number | null,
  counts: ReturnType<typeof replicaCounts>,
  size: { logDirBytes: number | null; logDirError?: string },
): BrokerSummary {
  return {
    id: broker.nodeId,
    host: broker.host,
    port: broker.port,
    rack: broker.rack,
    isController: broker.nodeId === controllerId,
    leaderCount: counts.leaders.get(broker.nodeId) ?? 0,
    replicaCount: counts.replicas.get(broker.nodeId) ?? 0,
    ...size,
  };
}

/** Leaders and replicas per broker, from one full Metadata answer. */
export function replicaCounts(metadata: Pick<MetadataResponse, 'topics'>) {
  const leaders = new Map<number, number>();
  const replicas = new Map<number, number>();
  for (const topic of metadata.topics) {
    for (const partition of topic.partitions) {
      if (partition.leader >= 0) leaders.set(partition.leader, (leaders.get(partition.leader) ?? 0) + 1);
      for (const replica of partition.replicas) replicas.set(replica, (replicas.get(replica) ?? 0) + 1);
    }
  }
  return { leaders, replicas };
}

export function logDirView(dir: LogDir): LogDirView {
  let sizeBytes = 0;
  let partitionCount = 0;
  const topics = dir.topics.map((topic) => {
    let topicBytes = 0;
    let maxOffsetLag = 0;
    let futurePartitions = 0;
    for (const partition of topic.partitions) {
      topicBytes += partition.sizeBytes;
      maxOffsetLag = Math.max(maxOffsetLag, partition.offsetLag);
      if (partition.isFuture) futurePartitions += 1;
    }
    sizeBytes += topicBytes;
    partitionCount += topic.partitions.length;
    return { name: topic.name, partitions: topic.partitions.length, sizeBytes: topicBytes, maxOffsetLag, futurePartitions };
  });
  topics.sort((a, b) => b.sizeBytes - a.sizeBytes || a.name.localeCompare(b.name));
  const error = dir.errorCode === 0 ? null : `log dir error ${dir.errorCode}`;
  return { path: dir.path, error, totalBytes: dir.totalBytes, usableBytes: dir.usableBytes, sizeBytes, partitionCount, topics };
}

export async function logDirBytes(kafka: KafkaClient, nodeId: number): Promise<{ logDirBytes: number | null; logDirError?: string }> {
  try {
    const { logDirs } = await kafka.describeLogDirs(nodeId);
    let total = 0;
    for (const dir of logDirs) for (const topic of dir.topics) for (const partition of topic.partitions) total += partition.sizeBytes;
    return { logDirBytes: total };
  } catch (error) {
    return { logDirBytes: null, logDirError: (error as Error).message };
  }
}

/** The KRaft quorum leader; null on ZooKeeper clusters (no DescribeQuorum), where Metadata's controller id is right. */
async function activeController(kafka: KafkaClient): Promise<number | null> {
  try {
    const quorum = await kafka.describeQuorum();
    return quorum.errorCode === 0 && quorum.leaderId >= 0 ? quorum.leaderId : null;
  } catch {
    return null;
  }
}
