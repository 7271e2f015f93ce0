import { ApiError } from '../http/errors';
import { DeleteGroups } from '../metrics/kafka-apis/delete-groups';
import { GROUP_ID_NOT_FOUND, kafkaErrorName, NON_EMPTY_GROUP } from '../metrics/kafka-apis/group-errors';
import type { KafkaWire } from '../metrics/kafka-wire';
import { isUnknown, readLiveGroup } from './live';
import { assertInactive } from './reset';

/** Deletes a group with no running consumer, and its committed offsets. 404 for an unknown group, 409 for an active one. */
export async function deleteGroup(wire: KafkaWire, groupId: string): Promise<void> {
  const group = await readLiveGroup(wire, groupId);
  if (isUnknown(group)) throw ApiError.notFound(`Kafka cluster "${wire.clusterId}": no consumer group "${groupId}"`);
  assertInactive(wire, group, 'delete it');
  const [result] = await wire.send(group.coordinatorId, DeleteGroups, { groupIds: [groupId] });
  const errorCode = result?.errorCode ?? 0;
  if (errorCode === 0) return;
  if (errorCode === GROUP_ID_NOT_FOUND) throw ApiError.notFound(`Kafka cluster "${wire.clusterId}": no consumer group "${groupId}"`);
  if (errorCode === NON_EMPTY_GROUP) throw ApiError.conflict(`Kafka cluster "${wire.clusterId}": consumer group "${groupId}" has members again; not deleted`);
  throw new ApiError(502, 'kafka_error', `Kafka cluster "${wire.clusterId}": deleting group "${groupId}" failed: ${kafkaErrorName(errorCode)}`);
}
