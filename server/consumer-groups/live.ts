/**
 * One group read live from its coordinator: FindCoordinator, then DescribeGroups (classic) — or, for a KIP-848
 * group, which DescribeGroups reports as Dead, ConsumerGroupDescribe — and OffsetFetch. Three or four requests.
 */
import { ApiError } from '../http/errors';
import { ConsumerGroupDescribe, type DescribedConsumerGroup, type TopicPartitions } from '../kafka/protocol/apis/consumer-group-describe';
import { decodeConsumerAssignment } from '../kafka/protocol/apis/consumer-protocol';
import { DescribeGroups, type DescribedClassicGroup } from '../kafka/protocol/apis/describe-groups';
import { FindGroupCoordinators } from '../kafka/protocol/apis/find-coordinator';
import { checkErrorCode, GROUP_ID_NOT_FOUND, kafkaErrorName } from '../kafka/protocol/errors';
import { OffsetFetch } from '../kafka/protocol/apis/offset-fetch';
import type { KafkaClient } from '../kafka/client';
import { partitionKey, type GroupProtocol, type PartitionKey } from '../metrics/types';

export interface LiveMember {
  memberId: string;
  clientId: string;
  host: string;
  instanceId: string | null;
  assignment: TopicPartitions[];
}

export interface LiveGroup {
  groupId: string;
  protocol: GroupProtocol;
  protocolType: string;
  state: string;
  assignor: string;
  coordinatorId: number;
  members: LiveMember[];
  /** Committed offsets (only partitions with a commit). */
  committed: Map<PartitionKey, number>;
}

/** States in which a group has no running consumer, so its offsets may be changed or the group deleted. */
const INACTIVE_STATES = new Set(['empty', 'dead']);

export function isInactive(group: LiveGroup): boolean {
  return group.members.length === 0 && INACTIVE_STATES.has(group.state.toLowerCase());
}

/** True when Kafka knows nothing of the group: no members and no committed offsets. */
export function isUnknown(group: LiveGroup): boolean {
  return group.state.toLowerCase() === 'dead' && group.members.length === 0 && group.committed.size === 0;
}

export async function readLiveGroup(kafka: KafkaClient, groupId: string): Promise<LiveGroup> {
  const coordinatorId = await findCoordinator(kafka, groupId);
  const [described, committed] = await Promise.all([describe(kafka, coordinatorId, groupId), committedOffsets(kafka, coordinatorId, groupId)]);
  return { ...described, groupId, coordinatorId, committed };
}

export async function findCoordinator(kafka: KafkaClient, groupId: string): Promise<number> {
  const [coordinator] = await kafka.send('any', FindGroupCoordinators, { groupIds: [groupId] });
  if (!coordinator || coordinator.errorCode !== 0) {
    const reason = coordinator ? kafkaErrorName(coordinator.errorCode) : 'no answer';
    throw new ApiError(503, 'unavailable', `Kafka cluster "${kafka.clusterId}": no coordinator for group "${groupId}" (${reason}); try again shortly`);
  }
  return coordinator.nodeId;
}

type Description = Pick<LiveGroup, 'protocol' | 'protocolType' | 'state' | 'assignor' | 'members'>;

async function describe(kafka: KafkaClient, coordinatorId: number, groupId: string): Promise<Description> {
  const [classic] = await kafka.send(coordinatorId, DescribeGroups, { groupIds: [groupId] });
  failOnError(groupId, classic?.errorCode ?? 0);
  const looksAbsent = !classic || (classic.state === 'Dead' && classic.members.length === 0);
  if (looksAbsent && (await kafka.supports(ConsumerGroupDescribe))) {
    const [group] = await kafka.send(coordinatorId, ConsumerGroupDescribe, { groupIds: [groupId] });
    if (group && group.errorCode === 0) return fromConsumerProtocol(group);
    if (group && group.errorCode !== GROUP_ID_NOT_FOUND) failOnError(groupId, group.errorCode);
  }
  return classic ? fromClassic(classic) : { protocol: 'classic', protocolType: '', state: 'Dead', assignor: '', members: [] };
}

function fromClassic(group: DescribedClassicGroup): Description {
  return {
    protocol: 'classic',
    protocolType: group.protocolType,
    state: group.state,
    assignor: group.protocol,
    members: group.members.map((member) => ({
      memberId: member.memberId,
      clientId: member.clientId,
      host: member.clientHost,
      instanceId: member.groupInstanceId,
      assignment: group.protocolType === 'consumer' ? decodeConsumerAssignment(member.assignment) : [],
    })),
  };
}

function fromConsumerProtocol(group: DescribedConsumerGroup): Description {
  return {
    protocol: 'consumer',
    protocolType: 'consumer',
    state: group.state,
    assignor: group.assignor,
    members: group.members.map((member) => ({
      memberId: member.memberId,
      clientId: member.clientId,
      host: member.clientHost,
      instanceId: member.instanceId,
      assignment: member.assignment,
    })),
  };
}

async function committedOffsets(kafka: KafkaClient, coordinatorId: number, groupId: string): Promise<Map<PartitionKey, number>> {
  const [answer] = await kafka.send(coordinatorId, OffsetFetch, { groupIds: [groupId] });
  failOnError(groupId, answer?.errorCode ?? 0);
  const committed = new Map<PartitionKey, number>();
  for (const entry of answer?.offsets ?? []) {
    if (entry.errorCode === 0 && entry.offset >= 0) committed.set(partitionKey(entry.topic, entry.partition), entry.offset);
  }
  return committed;
}

/** The routes' askKafka turns it into the API error: 503 while the coordinator moves, 502 otherwise. */
function failOnError(groupId: string, errorCode: number): void {
  checkErrorCode(errorCode, `group "${groupId}"`);
}
