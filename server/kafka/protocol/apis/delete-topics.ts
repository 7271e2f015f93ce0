import type { KafkaApi } from '../api';

export interface DeleteTopicsRequest {
  names: string[];
  timeoutMs: number;
}

export interface DeletedTopic {
  name: string;
  errorCode: number;
  /** v5+: the broker's own explanation; null before. */
  errorMessage: string | null;
}

/**
 * DeleteTopics (key 20) v4–v5 (Kafka 2.7+ for v5), by name. Topic creation already goes through CreateTopics here,
 * so deletion does too: one path for a topic's lifecycle, and the broker's message when it refuses.
 */
export const DeleteTopics: KafkaApi<DeleteTopicsRequest, { topics: DeletedTopic[] }> = {
  key: 20,
  name: 'DeleteTopics',
  minVersion: 4,
  maxVersion: 5,
  flexibleFrom: 4,
  encode(writer, request) {
    writer.array(request.names, (name) => writer.string(name));
    writer.int32(request.timeoutMs).tags();
  },
  decode(reader, version) {
    reader.int32(); // throttle_time_ms
    const topics = reader.array((r) => {
      const topic = { name: r.string(), errorCode: r.int16(), errorMessage: version >= 5 ? r.nullableString() : null };
      r.tags();
      return topic;
    });
    reader.tags();
    return { topics };
  },
};
