import type { KafkaApi } from '../api';

export interface OffsetCommitRequest {
  groupId: string;
  offsets: { topic: string; partition: number; offset: number }[];
}

export interface CommitResult {
  topic: string;
  partition: number;
  errorCode: number;
}

/**
 * OffsetCommit (key 8) v8 as an administrator: no member id and generation -1, which the coordinator accepts only
 * while the group has no members. Callers pass resolved offsets, never the -1/-2 "latest/earliest" sentinels.
 */
export const OffsetCommit: KafkaApi<OffsetCommitRequest, CommitResult[]> = {
  key: 8,
  name: 'OffsetCommit',
  minVersion: 8,
  maxVersion: 8,
  flexibleFrom: 8,
  encode(writer, { groupId, offsets }) {
    const byTopic = new Map<string, { partition: number; offset: number }[]>();
    for (const { topic, partition, offset } of offsets) byTopic.set(topic, [...(byTopic.get(topic) ?? []), { partition, offset }]);
    writer.string(groupId);
    writer.int32(-1); // generation_id_or_member_epoch
    writer.string(''); // member_id
    writer.nullableString(null); // group_instance_id
    writer.array([...byTopic], ([topic, partitions]) => {
      writer.string(topic);
      writer.array(partitions, (p) => writer.int32(p.partition).int64(p.offset).int32(-1).nullableString(null).tags());
      writer.tags();
    });
    writer.tags();
  },
  decode(reader) {
    reader.int32(); // throttle_time_ms
    return reader
      .array((t) => {
        const topic = t.string();
        const partitions = t.array((p) => {
          const result: CommitResult = { topic, partition: p.int32(), errorCode: p.int16() };
          p.tags();
          return result;
        });
        t.tags();
        return partitions;
      })
      .flat();
  },
};
