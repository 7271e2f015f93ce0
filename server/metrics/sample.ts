/**
 * One batched sample of a Kafka cluster's consumer groups. The cost is fixed per broker, never per group:
 *
 *   Metadata (brokers)                   1
 *   ListGroups                           1 per broker    (each broker lists the groups it coordinates)
 *   OffsetFetch v8, many groups          1 per coordinator per 1,000 groups
 *   DescribeGroups / ConsumerGroupDescribe   1 each per coordinator per 1,000 groups (members, assignments)
 *   Metadata (consumed topics' leaders)  1
 *   ListOffsets latest, many partitions  1 per partition leader
 *
 * A broker or group that fails is reported in `errors` and left out; the rest of the sample stands.
 */
import { messageOf } from '../util/errors';
import { ConsumerGroupDescribe, type DescribedConsumerGroup } from '../kafka/protocol/apis/consumer-group-describe';
import { decodeConsumerAssignment } from '../kafka/protocol/apis/consumer-protocol';
import { DescribeGroups, type DescribedClassicGroup } from '../kafka/protocol/apis/describe-groups';
import { kafkaErrorName } from '../kafka/protocol/errors';
import { ListGroups, type ListedGroup } from '../kafka/protocol/apis/list-groups';
import { OffsetFetch, type GroupOffsets } from '../kafka/protocol/apis/offset-fetch';
import type { KafkaClient } from '../kafka/client';
import { fetchOffsets } from '../kafka/offsets';
import { partitionKey, type ClusterSample, type GroupProtocol, type GroupSnapshot, type PartitionKey } from './types';

/** Groups per OffsetFetch/DescribeGroups request: keeps each answer well under a megabyte. */
export const GROUPS_PER_REQUEST = 1_000;

interface ListedConsumerGroup {
  groupId: string;
  coordinatorId: number;
  state: string;
  protocol: GroupProtocol;
}

export async function takeSample(shared: KafkaClient): Promise<ClusterSample> {
  const started = Date.now();
  // Counts this sample's requests only, whatever else uses the same connections meanwhile.
  const kafka = shared.fork();
  const errors: string[] = [];

  const { brokers } = await kafka.brokers();
  const listed = await listConsumerGroups(kafka, brokers.map((broker) => broker.nodeId), errors);
  const groups = await readGroups(kafka, listed, errors);
  const at = Date.now();
  const topics = [...new Set([...groups.values()].flatMap((group) => group.topics))].sort();
  const logEnd = topics.length === 0 ? new Map<PartitionKey, number>() : await fetchOffsets(kafka, { topics, timestamp: 'latest' }, errors);

  return {
    clusterId: kafka.clusterId,
    at,
    durationMs: Date.now() - started,
    groups,
    logEnd,
    brokers: brokers.length,
    requests: kafka.requestCount,
    requestsByApi: kafka.requestsByApi(),
    errors,
  };
}

/** Consumer groups only: Connect workers' groups, share and streams groups have no consumer offsets to judge. */
export function isConsumerGroup(group: ListedGroup): boolean {
  if (group.type === 'consumer') return true;
  if (group.type !== null && group.type !== 'classic') return false;
  return group.protocolType === 'consumer' || group.protocolType === '';
}

async function listConsumerGroups(kafka: KafkaClient, brokerIds: number[], errors: string[]): Promise<ListedConsumerGroup[]> {
  const answers = await Promise.allSettled(brokerIds.map((nodeId) => kafka.send(nodeId, ListGroups, {})));
  const listed: ListedConsumerGroup[] = [];
  answers.forEach((answer, i) => {
    const coordinatorId = brokerIds[i]!;
    if (answer.status === 'rejected') errors.push(messageOf(answer.reason));
    else if (answer.value.errorCode !== 0) errors.push(`ListGroups on broker ${coordinatorId}: ${kafkaErrorName(answer.value.errorCode)}`);
    else {
      for (const group of answer.value.groups.filter(isConsumerGroup)) {
        listed.push({ groupId: group.groupId, coordinatorId, state: group.state, protocol: group.type === 'consumer' ? 'consumer' : 'classic' });
      }
    }
  });
  return listed;
}

async function readGroups(kafka: KafkaClient, listed: ListedConsumerGroup[], errors: string[]): Promise<Map<string, GroupSnapshot>> {
  const byCoordinator = groupBy(listed, (group) => group.coordinatorId);
  const describeNew = await kafka.supports(ConsumerGroupDescribe);
  const perCoordinator = await Promise.all(
    [...byCoordinator].map(([coordinatorId, groups]) => readCoordinatorGroups(kafka, coordinatorId, groups, describeNew, errors)),
  );
  return new Map(perCoordinator.flat().map((group) => [group.groupId, group]));
}

async function readCoordinatorGroups(
  kafka: KafkaClient,
  coordinatorId: number,
  groups: ListedConsumerGroup[],
  describeNew: boolean,
  errors: string[],
): Promise<GroupSnapshot[]> {
  const ids = (filter: (group: ListedConsumerGroup) => boolean) => groups.filter(filter).map((group) => group.groupId);
  const classicIds = ids((group) => group.protocol === 'classic');
  const consumerIds = describeNew ? ids((group) => group.protocol === 'consumer') : [];
  const [offsets, classic, consumer] = await Promise.all([
    inChunks(ids(() => true), (groupIds) => kafka.send(coordinatorId, OffsetFetch, { groupIds }), errors),
    inChunks(classicIds, (groupIds) => kafka.send(coordinatorId, DescribeGroups, { groupIds }), errors),
    inChunks(consumerIds, (groupIds) => kafka.send(coordinatorId, ConsumerGroupDescribe, { groupIds }), errors),
  ]);
  const offsetsById = new Map(offsets.map((entry) => [entry.groupId, entry]));
  const describedById = new Map<string, Described>([
    ...classic.map((group) => [group.groupId, describedClassic(group)] as const),
    ...consumer.map((group) => [group.groupId, describedConsumer(group)] as const),
  ]);
  return groups.map((group) => snapshotOf(group, offsetsById.get(group.groupId), describedById.get(group.groupId)));
}

interface Described {
  errorCode: number;
  state: string;
  members: number;
  owned: Set<PartitionKey>;
}

function describedClassic(group: DescribedClassicGroup): Described {
  const owned = new Set<PartitionKey>();
  for (const member of group.members) {
    for (const { topic, partitions } of decodeConsumerAssignment(member.assignment)) {
      for (const partition of partitions) owned.add(partitionKey(topic, partition));
    }
  }
  return { errorCode: group.errorCode, state: group.state, members: group.members.length, owned };
}

function describedConsumer(group: DescribedConsumerGroup): Described {
  const owned = new Set<PartitionKey>();
  for (const member of group.members) {
    for (const { topic, partitions } of member.assignment) {
      for (const partition of partitions) owned.add(partitionKey(topic, partition));
    }
  }
  return { errorCode: group.errorCode, state: group.state, members: group.members.length, owned };
}

function snapshotOf(listed: ListedConsumerGroup, offsets: GroupOffsets | undefined, described: Described | undefined): GroupSnapshot {
  const problems: string[] = [];
  const committed = new Map<PartitionKey, number>();
  if (!offsets) problems.push('committed offsets not read');
  else if (offsets.errorCode !== 0) problems.push(`OffsetFetch: ${kafkaErrorName(offsets.errorCode)}`);
  else for (const entry of offsets.offsets) if (entry.errorCode === 0 && entry.offset >= 0) committed.set(partitionKey(entry.topic, entry.partition), entry.offset);

  const usable = described && described.errorCode === 0 ? described : undefined;
  if (described && !usable) problems.push(`describe: ${kafkaErrorName(described.errorCode)}`);
  const topics = new Set([...committed.keys(), ...(usable?.owned ?? [])].map((key) => key.slice(0, key.lastIndexOf(':'))));
  const snapshot: GroupSnapshot = {
    groupId: listed.groupId,
    protocol: listed.protocol,
    state: usable?.state || listed.state,
    coordinatorId: listed.coordinatorId,
    members: usable ? usable.members : null,
    owned: usable ? usable.owned : null,
    committed,
    topics: [...topics].sort(),
  };
  if (problems.length > 0) snapshot.error = problems.join('; ');
  return snapshot;
}

/** Sends `ids` in chunks; a failed chunk is recorded and its groups are left out. */
async function inChunks<T>(ids: string[], send: (chunk: string[]) => Promise<T[]>, errors: string[]): Promise<T[]> {
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += GROUPS_PER_REQUEST) chunks.push(ids.slice(i, i + GROUPS_PER_REQUEST));
  const answers = await Promise.allSettled(chunks.map(send));
  return answers.flatMap((answer) => {
    if (answer.status === 'fulfilled') return answer.value;
    errors.push(messageOf(answer.reason));
    return [];
  });
}

function groupBy<T, K>(items: T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
