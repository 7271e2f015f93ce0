import { logDirBytes } from '../brokers/service';
import type { KafkaCluster } from '../clusters/registry';
import { diskImbalance, type DiskImbalance } from '../rebalance/imbalance';
import type { KafkaClient } from '../kafka/client';
import type { MetadataResponse } from '../kafka/protocol';
import type { ClusterMetrics } from '../metrics/history';
import type { OffsetSampler } from '../metrics/sampler';
import { LAG_STATUSES, type LagStatus } from '../metrics/status';
import { messageOf } from '../util/errors';
import { withTimeout } from '../util/timeout';
import type { KafkaClusterSummary } from './schema';

/**
 * One Kafka cluster on the dashboard: Metadata for every topic (one request) and DescribeQuorum for the controller,
 * plus the offset sampler's latest view of its consumer groups. Each part fails on its own.
 */
export async function summarizeKafka(cluster: KafkaCluster, kafka: KafkaClient, sampler: OffsetSampler, timeoutMs: number): Promise<KafkaClusterSummary> {
  const bounded = <T>(what: string, work: Promise<T>) => withTimeout(work, timeoutMs, () => `Kafka cluster "${cluster.id}": ${what} took longer than ${timeoutMs} ms`);
  const [metadata, quorum, groups] = await Promise.allSettled([
    bounded('Metadata', kafka.metadata(null)),
    bounded('DescribeQuorum', kafka.describeQuorum()),
    bounded('consumer group sample', latestOrFresh(sampler, cluster)),
  ]);
  const imbalance = metadata.status === 'fulfilled' ? await bounded('DescribeLogDirs', disksOf(cluster.id, kafka, metadata.value)).catch(() => null) : null;
  const summary: KafkaClusterSummary = {
    id: cluster.id,
    name: cluster.name,
    status: metadata.status === 'fulfilled' ? 'up' : 'down',
    brokers: null,
    controllerId: null,
    topics: null,
    partitions: null,
    messagesInPerSec: null,
    messagesOutPerSec: null,
    consumerGroups: null,
    diskImbalance: imbalance,
  };
  if (metadata.status === 'fulfilled') Object.assign(summary, topology(metadata.value));
  else summary.error = messageOf(metadata.reason);
  if (quorum.status === 'fulfilled' && quorum.value.errorCode === 0 && quorum.value.leaderId >= 0) summary.controllerId = quorum.value.leaderId;
  // Without KRaft's quorum (a ZooKeeper cluster) Metadata's controller id is the real one.
  else if (metadata.status === 'fulfilled' && metadata.value.controllerId >= 0) summary.controllerId = metadata.value.controllerId;
  if (groups.status === 'fulfilled') Object.assign(summary, groupCounts(groups.value));
  else summary.consumerGroupsError = messageOf(groups.reason);
  return summary;
}

const DISK_READ_EVERY_MS = 30_000;
const disks = new Map<string, { at: number; imbalance: Promise<DiskImbalance | null> }>();

/**
 * The brokers' disk balance. DescribeLogDirs lists every replica of a broker, so the dashboard (polled every few
 * seconds by every open browser) reads it at most every 30 s per cluster; disks do not fill faster than that.
 */
function disksOf(clusterId: string, kafka: KafkaClient, metadata: MetadataResponse): Promise<DiskImbalance | null> {
  const known = disks.get(clusterId);
  if (known && Date.now() - known.at < DISK_READ_EVERY_MS) return known.imbalance;
  const imbalance = Promise.all(metadata.brokers.map((broker) => logDirBytes(kafka, broker.nodeId))).then((sizes) => diskImbalance(sizes.map((size) => size.logDirBytes)));
  disks.set(clusterId, { at: Date.now(), imbalance });
  imbalance.catch(() => disks.delete(clusterId));
  return imbalance;
}

/** The sampler's latest metrics, even if a little old: the dashboard must not wait on a full sample when it has one. */
function latestOrFresh(sampler: OffsetSampler, cluster: KafkaCluster): Promise<ClusterMetrics> {
  return sampler.current(cluster, 10 * sampler.settings.intervalMs);
}

export function topology(metadata: MetadataResponse): Pick<KafkaClusterSummary, 'brokers' | 'topics' | 'partitions'> {
  const live = new Set(metadata.brokers.map((broker) => broker.nodeId));
  const downIds = new Set<number>();
  let partitions = 0;
  let underReplicated = 0;
  let offline = 0;
  for (const topic of metadata.topics) {
    for (const partition of topic.partitions) {
      partitions += 1;
      if (partition.isr.length < partition.replicas.length) underReplicated += 1;
      if (partition.leader < 0) offline += 1;
      for (const replica of partition.replicas) if (!live.has(replica)) downIds.add(replica);
    }
  }
  return {
    brokers: { up: live.size, down: downIds.size, downIds: [...downIds].sort((a, b) => a - b) },
    topics: { total: metadata.topics.length, internal: metadata.topics.filter((topic) => topic.isInternal).length },
    partitions: { total: partitions, underReplicated, offline },
  };
}

function groupCounts(metrics: ClusterMetrics): Pick<KafkaClusterSummary, 'consumerGroups' | 'messagesInPerSec' | 'messagesOutPerSec'> {
  const byStatus = Object.fromEntries(LAG_STATUSES.map((status) => [status, 0])) as Record<LagStatus, number>;
  for (const group of metrics.groups.values()) byStatus[group.status] += 1;
  return {
    consumerGroups: { total: metrics.groups.size, byStatus, sampledAt: new Date(metrics.at).toISOString() },
    messagesInPerSec: metrics.messagesInPerSec,
    messagesOutPerSec: metrics.messagesOutPerSec,
  };
}
