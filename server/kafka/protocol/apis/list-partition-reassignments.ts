import type { KafkaApi } from '../api';
import { readPerPartition, writeTopicPartitionIds } from './topic-partitions';

export interface ListPartitionReassignmentsRequest {
  timeoutMs: number;
  /** null: every reassignment in flight. */
  topics: { name: string; partitions: number[] }[] | null;
}

export interface OngoingReassignment {
  topic: string;
  partition: number;
  /** The full target-plus-source set while moving. */
  replicas: number[];
  addingReplicas: number[];
  removingReplicas: number[];
}

export interface ListPartitionReassignmentsResponse {
  errorCode: number;
  errorMessage: string | null;
  reassignments: OngoingReassignment[];
}

/**
 * ListPartitionReassignments (key 46) v0, flexible, Kafka 2.4+ (KIP-455): the moves still in flight, with the replicas
 * being added and removed. A partition missing from the answer has finished (or never moved). Not in kafkajs.
 */
export const ListPartitionReassignments: KafkaApi<ListPartitionReassignmentsRequest, ListPartitionReassignmentsResponse> = {
  key: 46,
  name: 'ListPartitionReassignments',
  minVersion: 0,
  maxVersion: 0,
  flexibleFrom: 0,
  encode(writer, request) {
    writer.int32(request.timeoutMs);
    writeTopicPartitionIds(writer, request.topics);
    writer.tags();
  },
  decode(reader) {
    reader.int32(); // throttle_time_ms
    const errorCode = reader.int16();
    const errorMessage = reader.nullableString();
    const reassignments = readPerPartition(
      reader,
      (p, topic): OngoingReassignment => ({ topic, partition: p.int32(), replicas: p.int32Array(), addingReplicas: p.int32Array(), removingReplicas: p.int32Array() }),
    );
    reader.tags();
    return { errorCode, errorMessage, reassignments };
  },
};
