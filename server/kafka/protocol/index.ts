/**
 * Connectory's own Kafka wire protocol client, for what kafkajs 2.2.4 (no longer developed) lacks. See client.ts.
 */
export { KafkaProtocolClient, type BrokerTarget, type ProtocolClientOptions } from './client';
export { KafkaProtocolClients } from './pool';
export { KafkaApiError, checkErrorCode, kafkaErrorName } from './errors';
export { isDynamicSource, type ConfigResourceType, type ConfigSource, type ConfigType, type AlterOperation } from './config-types';
export type { DescribedConfig, DescribedResource, ConfigSynonym } from './apis/describe-configs';
export type { ConfigAlteration } from './apis/incremental-alter-configs';
export type { LogDir, LogDirPartition } from './apis/describe-log-dirs';
export type { MetadataResponse, MetadataTopic, MetadataPartition, MetadataBroker } from './apis/metadata';
export type { NewTopic, CreatedTopic } from './apis/create-topics';
export type { FetchRequest, FetchedPartition } from './apis/fetch';
export { decodeRecordBatches, readRecordBatches, type KafkaRecord, type KafkaHeader } from './records/record-batch';
