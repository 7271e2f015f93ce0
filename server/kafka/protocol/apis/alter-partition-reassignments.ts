import type { KafkaApi } from '../api';
import { readPerPartition } from './topic-partitions';

export interface AlterPartitionReassignmentsRequest {
  timeoutMs: number;
  /** `replicas` null cancels the partition's reassignment in flight (KIP-455), a list starts one. */
  topics: { name: string; partitions: { partition: number; replicas: number[] | null }[] }[];
}

export interface PartitionReassignmentResult {
  topic: string;
  partition: number;
  errorCode: number;
  errorMessage: string | null;
}

export interface AlterPartitionReassignmentsResponse {
  /** A whole-request error (e.g. NOT_CONTROLLER, CLUSTER_AUTHORIZATION_FAILED); partitions carry their own. */
  errorCode: number;
  errorMessage: string | null;
  results: PartitionReassignmentResult[];
}

/**
 * AlterPartitionReassignments (key 45) v0, flexible, Kafka 2.4+ (KIP-455): moves partitions' replicas to other brokers,
 * or cancels a move. The controller answers (a KRaft broker forwards). Not in kafkajs. v1 only adds a flag that
 * refuses a change of replication factor; Connectory changes the factor on purpose, so v0 says all it needs.
 */
export const AlterPartitionReassignments: KafkaApi<AlterPartitionReassignmentsRequest, AlterPartitionReassignmentsResponse> = {
  key: 45,
  name: 'AlterPartitionReassignments',
  minVersion: 0,
  maxVersion: 0,
  flexibleFrom: 0,
  encode(writer, request) {
    writer.int32(request.timeoutMs);
    writer.array(request.topics, (topic) => {
      writer.string(topic.name);
      writer.array(topic.partitions, (p) => {
        writer.int32(p.partition).nullableArray(p.replicas, (id) => writer.int32(id)).tags();
      });
      writer.tags();
    });
    writer.tags();
  },
  decode(reader) {
    reader.int32(); // throttle_time_ms
    const errorCode = reader.int16();
    const errorMessage = reader.nullableString();
    const results = readPerPartition(reader, (p, topic): PartitionReassignmentResult => ({ topic, partition: p.int32(), errorCode: p.int16(), errorMessage: p.nullableString() }));
    reader.tags();
    return { errorCode, errorMessage, results };
  },
};
