import type { KafkaApi } from '../api';
import { readPerPartition, writeTopicPartitionIds } from './topic-partitions';

export type ElectionType = 'preferred' | 'unclean';

export interface ElectLeadersRequest {
  electionType: ElectionType;
  /** null: every partition of the cluster. */
  topics: { name: string; partitions: number[] }[] | null;
  timeoutMs: number;
}

export interface ElectionResult {
  topic: string;
  partition: number;
  /** ELECTION_NOT_NEEDED (84) when the preferred replica already leads: not a failure. */
  errorCode: number;
  errorMessage: string | null;
}

/**
 * ElectLeaders (key 43) v2, flexible, Kafka 2.4+ (KIP-460): makes each partition's preferred (first) replica its
 * leader again, after a reassignment put the wanted leader first. Not in kafkajs.
 */
export const ElectLeaders: KafkaApi<ElectLeadersRequest, { errorCode: number; results: ElectionResult[] }> = {
  key: 43,
  name: 'ElectLeaders',
  minVersion: 2,
  maxVersion: 2,
  flexibleFrom: 2,
  encode(writer, request) {
    writer.int8(request.electionType === 'preferred' ? 0 : 1);
    writeTopicPartitionIds(writer, request.topics);
    writer.int32(request.timeoutMs).tags();
  },
  decode(reader) {
    reader.int32(); // throttle_time_ms
    const errorCode = reader.int16();
    const results = readPerPartition(reader, (p, topic): ElectionResult => ({ topic, partition: p.int32(), errorCode: p.int16(), errorMessage: p.nullableString() }));
    reader.tags();
    return { errorCode, results };
  },
};
