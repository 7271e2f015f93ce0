import { z } from '@hono/zod-openapi';
import { ConfigEntrySchema, kafkaIdParam } from '../brokers/schema';
import { CONFIG_TYPES } from '../kafka/protocol/config-types';
import { MAX_BROWSE_LIMIT } from './messages';

export const MAX_TOPIC_PAGE_SIZE = 500;

const topicParam = z
  .string()
  .min(1)
  .max(249)
  .openapi({ param: { name: 'topic', in: 'path' }, example: 'orders', description: 'Topic name' });

export const TopicParamsSchema = z.object({ kafkaId: kafkaIdParam, topic: topicParam });

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

export const TopicListQuerySchema = z.object({
  q: z.string().max(249).optional().openapi({ description: 'Case-insensitive part of the topic name', example: 'orders' }),
  internal: booleanQuery.optional().openapi({
    description: 'Absent: every topic. `false`: hide Kafka’s internal topics (__consumer_offsets, __transaction_state…). `true`: only those.',
    example: 'false',
  }),
  page: z.coerce.number().int().min(1).default(1).openapi({ description: '1-based' }),
  size: z.coerce.number().int().min(1).max(MAX_TOPIC_PAGE_SIZE).default(50),
});

export const TopicSummarySchema = z
  .object({
    name: z.string().openapi({ example: 'orders' }),
    topicId: z.string().openapi({ description: 'Kafka’s topic id (base64url), empty from brokers before Kafka 2.8', example: 'QCw-Yzd3TLir-sGym4PB0A' }),
    internal: z.boolean().openapi({ description: 'One of Kafka’s own internal topics' }),
    partitions: z.number().int(),
    replicationFactor: z.number().int(),
    underReplicated: z.boolean().openapi({ description: 'Some partition has fewer in-sync replicas than replicas' }),
    underReplicatedPartitions: z.number().int(),
    offlinePartitions: z.number().int().openapi({ description: 'Partitions without a leader (unavailable)' }),
  })
  .openapi('TopicSummary');

export const TopicPageSchema = z
  .object({
    items: z.array(TopicSummarySchema),
    total: z.number().int().openapi({ description: 'Topics matching the filter, over all pages' }),
    page: z.number().int(),
    size: z.number().int(),
  })
  .openapi('TopicPage', { description: 'Sorted by name. From cluster metadata cached for a few seconds and refreshed after every change made here.' });

const ReplicaSizeSchema = z.object({
  broker: z.number().int(),
  logDir: z.string(),
  sizeBytes: z.number(),
  offsetLag: z.number().openapi({ description: 'How far this replica is behind the leader (messages)' }),
  isFuture: z.boolean().openapi({ description: 'A copy being moved to another log dir' }),
});

export const PartitionDetailSchema = z
  .object({
    partition: z.number().int(),
    leader: z.number().int().openapi({ description: 'Leader broker id; -1 when the partition is offline' }),
    replicas: z.array(z.number().int()),
    isr: z.array(z.number().int()).openapi({ description: 'In-sync replicas' }),
    offlineReplicas: z.array(z.number().int()),
    underReplicated: z.boolean(),
    earliest: z.number().openapi({ description: 'First offset still in the log' }),
    latest: z.number().openapi({ description: 'Log-end offset: the offset of the next message' }),
    messages: z.number().openapi({ description: 'latest - earliest: an upper bound (compaction and transaction markers leave gaps)' }),
    sizeBytes: z.number().nullable().openapi({ description: 'Size of the leader’s replica' }),
    replicaSizes: z.array(ReplicaSizeSchema),
  })
  .openapi('PartitionDetail');

export const TopicDetailSchema = z
  .object({
    ...TopicSummarySchema.omit({ partitions: true }).shape,
    partitionCount: z.number().int(),
    partitions: z.array(PartitionDetailSchema),
    configs: z.array(ConfigEntrySchema).openapi({ description: 'Every topic config in effect, by name; `isDefault: false` marks the topic’s own overrides' }),
    sizeBytes: z.number().nullable().openapi({ description: 'Bytes on disk over all replicas; null when no broker reported sizes' }),
    messages: z.number().openapi({ description: 'Sum of the partitions’ latest - earliest' }),
    sizeErrors: z.array(z.string()).openapi({ description: 'Brokers that could not report sizes, and why' }),
  })
  .openapi('TopicDetail');

const configValue = z
  .union([z.string(), z.number(), z.boolean()])
  .transform(String)
  .openapi({ description: 'Kafka config values are strings; numbers and booleans are accepted and sent as text', example: '604800000' });

export const CreateTopicBodySchema = z
  .object({
    name: z.string().min(1).max(249).openapi({ description: 'ASCII letters, digits, ".", "_" and "-"; at most 249 characters', example: 'orders' }),
    partitions: z.number().int().min(1).max(100_000).optional().openapi({ description: 'Default: the template’s, else the broker’s num.partitions', example: 6 }),
    replicationFactor: z.number().int().min(1).max(32_767).optional().openapi({
      description: 'Default: the template’s (capped at the broker count), else the broker’s default.replication.factor',
      example: 3,
    }),
    configs: z.record(z.string(), configValue).default({}).openapi({
      description: 'Topic configs (see GET /topic-config-help); they override the template’s',
      example: { 'retention.ms': '604800000', 'cleanup.policy': 'delete' },
    }),
    template: z.string().optional().openapi({ description: 'A template id from GET /api/v1/topic-templates?cluster={kafkaId}: a built-in one, or one of your own that is global or this cluster’s', example: 'cdc-changelog' }),
  })
  .openapi('CreateTopic');

export const CreateTopicQuerySchema = z.object({
  validateOnly: booleanQuery.optional().openapi({
    description: '`true`: have the controller validate the topic (name, partitions, replication, every config) without creating it',
    example: 'true',
  }),
});

export const CreatedTopicSchema = z
  .object({
    name: z.string(),
    topicId: z.string().nullable(),
    partitions: z.number().int(),
    replicationFactor: z.number().int(),
    configs: z.record(z.string(), z.string()).openapi({ description: 'The configs set on the topic; everything else is the cluster default' }),
    template: z.string().nullable(),
    validateOnly: z.boolean().openapi({ description: 'True when nothing was created' }),
  })
  .openapi('CreatedTopic');

export const TopicPatchBodySchema = z
  .object({
    configs: z
      .object({
        set: z.record(z.string(), configValue).optional().openapi({ description: 'Configs to set on the topic', example: { 'retention.ms': '86400000' } }),
        delete: z.array(z.string()).optional().openapi({ description: 'Topic overrides to remove (the cluster default applies again)', example: ['cleanup.policy'] }),
      })
      .optional()
      .openapi({ description: 'Incremental: configs not named here keep their values' }),
    partitions: z.number().int().min(1).max(100_000).optional().openapi({ description: 'New partition count: at least the current one (Kafka never removes partitions)' }),
  })
  .refine((patch) => patch.configs !== undefined || patch.partitions !== undefined, { message: 'send configs and/or partitions' })
  .openapi('TopicPatch');

export const DeleteTopicQuerySchema = z.object({
  confirm: z.string().optional().openapi({ description: 'The topic’s exact name, typed again: deletion destroys the data', example: 'orders' }),
});

export const TopicConfigHelpSchema = z
  .object({
    source: z.enum(['broker', 'bundled']).openapi({ description: '`broker`: documented by the cluster itself (DescribeConfigs v3+); `bundled`: Connectory’s copy of Kafka’s documentation' }),
    describedTopic: z.string().nullable().openapi({ description: 'The topic the broker was asked about (its own overrides are not shown as defaults)' }),
    kafkaVersion: z.string().nullable().openapi({ description: 'For `bundled`: the Kafka version the documentation is from' }),
    items: z.array(
      z.object({
        name: z.string().openapi({ example: 'cleanup.policy' }),
        type: z.enum(CONFIG_TYPES),
        defaultValue: z.string().nullable().openapi({ description: 'What a new topic on this cluster gets without setting it' }),
        documentation: z.string().nullable().openapi({ description: 'May contain HTML' }),
        validValues: z.array(z.string()).nullable().openapi({ description: 'Allowed values (for a LIST, allowed elements), when Kafka restricts them' }),
        min: z.number().nullable(),
        max: z.number().nullable(),
        brokerConfig: z.string().nullable().openapi({ description: 'The broker config that sets the cluster-wide default', example: 'log.cleanup.policy' }),
        readOnly: z.boolean(),
        sensitive: z.boolean(),
      }),
    ),
  })
  .openapi('TopicConfigHelp');

export const TopicRatesSchema = z
  .object({
    topic: z.string(),
    inPerSec: z.number().openapi({ description: 'Messages per second produced (growth of the log-end offsets over the window)' }),
    partitions: z.array(z.object({ partition: z.number().int(), inPerSec: z.number() })),
    outPerSec: z.number().nullable().openapi({
      description: 'Messages per second consumed: growth of the committed offsets of every consumer group reading the topic; null while not measurable (see outNote)',
    }),
    groups: z.array(z.object({ groupId: z.string(), perSec: z.number() })).openapi({ description: 'Consumption per consumer group, fastest first' }),
    outNote: z.string().nullable().openapi({ description: 'Why outPerSec is null or how to read it' }),
    windowMs: z.number().openapi({ description: 'Length of the produce-rate window' }),
    outWindowMs: z.number().nullable().openapi({ description: 'Length of the consumption-rate window (between consumer-group samples)' }),
    from: z.string().openapi({ format: 'date-time' }),
    to: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('TopicRates');

export const BrowseQuerySchema = z.object({
  partition: z.coerce.number().int().min(0).optional().openapi({ description: 'One partition; all when absent' }),
  offset: z.coerce.number().int().min(0).optional().openapi({ description: 'Read forward from this offset (in every partition browsed)' }),
  timestamp: z
    .string()
    .optional()
    .openapi({ description: 'Read forward from the first message at or after this time: milliseconds since the epoch, or ISO 8601', example: '2024-05-01T12:00:00Z' }),
  limit: z.coerce.number().int().min(1).max(MAX_BROWSE_LIMIT).default(50).openapi({ description: `At most ${MAX_BROWSE_LIMIT}` }),
  format: z.enum(['text', 'json', 'hex']).default('text').openapi({ description: 'How keys, values and headers are decoded' }),
});

const DecodedFieldSchema = z.object({
  value: z.unknown().openapi({ description: 'Text, parsed JSON or hex, as asked; null when Kafka holds null' }),
  size: z.number().int().openapi({ description: 'Bytes in Kafka' }),
  truncated: z.boolean().openapi({ description: 'Only the first 64 KiB were decoded' }),
  error: z.string().optional().openapi({ description: 'Why the field could not be shown as asked (e.g. not JSON: shown as text; a schema that could not be read)' }),
  schema: z
    .object({
      registryId: z.string(),
      id: z.number().int(),
      schemaType: z.string().optional(),
      subject: z.string().nullable().optional(),
      version: z.number().int().nullable().optional(),
    })
    .optional()
    .openapi({ description: 'The field is in the Confluent wire format: the registry schema it was decoded with; `value` is the decoded value' }),
});

export const MessagePageSchema = z
  .object({
    items: z.array(
      z
        .object({
          partition: z.number().int(),
          offset: z.number(),
          timestamp: z.string().openapi({ format: 'date-time' }),
          timestampType: z.enum(['CreateTime', 'LogAppendTime']),
          key: DecodedFieldSchema,
          value: DecodedFieldSchema,
          headers: z.array(z.object({ key: z.string(), value: z.string().nullable() })),
        })
        .openapi('Message'),
    ),
    partitions: z.array(
      z.object({
        partition: z.number().int(),
        startOffset: z.number().openapi({ description: 'Where this read started' }),
        nextOffset: z.number().openapi({ description: 'Where to continue (pass as offset with this partition)' }),
        earliest: z.number(),
        latest: z.number(),
      }),
    ),
    stoppedBy: z
      .enum(['limit', 'end', 'bytes', 'time', 'decompressed'])
      .openapi({ description: 'Why the read stopped: the limit, the end of the data, the byte/time bound, or a compressed batch that would expand past 32 MiB (64 MiB per read)' }),
  })
  .openapi('MessagePage', {
    description: 'Ordered by timestamp. Without offset or timestamp: the newest `limit` messages. A bounded read: at most 16 MiB and 5 s, no consumer group.',
  });

export type BrowseQuery = z.infer<typeof BrowseQuerySchema>;
