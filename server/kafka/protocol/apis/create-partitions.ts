import type { KafkaApi } from '../api';

export interface CreatePartitionsRequest {
  /** The partition count each topic should end up with (only ever more than it has). */
  topics: { name: string; count: number }[];
  timeoutMs: number;
  validateOnly: boolean;
}

export interface CreatePartitionsResult {
  name: string;
  errorCode: number;
  errorMessage: string | null;
}

/**
 * CreatePartitions (key 37) v2–v3 (Kafka 2.4+): grows topics, the controller placing the new replicas. With
 * CreateTopics and IncrementalAlterConfigs it keeps every change to a topic on this codec.
 */
export const CreatePartitions: KafkaApi<CreatePartitionsRequest, { results: CreatePartitionsResult[] }> = {
  key: 37,
  name: 'CreatePartitions',
  minVersion: 2,
  maxVersion: 3,
  flexibleFrom: 2,
  encode(writer, request) {
    writer.array(request.topics, (topic) => {
      writer.string(topic.name).int32(topic.count);
      writer.nullableArray(null, () => {}); // assignments: let the controller place replicas
      writer.tags();
    });
    writer.int32(request.timeoutMs).boolean(request.validateOnly).tags();
  },
  decode(reader) {
    reader.int32(); // throttle_time_ms
    const results = reader.array((r) => {
      const result = { name: r.string(), errorCode: r.int16(), errorMessage: r.nullableString() };
      r.tags();
      return result;
    });
    reader.tags();
    return { results };
  },
};
