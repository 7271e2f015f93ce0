import { z } from '@hono/zod-openapi';
import { HISTORY_RANGES } from './store';

const kafkaIdParam = z.string().min(1).openapi({ param: { name: 'kafkaId', in: 'path' }, example: 'local', description: 'Kafka cluster id, as registered' });
const groupIdParam = z.string().min(1).openapi({ param: { name: 'groupId', in: 'path' }, example: 'billing-service', description: 'Consumer group id (URL-encoded)' });

export const ClusterHistoryParamsSchema = z.object({ kafkaId: kafkaIdParam });
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
    points: z.array(z.object({ at: z.string().openapi({ format: 'date-time' }), diskBytes: z.number().int().nullable() })),
  })
  .openapi('BrokerDiskHistory');

export const ClusterHistorySchema = z
  .object({
    ...historyFields,
    brokers: z.array(BrokerDiskSchema).openapi({ description: 'Bytes in each broker’s log dirs (read once a minute)' }),
  })
  .openapi('KafkaClusterHistory', {
    description:
      'Cluster-wide totals from the offset sampler: lag summed over groups, consumed and produced messages per second, and broker disk use. ' +
      'Stored in PostgreSQL: survives restarts. Per-broker bytes in and out are not available (the Kafka protocol does not expose them; they need JMX).',
  });
