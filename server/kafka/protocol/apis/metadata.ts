import type { KafkaApi } from '../api';
import type { Reader } from '../codec/reader';
import { topicIdToString } from '../topic-id';

export interface MetadataRequest {
  /** null: every topic (one request, however many topics there are); []: brokers and controller only. */
  topics: string[] | null;
}

export interface MetadataBroker {
  nodeId: number;
  host: string;
  port: number;
  rack: string | null;
}

export interface MetadataPartition {
  errorCode: number;
  partition: number;
  leader: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
}

export interface MetadataTopic {
  errorCode: number;
  name: string;
  /** Kafka's printed form (base64url), as `kafka-topics.sh --describe` shows it. */
  topicId: string;
  isInternal: boolean;
  partitions: MetadataPartition[];
}

export interface MetadataResponse {
  brokers: MetadataBroker[];
  clusterId: string | null;
  /** In KRaft this is a broker the client may send controller requests to (they are forwarded), -1 if none. */
  controllerId: number;
  topics: MetadataTopic[];
}

/**
 * Metadata (key 3) v9–v12. kafkajs has Metadata, but drops what the console shows: broker racks, topic ids and the
 * internal flag. Versions from v9 (Kafka 2.4) so the one flexible layout covers every broker Connectory supports.
 */
export const Metadata: KafkaApi<MetadataRequest, MetadataResponse> = {
  key: 3,
  name: 'Metadata',
  minVersion: 9,
  maxVersion: 12,
  flexibleFrom: 9,
  encode(writer, request, version) {
    writer.nullableArray(request.topics, (name) => {
      if (version >= 10) writer.uuid(null);
      writer.string(name).tags();
    });
    writer.boolean(false); // allow_auto_topic_creation: reading must never create
    if (version <= 10) writer.boolean(false); // include_cluster_authorized_operations
    writer.boolean(false); // include_topic_authorized_operations
    writer.tags();
  },
  decode(reader, version) {
    reader.int32(); // throttle_time_ms
    const brokers = reader.array((r) => {
      const broker = { nodeId: r.int32(), host: r.string(), port: r.int32(), rack: r.nullableString() };
      r.tags();
      return broker;
    });
    const clusterId = reader.nullableString();
    const controllerId = reader.int32();
    const topics = reader.array((r) => readTopic(r, version));
    return { brokers, clusterId, controllerId, topics };
  },
};

function readTopic(reader: Reader, version: number): MetadataTopic {
  const errorCode = reader.int16();
  const name = reader.nullableString() ?? '';
  const topicId = version >= 10 ? topicIdToString(reader.uuid()) : '';
  const isInternal = reader.boolean();
  const partitions = reader.array(readPartition);
  reader.int32(); // topic_authorized_operations
  reader.tags();
  return { errorCode, name, topicId, isInternal, partitions };
}

function readPartition(reader: Reader): MetadataPartition {
  const partition = {
    errorCode: reader.int16(),
    partition: reader.int32(),
    leader: reader.int32(),
    leaderEpoch: reader.int32(),
    replicas: reader.int32Array(),
    isr: reader.int32Array(),
    offlineReplicas: reader.int32Array(),
  };
  reader.tags();
  return partition;
}
