import type { KafkaApi } from '../api';
import type { Reader } from '../codec/reader';

export interface DescribeLogDirsRequest {
  /** null: every partition the broker hosts. */
  topics: { topic: string; partitions: number[] }[] | null;
}

export interface LogDirPartition {
  partition: number;
  sizeBytes: number;
  /** How far this replica is behind the log end (the leader's high watermark for followers; 0 when caught up). */
  offsetLag: number;
  /** A replica being moved to this dir (alter-log-dirs), not the live one. */
  isFuture: boolean;
}

export interface LogDir {
  errorCode: number;
  path: string;
  topics: { name: string; partitions: LogDirPartition[] }[];
  /** Volume size and free space, v4+ (Kafka 3.3+); null before. */
  totalBytes: number | null;
  usableBytes: number | null;
}

/** DescribeLogDirs (key 35) v1–v4: per broker, its log dirs and the size of every replica in them. Not in kafkajs. */
export const DescribeLogDirs: KafkaApi<DescribeLogDirsRequest, { errorCode: number; logDirs: LogDir[] }> = {
  key: 35,
  name: 'DescribeLogDirs',
  minVersion: 1,
  maxVersion: 4,
  flexibleFrom: 2,
  encode(writer, request) {
    writer.nullableArray(request.topics, (topic) => writer.string(topic.topic).int32Array(topic.partitions).tags());
    writer.tags();
  },
  decode(reader, version) {
    reader.int32(); // throttle_time_ms
    const errorCode = version >= 3 ? reader.int16() : 0;
    return { errorCode, logDirs: reader.array((r) => readLogDir(r, version)) };
  },
};

function readLogDir(reader: Reader, version: number): LogDir {
  const errorCode = reader.int16();
  const path = reader.string();
  const topics = reader.array((r) => {
    const topic = { name: r.string(), partitions: r.array(readPartition) };
    r.tags();
    return topic;
  });
  const totalBytes = version >= 4 ? unknownAsNull(reader.int64Number()) : null;
  const usableBytes = version >= 4 ? unknownAsNull(reader.int64Number()) : null;
  reader.tags();
  return { errorCode, path, topics, totalBytes, usableBytes };
}

function readPartition(reader: Reader): LogDirPartition {
  const partition = {
    partition: reader.int32(),
    sizeBytes: reader.int64Number(),
    offsetLag: reader.int64Number(),
    isFuture: reader.boolean(),
  };
  reader.tags();
  return partition;
}

/** The broker sends -1 when it cannot tell (e.g. an offline dir). */
function unknownAsNull(bytes: number): number | null {
  return bytes >= 0 ? bytes : null;
}
