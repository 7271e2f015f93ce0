import { z } from '@hono/zod-openapi';
import { CONFIG_SOURCES, CONFIG_TYPES } from '../kafka/protocol/config-types';

export const kafkaIdParam = z
  .string()
  .min(1)
  .openapi({ param: { name: 'kafkaId', in: 'path' }, example: 'local', description: 'Kafka cluster id, as registered' });

export const KafkaClusterParamsSchema = z.object({ kafkaId: kafkaIdParam });

export const BrokerParamsSchema = z.object({
  kafkaId: kafkaIdParam,
  brokerId: z.coerce.number().int().min(0).openapi({ param: { name: 'brokerId', in: 'path' }, example: 1, description: 'Broker node id' }),
});

export const ConfigEntrySchema = z
  .object({
    name: z.string().openapi({ example: 'retention.ms' }),
    value: z.string().nullable().openapi({ description: 'The value in effect. Sensitive values are never shown: `********` when set, null when not.' }),
    source: z.enum(CONFIG_SOURCES).openapi({
      description:
        'Where the value comes from: DYNAMIC_TOPIC_CONFIG (set on the topic), DYNAMIC_BROKER_CONFIG (set at runtime for this broker), DYNAMIC_DEFAULT_BROKER_CONFIG (set at runtime for every broker), STATIC_BROKER_CONFIG (server.properties), DEFAULT_CONFIG (Kafka’s built-in default).',
    }),
    dynamic: z.boolean().openapi({ description: 'Set at runtime (a DYNAMIC_* source): changeable without restarting a broker.' }),
    isDefault: z.boolean().openapi({
      description: 'For a topic: not overridden on the topic (the value is inherited). For a broker: Kafka’s built-in default.',
    }),
    readOnly: z.boolean().openapi({ description: 'Cannot be changed at runtime.' }),
    sensitive: z.boolean().openapi({ description: 'A secret (passwords, keys): the value is masked.' }),
    type: z.enum(CONFIG_TYPES).openapi({ description: 'The config’s type as the broker defines it (KIP-569); UNKNOWN from brokers older than Kafka 2.6.' }),
    documentation: z.string().nullable().openapi({ description: 'The broker’s own documentation of the config (may contain HTML).' }),
    defaultValue: z.string().nullable().openapi({ description: 'What the config falls back to without its own setting.' }),
    synonyms: z
      .array(z.object({ name: z.string(), value: z.string().nullable(), source: z.enum(CONFIG_SOURCES) }))
      .openapi({ description: 'Every place this config is set, highest precedence first (e.g. the topic override, then `log.retention.hours` on the broker).' }),
  })
  .openapi('ConfigEntry');

const brokerFields = {
  id: z.number().int().openapi({ example: 1 }),
  host: z.string().openapi({ example: 'kafka-1.internal' }),
  port: z.number().int().openapi({ example: 9092 }),
  rack: z.string().nullable().openapi({ description: '`broker.rack`, null when unset' }),
  isController: z.boolean().openapi({ description: 'This broker is the active controller (KRaft: the metadata quorum leader).' }),
  leaderCount: z.number().int().openapi({ description: 'Partitions this broker leads' }),
  replicaCount: z.number().int().openapi({ description: 'Partition replicas this broker hosts (leaders included)' }),
  logDirBytes: z.number().nullable().openapi({ description: 'Bytes of all replicas in its log dirs; null when the broker did not answer' }),
  logDirError: z.string().optional().openapi({ description: 'Why logDirBytes is null' }),
};

export const BrokerSchema = z.object(brokerFields).openapi('Broker');

export const DiskImbalanceSchema = z
  .object({
    maxOverMean: z.number().openapi({ description: 'The fullest broker’s bytes over the mean of all brokers', example: 1.42 }),
    threshold: z.number().openapi({ description: 'The planner’s default balance threshold (1.10)' }),
    overThreshold: z.boolean().openapi({ description: 'A full rebalance is recommended' }),
  })
  .openapi('DiskImbalance', { description: 'Null when it cannot be told: fewer than two brokers, a broker that did not answer DescribeLogDirs, or no data.' });

export const BrokerListSchema = z
  .object({
    items: z.array(BrokerSchema),
    controllerId: z.number().int().nullable().openapi({ description: 'The active controller’s node id; in KRaft it may be a controller-only node that is not in `items`.' }),
    clusterId: z.string().nullable().openapi({ description: 'Kafka’s own cluster id' }),
    diskImbalance: DiskImbalanceSchema.nullable(),
  })
  .openapi('BrokerList');

export const LogDirSchema = z
  .object({
    path: z.string().openapi({ example: '/var/lib/kafka/data' }),
    error: z.string().nullable().openapi({ description: 'Why the dir is offline, null when healthy' }),
    totalBytes: z.number().nullable().openapi({ description: 'Volume size (Kafka 3.3+), null when unknown' }),
    usableBytes: z.number().nullable().openapi({ description: 'Free space on the volume (Kafka 3.3+), null when unknown' }),
    sizeBytes: z.number().openapi({ description: 'Bytes of the replicas in this dir' }),
    partitionCount: z.number().int(),
    topics: z
      .array(
        z.object({
          name: z.string(),
          partitions: z.number().int().openapi({ description: 'Replicas of this topic in the dir' }),
          sizeBytes: z.number(),
          maxOffsetLag: z.number().openapi({ description: 'The largest offset lag of these replicas behind their leader' }),
          futurePartitions: z.number().int().openapi({ description: 'Replicas being moved into this dir' }),
        }),
      )
      .openapi({ description: 'Largest first' }),
  })
  .openapi('LogDir');

export const BrokerDetailSchema = z
  .object({
    ...brokerFields,
    configs: z.array(ConfigEntrySchema).openapi({ description: 'Every broker config, by name' }),
    logDirs: z.array(LogDirSchema),
  })
  .openapi('BrokerDetail');
