import { z } from '@hono/zod-openapi';

const UpDown = z.enum(['up', 'down']);

export const DatabaseHealthSchema = z
  .object({
    status: UpDown,
    kind: z.enum(['postgres', 'pglite']),
    error: z.string().optional(),
  })
  .openapi('DatabaseHealth');

export const KafkaClusterHealthSchema = z
  .object({
    id: z.string().openapi({ example: 'local' }),
    name: z.string(),
    status: UpDown,
    brokers: z.number().int().optional().openapi({ description: 'Number of brokers in the cluster' }),
    controllerId: z.number().int().optional(),
    error: z.string().optional(),
  })
  .openapi('KafkaClusterHealth');

export const WorkerHealthSchema = z
  .object({
    url: z.string(),
    status: UpDown,
    version: z.string().optional().openapi({ description: 'Kafka Connect version the worker runs' }),
    error: z.string().optional(),
  })
  .openapi('ConnectWorkerHealth');

export const ConnectClusterHealthSchema = z
  .object({
    id: z.string().openapi({ example: 'local' }),
    name: z.string(),
    kafkaClusterId: z.string().nullable(),
    status: z.enum(['up', 'degraded', 'down']).openapi({ description: 'up: every worker answers; degraded: some do' }),
    workers: z.array(WorkerHealthSchema),
  })
  .openapi('ConnectClusterHealth');

export const HealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']).openapi({ description: 'ok when the database and every registered cluster are up' }),
    version: z.string(),
    database: DatabaseHealthSchema,
    kafkaClusters: z.array(KafkaClusterHealthSchema),
    connectClusters: z.array(ConnectClusterHealthSchema),
  })
  .openapi('Health');

export const HealthSummarySchema = z
  .object({
    status: z.enum(['up', 'degraded', 'down']).openapi({
      description: 'up: the database and every registered cluster answer; degraded: some cluster does not; down: the database does not',
    }),
  })
  .openapi('HealthSummary');

export type Health = z.infer<typeof HealthSchema>;
export type HealthSummary = z.infer<typeof HealthSummarySchema>;
export type DatabaseHealth = z.infer<typeof DatabaseHealthSchema>;
export type KafkaClusterHealth = z.infer<typeof KafkaClusterHealthSchema>;
export type ConnectClusterHealth = z.infer<typeof ConnectClusterHealthSchema>;
export type WorkerHealth = z.infer<typeof WorkerHealthSchema>;
