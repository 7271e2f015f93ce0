import { ApiError } from '../http/errors';
import type { ClusterHistory, GroupMetrics } from '../metrics/history';
import type { KafkaClient } from '../kafka/client';
import { fetchOffsets } from '../kafka/offsets';
import { worstStatus, type LagStatus } from '../metrics/status';
import { partitionKey, splitPartitionKey, type PartitionKey } from '../metrics/types';
import { isUnknown, readLiveGroup, type LiveGroup } from './live';
import type { GroupDetail } from './schema';

/**
 * A group's members and offsets read live (a few requests), with the status, rates and hour-long series the
 * offset sampler keeps for it. 404 when Kafka knows nothing of the group.
 */
export async function groupDetail(kafka: KafkaClient, history: ClusterHistory | undefined, groupId: string): Promise<GroupDetail> {
  const live = await readLiveGroup(kafka, groupId);
  if (isUnknown(live)) throw ApiError.notFound(`Kafka cluster "${kafka.clusterId}": no consumer group "${groupId}"`);
  const keys = partitionsOf(live);
  const topics = [...new Set(keys.map((key) => splitPartitionKey(key).topic))];
  const logEnd = topics.length === 0 ? new Map<PartitionKey, number>() : await fetchOffsets(kafka, { topics, timestamp: 'latest' });
  const sampled = history?.latest?.groups.get(groupId);
  const partitions = keys.map((key) => partitionView(key, live, logEnd, sampled));
  const lags = partitions.map((partition) => partition.lag).filter((lag): lag is number => lag !== null);
  return {
    groupId,
    state: live.state,
    protocol: live.protocol,
    protocolType: live.protocolType,
    assignor: live.assignor,
    coordinator: live.coordinatorId,
    members: live.members,
    partitions,
    lag: lags.length === 0 ? null : lags.reduce((sum, lag) => sum + lag, 0),
    status: sampled?.status ?? worstStatus(partitions.map((partition) => partition.status)),
    cmps: sampled?.cmps ?? null,
    produceRate: sampled?.produceRate ?? null,
    series: (history?.groupSeries(groupId) ?? []).map((point) => ({ ...point, at: new Date(point.at).toISOString() })),
    sampledAt: history?.latest && sampled ? new Date(history.latest.at).toISOString() : null,
  };
}

/** Committed partitions and assigned ones (an assigned partition may have nothing committed yet), sorted. */
function partitionsOf(live: LiveGroup): PartitionKey[] {
  const keys = new Set(live.committed.keys());
  for (const member of live.members) {
    for (const { topic, partitions } of member.assignment) for (const partition of partitions) keys.add(partitionKey(topic, partition));
  }
  return [...keys].sort((a, b) => {
    const x = splitPartitionKey(a);
    const y = splitPartitionKey(b);
    return x.topic < y.topic ? -1 : x.topic > y.topic ? 1 : x.partition - y.partition;
  });
}

function partitionView(key: PartitionKey, live: LiveGroup, logEnd: Map<PartitionKey, number>, sampled: GroupMetrics | undefined) {
  const { topic, partition } = splitPartitionKey(key);
  const committed = live.committed.get(key) ?? null;
  const end = logEnd.get(key) ?? null;
  const owner = live.members.find((member) => member.assignment.some((a) => a.topic === topic && a.partitions.includes(partition)));
  const status: LagStatus = sampled?.partitions.find((p) => p.topic === topic && p.partition === partition)?.status ?? 'OK';
  return {
    topic,
    partition,
    committedOffset: committed,
    logEndOffset: end,
    lag: committed === null || end === null ? null : Math.max(0, end - committed),
    status,
    owner: owner?.clientId ?? null,
  };
}
