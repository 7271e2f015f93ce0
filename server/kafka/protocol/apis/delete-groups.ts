import type { KafkaApi } from '../api';

/** DeleteGroups (key 42) v2: the coordinator refuses (NON_EMPTY_GROUP) while the group has members. */
export const DeleteGroups: KafkaApi<{ groupIds: string[] }, { groupId: string; errorCode: number }[]> = {
  key: 42,
  name: 'DeleteGroups',
  minVersion: 2,
  maxVersion: 2,
  flexibleFrom: 2,
  encode(writer, { groupIds }) {
    writer.array(groupIds, (groupId) => writer.string(groupId));
    writer.tags();
  },
  decode(reader) {
    reader.int32(); // throttle_time_ms
    return reader.array((g) => {
      const result = { groupId: g.string(), errorCode: g.int16() };
      g.tags();
      return result;
    });
  },
};
