import type { KafkaApi } from '../api';

export interface CommittedOffset {
  topic: string;
  partition: number;
  /** -1: nothing committed for this partition. */
  offset: number;
  errorCode: number;
}

export interface GroupOffsets {
  groupId: string;
  errorCode: number;
  offsets: CommittedOffset[];
}

/**
 * OffsetFetch (key 9) v8 (KIP-709, Kafka 3.0+): the committed offsets of MANY groups in one request, every topic
 * of each. All the groups must be coordinated by the receiving broker; others come back with NOT_COORDINATOR.
 * kafkajs' fetchOffsets asks one group per request.
 */
export const OffsetFetch: KafkaApi<{ groupIds: string[] }, GroupOffsets[]> = {
  key: 9,
  name: 'OffsetFetch',
  minVersion: 8,
  maxVersion: 8,
  flexibleFrom: 6,
  encode(writer, { groupIds }) {
    writer.array(groupIds, (groupId) => writer.string(groupId).nullableArray(null, () => {}).tags()); // topics: null = all
    writer.boolean(false); // require_stable
    writer.tags();
  },
  decode(reader) {
    reader.int32(); // throttle_time_ms
    return reader.array((g) => {
      const groupId = g.string();
      const offsets = g
        .array((t) => {
          const topic = t.string();
          const partitions = t.array((p) => {
            const partition = p.int32();
            const offset = p.int64Number();
            p.int32(); // committed_leader_epoch
            p.nullableString(); // metadata
            const entry: CommittedOffset = { topic, partition, offset, errorCode: p.int16() };
            p.tags();
            return entry;
          });
          t.tags();
          return partitions;
        })
        .flat();
      const errorCode = g.int16();
      g.tags();
      return { groupId, errorCode, offsets };
    });
  },
};
