import type { KafkaApi } from '../api';

export interface Coordinator {
  key: string;
  nodeId: number;
  errorCode: number;
  errorMessage: string | null;
}

/** FindCoordinator (key 10) v4 (KIP-699, Kafka 3.0+): the coordinators of many groups in one request. */
export const FindGroupCoordinators: KafkaApi<{ groupIds: string[] }, Coordinator[]> = {
  key: 10,
  name: 'FindCoordinator',
  minVersion: 4,
  maxVersion: 4,
  flexibleFrom: 3,
  encode(writer, { groupIds }) {
    writer.int8(0); // key_type: group
    writer.array(groupIds, (groupId) => writer.string(groupId));
    writer.tags();
  },
  decode(reader) {
    reader.int32(); // throttle_time_ms
    return reader.array((c) => {
      const key = c.string();
      const nodeId = c.int32();
      c.string(); // host
      c.int32(); // port
      const coordinator: Coordinator = { key, nodeId, errorCode: c.int16(), errorMessage: c.nullableString() };
      c.tags();
      return coordinator;
    });
  },
};
