import type { KafkaApi } from '../api';

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
    writer.nullableArray(request.topics, (topic) => writer.string(topic.name).int32Array(topic.partitions).tags());
    writer.tags();
  },
  decode(reader) {
    reader.int32(); // throttle_time_ms
    const errorCode = reader.int16();
    const errorMessage = reader.nullableString();
    const reassignments: OngoingReassignment[] = [];
    reader.array((r) => {
      const topic = r.string();
      r.array((p) => {
        reassignments.push({ topic, partition: p.int32(), replicas: p.int32Array(), addingReplicas: p.int32Array(), removingReplicas: p.int32Array() });
        p.tags();
      });
      r.tags();
    });
    reader.tags();
    return { errorCode, errorMessage, reassignments };
  },
};
