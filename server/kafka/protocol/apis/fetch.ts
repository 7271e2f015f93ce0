import type { KafkaApi } from '../api';
import type { Reader } from '../codec/reader';

export interface FetchPartitionRequest {
  partition: number;
  fetchOffset: number;
  /** Bytes this partition may return at most (the broker still returns one whole batch if the first is bigger). */
  maxBytes: number;
}

export interface FetchRequest {
  maxWaitMs: number;
  minBytes: number;
  /** Bytes the whole response may hold at most. */
  maxBytes: number;
  /** 0 read_uncommitted, 1 read_committed. */
  isolationLevel: 0 | 1;
  topics: { topic: string; partitions: FetchPartitionRequest[] }[];
}

export interface FetchedPartition {
  partition: number;
  errorCode: number;
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
  /** Raw record batches, still encoded (see records/record-batch.ts); may end with a truncated batch. */
  records: Buffer | null;
}

export interface FetchResponse {
  errorCode: number;
  topics: { topic: string; partitions: FetchedPartition[] }[];
}

/**
 * Fetch (key 1) v4–v12, without a fetch session (KIP-227) or a consumer group: a one-shot bounded read for the
 * message browser. Topic names rather than ids, so v12 is the ceiling (v13 switched to topic ids).
 */
export const Fetch: KafkaApi<FetchRequest, FetchResponse> = {
  key: 1,
  name: 'Fetch',
  minVersion: 4,
  maxVersion: 12,
  flexibleFrom: 12,
  encode(writer, request, version) {
    writer.int32(-1); // replica_id: a consumer, not a follower
    writer.int32(request.maxWaitMs).int32(request.minBytes).int32(request.maxBytes).int8(request.isolationLevel);
    if (version >= 7) writer.int32(0).int32(-1); // session_id 0 + epoch -1: a full fetch outside any session
    writer.array(request.topics, (topic) => {
      writer.string(topic.topic);
      writer.array(topic.partitions, (partition) => {
        writer.int32(partition.partition);
        if (version >= 9) writer.int32(-1); // current_leader_epoch: unknown
        writer.int64(partition.fetchOffset);
        if (version >= 12) writer.int32(-1); // last_fetched_epoch
        if (version >= 5) writer.int64(-1); // log_start_offset: only followers send it
        writer.int32(partition.maxBytes).tags();
      });
      writer.tags();
    });
    if (version >= 7) writer.array([], () => {}); // forgotten_topics_data
    if (version >= 11) writer.string(''); // rack_id
    writer.tags();
  },
  decode(reader, version) {
    reader.int32(); // throttle_time_ms
    const errorCode = version >= 7 ? reader.int16() : 0;
    if (version >= 7) reader.int32(); // session_id
    const topics = reader.array((r) => {
      const topic = { topic: r.string(), partitions: r.array((p) => readPartition(p, version)) };
      r.tags();
      return topic;
    });
    return { errorCode, topics };
  },
};

function readPartition(reader: Reader, version: number): FetchedPartition {
  const partition = reader.int32();
  const errorCode = reader.int16();
  const highWatermark = reader.int64Number();
  const lastStableOffset = reader.int64Number();
  const logStartOffset = version >= 5 ? reader.int64Number() : -1;
  reader.nullableArray((r) => {
    r.int64(); // producer_id
    r.int64(); // first_offset
    r.tags();
  });
  if (version >= 11) reader.int32(); // preferred_read_replica
  const records = reader.nullableBytes();
  reader.tags();
  return { partition, errorCode, highWatermark, lastStableOffset, logStartOffset, records };
}
