import type { KafkaApi } from '../api';
import type { Reader } from '../codec/reader';
import { configSourceName, type ConfigSource } from '../config-types';
import { topicIdToString } from '../topic-id';

export interface NewTopic {
  name: string;
  /** -1: the broker's num.partitions. */
  partitions: number;
  /** -1: the broker's default.replication.factor. */
  replicationFactor: number;
  configs: { name: string; value: string }[];
}

export interface CreateTopicsRequest {
  topics: NewTopic[];
  timeoutMs: number;
  /** Let the controller check everything (name, partitions, replication, every config value) without creating. */
  validateOnly: boolean;
}

export interface CreatedTopic {
  name: string;
  topicId: string;
  errorCode: number;
  /** The broker's own explanation, e.g. "Invalid value -2 for configuration retention.ms: ...". */
  errorMessage: string | null;
  /** v5+: what the topic got (or would get), defaults included; null before v5. */
  partitions: number | null;
  replicationFactor: number | null;
  configs: { name: string; value: string | null; readOnly: boolean; source: ConfigSource; isSensitive: boolean }[] | null;
}

/**
 * CreateTopics (key 19) v2–v7. kafkajs has CreateTopics but throws away the broker's error message, which is the
 * only place that says which config was wrong and why.
 */
export const CreateTopics: KafkaApi<CreateTopicsRequest, { topics: CreatedTopic[] }> = {
  key: 19,
  name: 'CreateTopics',
  minVersion: 2,
  maxVersion: 7,
  flexibleFrom: 5,
  encode(writer, request) {
    writer.array(request.topics, (topic) => {
      writer.string(topic.name).int32(topic.partitions).int16(topic.replicationFactor);
      writer.array([], () => {}); // assignments: let the controller place replicas
      writer.array(topic.configs, (config) => writer.string(config.name).nullableString(config.value).tags());
      writer.tags();
    });
    writer.int32(request.timeoutMs).boolean(request.validateOnly).tags();
  },
  decode(reader, version) {
    reader.int32(); // throttle_time_ms
    return { topics: reader.array((r) => readTopic(r, version)) };
  },
};

function readTopic(reader: Reader, version: number): CreatedTopic {
  const name = reader.string();
  const topicId = version >= 7 ? topicIdToString(reader.uuid()) : '';
  const errorCode = reader.int16();
  const errorMessage = reader.nullableString();
  let partitions: number | null = null;
  let replicationFactor: number | null = null;
  let configs: CreatedTopic['configs'] = null;
  if (version >= 5) {
    partitions = reader.int32();
    replicationFactor = reader.int16();
    configs = reader.nullableArray((r) => {
      const config = { name: r.string(), value: r.nullableString(), readOnly: r.boolean(), source: configSourceName(r.int8()), isSensitive: r.boolean() };
      r.tags();
      return config;
    });
  }
  reader.tags();
  return { name, topicId, errorCode, errorMessage, partitions, replicationFactor, configs };
}
