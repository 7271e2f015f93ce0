/**
 * Resetting a consumer group's offsets, as `kafka-consumer-groups.sh --reset-offsets` does: only while the group
 * has no running consumer, to offsets resolved against the log (never kafkajs' -1/-2 "latest/earliest" sentinels,
 * which a Java consumer reads as "no offset"), each clamped between the log start and the log end.
 */
import { ApiError } from '../http/errors';
import { kafkaErrorName } from '../kafka/protocol/errors';
import { OffsetCommit } from '../kafka/protocol/apis/offset-commit';
import type { KafkaClient } from '../kafka/client';
import { listOffsets, partitionLeaders } from '../kafka/offsets';
import { splitPartitionKey, type PartitionKey } from '../metrics/types';
import { isInactive, readLiveGroup, type LiveGroup } from './live';
import type { ResetOffsetsBody, ResetOffsetsResult } from './schema';

export interface PartitionBounds {
  earliest: number;
  latest: number;
  /** For to=timestamp: the first offset at or after the time, -1 when there is none. */
  atTimestamp?: number;
}

export interface PlannedOffset {
  topic: string;
  partition: number;
  current: number | null;
  target: number;
}

/** The target of every partition, or a 400 naming the partitions a shift cannot start from. Pure. */
export function planReset(request: Pick<ResetOffsetsBody, 'to' | 'shift'>, committed: Map<PartitionKey, number>, bounds: Map<PartitionKey, PartitionBounds>): PlannedOffset[] {
  const noCommit = [...bounds.keys()].filter((key) => !committed.has(key));
  if (request.to === 'shift' && noCommit.length > 0) {
    throw ApiError.badRequest(`Cannot shift partitions with no committed offset: ${noCommit.map(describeKey).join(', ')}; reset them to earliest, latest or a timestamp`, 'shift');
  }
  return [...bounds]
    .map(([key, bound]) => {
      const current = committed.get(key) ?? null;
      return { ...splitPartitionKey(key), current, target: clamp(wanted(request, current, bound), bound) };
    })
    .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
}

function wanted(request: Pick<ResetOffsetsBody, 'to' | 'shift'>, current: number | null, bound: PartitionBounds): number {
  switch (request.to) {
    case 'earliest':
      return bound.earliest;
    case 'latest':
      return bound.latest;
    case 'timestamp':
      // Nothing written at or after the time: the consumer starts at the end, as Kafka's own tool does.
      return bound.atTimestamp === undefined || bound.atTimestamp < 0 ? bound.latest : bound.atTimestamp;
    case 'shift':
      return (current ?? bound.earliest) + (request.shift ?? 0);
  }
}

function clamp(offset: number, bound: PartitionBounds): number {
  return Math.min(Math.max(offset, bound.earliest), bound.latest);
}

function describeKey(key: PartitionKey): string {
  const { topic, partition } = splitPartitionKey(key);
  return `${topic}[${partition}]`;
}

/** Previews (dry run) or commits the reset. 409 while the group has running consumers. */
export async function resetOffsets(kafka: KafkaClient, groupId: string, request: ResetOffsetsBody): Promise<ResetOffsetsResult> {
  const group = await readLiveGroup(kafka, groupId);
  assertInactive(kafka, group, 'reset its offsets');
  const bounds = await partitionBounds(kafka, group, request);
  const planned = planReset(request, group.committed, bounds);
  if (!request.dryRun) await commit(kafka, group, planned);
  return { groupId, dryRun: request.dryRun, applied: !request.dryRun, partitions: planned };
}

export function assertInactive(kafka: KafkaClient, group: LiveGroup, action: string): void {
  if (isInactive(group)) return;
  const members = group.members.length;
  throw ApiError.conflict(
    `Kafka cluster "${kafka.clusterId}": consumer group "${group.groupId}" is ${group.state} with ${members} member${members === 1 ? '' : 's'}; ` +
      `stop its consumers before you ${action} (only an Empty or Dead group can be changed)`,
  );
}

async function partitionBounds(kafka: KafkaClient, group: LiveGroup, request: ResetOffsetsBody): Promise<Map<PartitionKey, PartitionBounds>> {
  const committedTopics = [...new Set([...group.committed.keys()].map((key) => splitPartitionKey(key).topic))];
  const topics = request.topic ? [request.topic] : committedTopics;
  if (topics.length === 0) throw ApiError.badRequest(`Consumer group "${group.groupId}" has no committed offsets: name the topic to reset`, 'topic');
  const errors: string[] = [];
  const { leaders, missingTopics } = await partitionLeaders(kafka, topics, errors);
  if (request.topic && missingTopics.includes(request.topic)) throw ApiError.notFound(`Kafka cluster "${kafka.clusterId}": no topic "${request.topic}"`);
  // Without a topic, only the partitions the group has offsets for (of topics that still exist) are reset.
  if (!request.topic) for (const key of leaders.keys()) if (!group.committed.has(key)) leaders.delete(key);
  const [earliest, latest, atTimestamp] = await Promise.all([
    listOffsets(kafka, leaders, 'earliest', errors),
    listOffsets(kafka, leaders, 'latest', errors),
    request.to === 'timestamp' ? listOffsets(kafka, leaders, { timestamp: toMillis(request.timestamp!) }, errors) : undefined,
  ]);
  const unreadable = [...leaders.keys()].filter((key) => !earliest.has(key) || !latest.has(key) || (atTimestamp && !atTimestamp.has(key)));
  if (unreadable.length > 0 || errors.length > 0) {
    throw new ApiError(502, 'kafka_error', `Kafka cluster "${kafka.clusterId}": cannot read the offsets of ${unreadable.map(describeKey).join(', ') || 'some partitions'} (${errors.join('; ')})`);
  }
  const bounds = new Map<PartitionKey, PartitionBounds>();
  for (const key of leaders.keys()) {
    const bound: PartitionBounds = { earliest: earliest.get(key)!, latest: latest.get(key)! };
    if (atTimestamp) bound.atTimestamp = atTimestamp.get(key)!;
    bounds.set(key, bound);
  }
  return bounds;
}

function toMillis(timestamp: string | number): number {
  return typeof timestamp === 'number' ? timestamp : Date.parse(timestamp);
}

/** Group states a commit can be refused for because consumers joined after the check. */
const GROUP_BECAME_ACTIVE = new Set(['UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'REBALANCE_IN_PROGRESS', 'STALE_MEMBER_EPOCH', 'FENCED_MEMBER_EPOCH']);

async function commit(kafka: KafkaClient, group: LiveGroup, planned: PlannedOffset[]): Promise<void> {
  if (planned.length === 0) return;
  const results = await kafka.send(group.coordinatorId, OffsetCommit, { groupId: group.groupId, offsets: planned.map(({ topic, partition, target }) => ({ topic, partition, offset: target })) });
  const failed = results.filter((result) => result.errorCode !== 0);
  if (failed.length === 0) return;
  const names = failed.map((result) => kafkaErrorName(result.errorCode));
  const detail = failed.map((result, i) => `${result.topic}[${result.partition}]: ${names[i]}`).join(', ');
  if (names.some((name) => GROUP_BECAME_ACTIVE.has(name))) {
    throw ApiError.conflict(`Kafka cluster "${kafka.clusterId}": consumer group "${group.groupId}" became active; offsets not reset (${detail})`);
  }
  throw new ApiError(502, 'kafka_error', `Kafka cluster "${kafka.clusterId}": committing offsets of group "${group.groupId}" failed (${detail})`);
}
