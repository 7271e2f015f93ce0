import { z } from '@hono/zod-openapi';
import { DiskImbalanceSchema } from '../brokers/schema';
import { LAG_STATUSES } from '../metrics/status';
import { RegistryHealthSchema } from '../schema-registry/schema';

const rate = z.number().nullable();

export const ConsumerGroupCountsSchema = z
  .object({
    total: z.number().int(),
    byStatus: z.record(z.enum(LAG_STATUSES), z.number().int()).openapi({ description: 'Groups per lag status (every status present, zero or more)', example: { OK: 12, WARN: 1, REWIND: 0, STALL: 0, STOP: 2, ERR: 0 } }),
    sampledAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('DashboardConsumerGroups');

export const KafkaClusterSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(['up', 'down']).openapi({ description: 'down: no broker answered within the timeout' }),
    error: z.string().optional(),
    brokers: z
      .object({
        up: z.number().int().openapi({ description: 'Brokers registered with the cluster now' }),
        down: z.number().int().openapi({ description: 'Brokers that hold replicas but are not registered (stopped or fenced)' }),
        downIds: z.array(z.number().int()),
      })
      .nullable(),
    controllerId: z.number().int().nullable().openapi({ description: 'The active controller (KRaft quorum leader); null when unknown' }),
    topics: z.object({ total: z.number().int(), internal: z.number().int() }).nullable(),
    partitions: z
      .object({
        total: z.number().int(),
        underReplicated: z.number().int().openapi({ description: 'Fewer in-sync replicas than replicas' }),
        offline: z.number().int().openapi({ description: 'No leader' }),
      })
      .nullable(),
    messagesInPerSec: rate.openapi({ description: 'Produce rate summed over the topics consumer groups read (what the offset sampler measures); null before two samples' }),
    messagesOutPerSec: rate.openapi({ description: 'Consumed messages per second summed over every consumer group; null before two samples' }),
    consumerGroups: ConsumerGroupCountsSchema.nullable(),
    consumerGroupsError: z.string().optional(),
    diskImbalance: DiskImbalanceSchema.nullable().openapi({ description: 'Max/mean of the bytes the brokers hold (read at most every 30 s); null when unknown' }),
  })
  .openapi('DashboardKafkaCluster');

export const NodeHealthSchema = z
  .object({
    disk: z.object({ path: z.string(), totalBytes: z.number(), freeBytes: z.number() }),
    memory: z.object({ totalBytes: z.number(), freeBytes: z.number() }),
    load: z.array(z.number()).openapi({ description: 'Load averages over 1, 5 and 15 minutes' }),
    cpus: z.number().int(),
  })
  .openapi('DashboardNodeHealth');

export const DashboardWorkerSchema = z
  .object({
    url: z.string(),
    status: z.enum(['up', 'down']),
    version: z.string().optional().openapi({ description: 'Kafka Connect version the worker runs' }),
    error: z.string().optional(),
    agent: z
      .object({
        url: z.string(),
        status: z.enum(['up', 'down']),
        node: NodeHealthSchema.optional().openapi({ description: "The worker host's disk (where plugins go), memory and load, from the plugin agent" }),
        worker: z
          .object({
            state: z.enum(['starting', 'running', 'down', 'stopped']),
            restarts: z.number().int().openapi({ description: 'Restarts since the agent started (plugin installs restart the worker)' }),
          })
          .optional()
          .openapi({ description: 'The worker process as the agent supervising it sees it: tells a restarting worker from a dead one' }),
        error: z.string().optional(),
      })
      .nullable()
      .openapi({ description: 'null when the worker has no plugin agent registered' }),
  })
  .openapi('DashboardWorker');

export const ConnectClusterSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kafkaClusterId: z.string().nullable(),
    status: z.enum(['up', 'degraded', 'down']).openapi({ description: 'By workers answering: all, some, none' }),
    connectors: z
      .object({
        total: z.number().int(),
        byState: z.record(z.string(), z.number().int()).openapi({ description: 'Connectors per state (RUNNING, PAUSED, STOPPED, FAILED, UNASSIGNED, RESTARTING)', example: { RUNNING: 4, FAILED: 1 } }),
        failedTasks: z.number().int(),
      })
      .nullable(),
    connectorsError: z.string().optional(),
    workers: z.array(DashboardWorkerSchema),
  })
  .openapi('DashboardConnectCluster');

export const DashboardSchema = z
  .object({
    generatedAt: z.string().openapi({ format: 'date-time' }),
    kafkaClusters: z.array(KafkaClusterSummarySchema),
    connectClusters: z.array(ConnectClusterSummarySchema),
    schemaRegistries: z.array(RegistryHealthSchema).openapi({ description: 'Each registry the caller may see: up or down, and how fast it answered' }),
  })
  .openapi('Dashboard', {
    description: 'Every cluster the caller may see, checked in parallel with short timeouts: a system that fails or is slow shows its error, never fails the whole answer.',
  });

export type Dashboard = z.infer<typeof DashboardSchema>;
export type KafkaClusterSummary = z.infer<typeof KafkaClusterSummarySchema>;
export type ConnectClusterSummary = z.infer<typeof ConnectClusterSummarySchema>;
export type DashboardWorker = z.infer<typeof DashboardWorkerSchema>;
