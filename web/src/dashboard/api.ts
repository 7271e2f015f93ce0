// GET /api/v1/dashboard: every Kafka and Connect cluster the caller may see, at a glance.
// Each part may be null with an error beside it: a slow or failing system never hides the rest.
import { get } from '../lib/api';
import type { LagStatus } from '../consumer-groups/api';

export interface KafkaOverview {
  id: string;
  name: string;
  /** down: no broker answered within the timeout. */
  status: 'up' | 'down';
  error?: string;
  /** down: brokers that hold replicas but are not registered (stopped or fenced). */
  brokers: { up: number; down: number; downIds: number[] } | null;
  controllerId: number | null;
  topics: { total: number; internal: number } | null;
  partitions: { total: number; underReplicated: number; offline: number } | null;
  messagesInPerSec: number | null;
  messagesOutPerSec: number | null;
  consumerGroups: { total: number; byStatus: Record<LagStatus, number>; sampledAt: string } | null;
  consumerGroupsError?: string;
}

export interface NodeHealth {
  disk: { path: string; totalBytes: number; freeBytes: number };
  memory: { totalBytes: number; freeBytes: number };
  /** Load averages over 1, 5 and 15 minutes. */
  load: number[];
  cpus: number;
}

export interface WorkerOverview {
  url: string;
  status: 'up' | 'down';
  version?: string;
  error?: string;
  /** The plugin agent beside the worker; null when none is registered. */
  agent: { url: string; status: 'up' | 'down'; node?: NodeHealth; error?: string } | null;
}

export interface ConnectOverview {
  id: string;
  name: string;
  kafkaClusterId: string | null;
  /** By workers answering: all, some, none. */
  status: 'up' | 'degraded' | 'down';
  connectors: { total: number; byState: Record<string, number>; failedTasks: number } | null;
  connectorsError?: string;
  workers: WorkerOverview[];
}

export interface Dashboard {
  generatedAt: string;
  kafkaClusters: KafkaOverview[];
  connectClusters: ConnectOverview[];
}

export const fetchDashboard = (signal?: AbortSignal) => get<Dashboard>('/api/v1/dashboard', { signal });
