import { ApiError } from '../http/errors';
import { DeleteGroups } from '../kafka/protocol/apis/delete-groups';
import { GROUP_ID_NOT_FOUND, KafkaApiError, NON_EMPTY_GROUP } from '../kafka/protocol/errors';
import type { KafkaClient } from '../kafka/client';
import { isUnknown, readLiveGroup } from './live';
import { assertInactive } from './reset';

/** Deletes a group with no running consumer, and its committed offsets. 404 for an unknown group, 409 for an active one. */
export async function deleteGroup(kafka: KafkaClient, groupId: string): Promise<void> {
  const group = await readLiveGroup(kafka, groupId);
  if (isUnknown(group)) throw ApiError.notFound(`Kafka cluster "${kafka.clusterId}": no consumer group "${groupId}"`);
  assertInactive(kafka, group, 'delete it');
  const [result] = await kafka.send(group.coordinatorId, DeleteGroups, { groupIds: [groupId] });
  const errorCode = result?.errorCode ?? 0;
  if (errorCode === 0) return;
  if (errorCode === GROUP_ID_NOT_FOUND) throw ApiError.notFound(`Kafka cluster "${kafka.clusterId}": no consumer group "${groupId}"`);
  if (errorCode === NON_EMPTY_GROUP) throw ApiError.conflict(`Kafka cluster "${kafka.clusterId}": consumer group "${groupId}" has members again; not deleted`);
  throw new KafkaApiError(errorCode, `DeleteGroups group "${groupId}"`);
}
