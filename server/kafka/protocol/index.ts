/**
 * Connectory's own Kafka wire protocol codec and client: every Kafka API the server speaks. See client.ts.
 */
export { KafkaProtocolClient, type BrokerTarget, type ProtocolClientOptions } from './client';
export { KafkaApiError, KafkaClusterError, checkErrorCode, kafkaErrorName, kafkaErrorKind, GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP, ELECTION_NOT_NEEDED, NO_REASSIGNMENT_IN_PROGRESS, type KafkaErrorKind } from './errors';
export { isDynamicSource, type ConfigResourceType, type ConfigSource, type ConfigType, type AlterOperation } from './config-types';
export type { DescribedConfig, DescribedResource, ConfigSynonym } from './apis/describe-configs';
export type { ConfigAlteration } from './apis/incremental-alter-configs';
export type { LogDir, LogDirPartition } from './apis/describe-log-dirs';
export type { MetadataResponse, MetadataTopic, MetadataPartition, MetadataBroker } from './apis/metadata';
export type { NewTopic, CreatedTopic } from './apis/create-topics';
export type { DeletedTopic } from './apis/delete-topics';
export type { CreatePartitionsResult } from './apis/create-partitions';
export type { AlterPartitionReassignmentsRequest, AlterPartitionReassignmentsResponse, PartitionReassignmentResult } from './apis/alter-partition-reassignments';
export type { ListPartitionReassignmentsRequest, ListPartitionReassignmentsResponse, OngoingReassignment } from './apis/list-partition-reassignments';
export type { ElectLeadersRequest, ElectionResult, ElectionType } from './apis/elect-leaders';
export type { FetchRequest, FetchedPartition } from './apis/fetch';
export { decodeRecordBatches, readRecordBatches, type DecompressionBudget, type KafkaRecord, type KafkaHeader } from './records/record-batch';
export { DecompressionCapError } from './records/compression';
export { ACL_OPERATIONS, ACL_PATTERN_TYPES, ACL_PERMISSION_TYPES, ACL_RESOURCE_TYPES, type AclBinding, type AclBindingFilter, type AclOperation, type AclPatternType, type AclPermissionType, type AclResourceType } from './acl-types';
export type { AclCreationResult, AclDeletionResult, DescribeAclsResponse } from './apis/acls';
