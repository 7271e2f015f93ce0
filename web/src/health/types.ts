// The body of GET /api/v1/health, as the server contract defines it.

export type UpDown = 'up' | 'down';

export interface DatabaseHealth {
  status: UpDown;
  kind: 'postgres' | 'pglite';
  error?: string;
}

export interface KafkaClusterHealth {
  id: string;
  name: string;
  status: UpDown;
  brokers?: number;
  controllerId?: number;
  error?: string;
}

export interface WorkerHealth {
  url: string;
  status: UpDown;
  version?: string;
  error?: string;
}

export interface ConnectClusterHealth {
  id: string;
  name: string;
  kafkaClusterId: string | null;
  status: 'up' | 'degraded' | 'down';
  workers: WorkerHealth[];
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  version: string;
  database: DatabaseHealth;
  kafkaClusters: KafkaClusterHealth[];
  connectClusters: ConnectClusterHealth[];
}
