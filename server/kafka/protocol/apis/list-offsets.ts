import type { KafkaApi } from '../api';

/** ListOffsets' special timestamps. */
export const LATEST_TIMESTAMP = -1;
export const EARLIEST_TIMESTAMP = -2;
/** KIP-734 (v7+): the offset and timestamp of the record with the largest timestamp. */
export const MAX_TIMESTAMP = -3;

export interface ListOffsetsRequest {
  /** 0 reads up to the high watermark, 1 up to the last stable offset. */
  isolationLevel: 0 | 1;
  topics: { name: string; partitions: { partition: number; timestamp: number }[] }[];
}

export interface ListedOffset {
  topic: string;
  partition: number;
  errorCode: number;
  /** -1 when no record has a timestamp at or after the one asked for. */
  offset: number;
  timestamp: number;
}

/**
 * ListOffsets (key 2) v6: many topics and partitions in one request, all led by the receiving broker. kafkajs'
 * fetchTopicOffsets asks one topic per request and fails whole when one partition errs.
 */
export const ListOffsets: KafkaApi<ListOffsetsRequest, ListedOffset[]> = {
  key: 2,
  name: 'ListOffsets',
  minVersion: 6,
  maxVersion: 6,
  flexibleFrom: 6,
  encode(writer, { isolationLevel, topics }) {
    writer.int32(-1); // replica_id: a client, not a follower
    writer.int8(isolationLevel);
    writer.array(topics, (topic) => {
      writer.string(topic.name);
      writer.array(topic.partitions, (p) => writer.int32(p.partition).int32(-1).int64(p.timestamp).tags()); // -1: no leader epoch
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
          const entry: ListedOffset = { topic, partition: p.int32(), errorCode: p.int16(), timestamp: p.int64Number(), offset: p.int64Number() };
          p.int32(); // leader_epoch
          p.tags();
          return entry;
        });
        t.tags();
        return partitions;
      })
      .flat();
  },
};

/** The same request and answer as v6; v7 only adds MAX_TIMESTAMP, which older versions would refuse. */
export const ListOffsetsMaxTimestamp: KafkaApi<ListOffsetsRequest, ListedOffset[]> = { ...ListOffsets, minVersion: 7, maxVersion: 7 };
