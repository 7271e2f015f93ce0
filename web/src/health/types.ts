// The body of GET /api/v1/health, as the server contract defines it.
export type { ConnectClusterHealth, DatabaseHealth, HealthReport, KafkaClusterHealth, UpDown, WorkerHealth } from '../api/types';
