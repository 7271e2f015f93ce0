import { z } from '@hono/zod-openapi';
import { HISTORY_RANGES } from './store';

const kafkaIdParam = z.string().min(1).openapi({ param: { name: 'kafkaId', in: 'path' }, example: 'local', description: 'Kafka cluster id, as registered' });
const groupIdParam = z.string().min(1).openapi({ param: { name: 'groupId', in: 'path' }, example: 'billing-service', description: 'Consumer group id (URL-encoded)' });

export const ClusterHistoryParamsSchema = z.object({ kafkaId: kafkaIdParam });
const topicParam = z.string().min(1).openapi({ param: { name: 'topic', in: 'path' }, example: 'orders', description: 'Topic name' });
export const TopicHistoryParamsSchema = z.object({ kafkaId: kafkaIdParam, topic: topicParam });
export const GroupHistoryParamsSchema = z.object({ kafkaId: kafkaIdParam, groupId: groupIdParam });

export const HistoryQuerySchema = z.object({
  range: z.enum(HISTORY_RANGES).default('hour').openapi({
    description: 'hour: 10 s points; day: 1 min points; week and month: 10 min points (kept 90 days)',
    example: 'day',
  }),
});

const rate = z.number().nullable();

export const HistoryPointSchema = z
  .object({
    at: z.string().openapi({ format: 'date-time', description: 'Start of the bucket' }),
    lag: z.number().int().nullable().openapi({ description: 'Highest lag in the bucket (summed over partitions, or over groups for the cluster)' }),
    consumedRate: rate.openapi({ description: 'Consumed messages per second, the mean over the bucket' }),
    consumedPeak: rate.openapi({ description: 'Highest consumed messages per second sampled in the bucket' }),
    produceRate: rate.openapi({ description: 'Produced messages per second (to the group’s topics, or to every topic groups read), the mean over the bucket' }),
    producePeak: rate.openapi({ description: 'Highest produced messages per second sampled in the bucket' }),
  })
  .openapi('MetricHistoryPoint');

const PeakSchema = z
  .object({ value: z.number(), at: z.string().openapi({ format: 'date-time' }) })
  .nullable()
  .openapi({ description: 'The highest consumed messages per second in the range and when; null without rates' });

const historyFields = {
  range: z.enum(HISTORY_RANGES),
  resolutionSeconds: z.number().int().openapi({ description: 'Seconds per point' }),
  points: z.array(HistoryPointSchema).openapi({ description: 'Oldest first; a gap means nothing was sampled then' }),
  consumedPeak: PeakSchema,
};

export const GroupHistorySchema = z
  .object({ groupId: z.string(), ...historyFields })
  .openapi('ConsumerGroupHistory', { description: 'Stored in PostgreSQL: survives restarts.' });

export const BrokerDiskSchema = z
  .object({
    brokerId: z.number().int(),
    points: z.array(
      z.object({
        at: z.string().openapi({ format: 'date-time' }),
        diskBytes: z.number().int().nullable(),
        bytesInRate: z.number().nullable().openapi({ description: 'Bytes per second produced to the partitions the broker leads (growth of their logs)' }),
        bytesOutRate: z.number().nullable().openapi({ description: 'Bytes per second consumer groups fetched from them (messages committed past × mean message size); null before two snapshots' }),
      }),
    ),
  })
  .openapi('BrokerDiskHistory');

export const ClusterHistorySchema = z
  .object({
    ...historyFields,
    brokers: z.array(BrokerDiskSchema).openapi({ description: 'Per broker, read once a minute: bytes in its log dirs, bytes in and out per second' }),
  })
  .openapi('KafkaClusterHistory', {
    description:
      'Cluster-wide totals from the offset sampler: lag summed over groups, consumed and produced messages per second, and broker disk use. ' +
      'Stored in PostgreSQL: survives restarts. Per-broker bytes in and out are derived from the protocol (log growth, and committed offsets × mean message size), not JMX.',
  });

export const TopicHistorySchema = z
  .object({
    topic: z.string(),
    range: z.enum(HISTORY_RANGES),
    resolutionSeconds: z.number().int().openapi({ description: 'Seconds per point: 60 for hour and day, 3600 for week and month' }),
    points: z
      .array(
        z.object({
          at: z.string().openapi({ format: 'date-time', description: 'Start of the bucket' }),
          messagesInRate: rate.openapi({ description: 'Messages per second produced, the mean over the bucket' }),
          messagesInPeak: rate.openapi({ description: 'Highest one-minute messages per second in the bucket' }),
          bytesInRate: rate.openapi({ description: 'Bytes per second produced (growth of the leader replicas), the mean over the bucket' }),
          sizeBytes: z.number().nullable().openapi({ description: 'Bytes held by the leader replicas at the end of the bucket' }),
        }),
      )
      .openapi({ description: 'Oldest first; a gap means the topic was not among the busiest kept that minute, or nothing was sampled' }),
    messagesInPeak: PeakSchema.openapi({ description: 'The highest messages per second in the range and when; null without points' }),
    keptTopics: z.number().int().openapi({ description: 'How many of the busiest topics get a point each minute' }),
  })
  .openapi('TopicHistory', { description: 'Stored in PostgreSQL: survives restarts. A point a minute, for the busiest topics of the cluster.' });
