import { plural } from '../lib/format';
import type { ConnectClusterHealth, HealthReport } from './types';

/** Each component that is not fully up, as one sentence a person can act on. */
export function problems(report: HealthReport): string[] {
  const found: string[] = [];
  if (report.database.status !== 'up') found.push(`The ${databaseName(report.database.kind)} database is down`);
  for (const cluster of report.kafkaClusters) {
    if (cluster.status !== 'up') found.push(`Kafka cluster ${cluster.name} is down`);
  }
  for (const cluster of report.connectClusters) {
    if (cluster.status !== 'up') found.push(`Connect cluster ${cluster.name} is ${cluster.status} (${workersUp(cluster)})`);
  }
  return found;
}

export function workersUp(cluster: ConnectClusterHealth): string {
  const up = cluster.workers.filter((worker) => worker.status === 'up').length;
  return `${up} of ${plural(cluster.workers.length, 'worker')} up`;
}

export function upCount(items: { status: string }[]): string {
  if (items.length === 0) return 'none registered';
  const up = items.filter((item) => item.status === 'up').length;
  return `${up} of ${items.length} up`;
}

export function databaseName(kind: HealthReport['database']['kind']): string {
  return kind === 'postgres' ? 'PostgreSQL' : 'embedded PGlite';
}
