import { connectClientFor, kafkaConnectionFor } from '../clusters/clients';
import { listConnectClusters, listKafkaClusters, type ConnectCluster, type KafkaCluster } from '../clusters/registry';
import type { Database } from '../db';
import type { KafkaAdmins } from '../kafka/pool';
import type { SecretBox } from '../secrets/secret-box';
import { messageOf } from '../util/errors';
import { withTimeout } from '../util/timeout';
import type { ConnectClusterHealth, DatabaseHealth, Health, KafkaClusterHealth, WorkerHealth } from './schema';

export interface HealthDeps {
  database: Database;
  kafkaAdmins: KafkaAdmins;
  secrets: SecretBox;
  version: string;
  /** Per-system bound; the whole check takes about this long at worst because systems are checked in parallel. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 3_000;

/** Checks the database and every registered cluster in parallel. Never throws: failures are reported per system. */
export async function checkHealth(deps: HealthDeps): Promise<Health> {
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let database = await checkDatabase(deps.database, timeoutMs);
  let clusters: RegisteredClusters = { kafka: [], connect: [] };
  if (database.status === 'up') {
    try {
      clusters = await listClusters(deps.database);
    } catch (error) {
      // Answers pings but cannot read the registry (e.g. schema missing): not a usable database.
      database = { status: 'down', kind: deps.database.kind, error: messageOf(error) };
    }
  }
  const [kafkaClusters, connectClusters] = await Promise.all([
    Promise.all(clusters.kafka.map((cluster) => checkKafkaCluster(cluster, deps, timeoutMs))),
    Promise.all(clusters.connect.map((cluster) => checkConnectCluster(cluster, deps, timeoutMs))),
  ]);
  const allUp =
    database.status === 'up' &&
    kafkaClusters.every((cluster) => cluster.status === 'up') &&
    connectClusters.every((cluster) => cluster.status === 'up');
  return { status: allUp ? 'ok' : 'degraded', version: deps.version, database, kafkaClusters, connectClusters };
}

async function checkDatabase(database: Database, timeoutMs: number): Promise<DatabaseHealth> {
  try {
    await withTimeout(database.ping(), timeoutMs, () => `${database.kind}: no answer within ${timeoutMs} ms`);
    return { status: 'up', kind: database.kind };
  } catch (error) {
    return { status: 'down', kind: database.kind, error: messageOf(error) };
  }
}

interface RegisteredClusters {
  kafka: KafkaCluster[];
  connect: ConnectCluster[];
}

async function listClusters(database: Database): Promise<RegisteredClusters> {
  const [kafka, connect] = await Promise.all([listKafkaClusters(database.db), listConnectClusters(database.db)]);
  return { kafka, connect };
}

async function checkKafkaCluster(cluster: KafkaCluster, deps: HealthDeps, timeoutMs: number): Promise<KafkaClusterHealth> {
  const base = { id: cluster.id, name: cluster.name };
  try {
    const admin = deps.kafkaAdmins.get(kafkaConnectionFor(cluster, deps.secrets));
    const described = await admin.describeCluster({ timeoutMs });
    const health: KafkaClusterHealth = { ...base, status: 'up', brokers: described.brokers.length };
    if (described.controllerId !== null) health.controllerId = described.controllerId;
    return health;
  } catch (error) {
    return { ...base, status: 'down', error: messageOf(error) };
  }
}

async function checkConnectCluster(cluster: ConnectCluster, deps: HealthDeps, timeoutMs: number): Promise<ConnectClusterHealth> {
  let workers: WorkerHealth[];
  try {
    const client = connectClientFor(cluster, deps.secrets, timeoutMs);
    workers = await Promise.all(client.workerUrls.map((url) => checkWorker(url, () => client.workerInfo(url))));
  } catch (error) {
    workers = cluster.workers.map((worker) => ({ url: worker.url, status: 'down', error: messageOf(error) }));
  }
  const up = workers.filter((worker) => worker.status === 'up').length;
  const status = up === 0 ? 'down' : up === workers.length ? 'up' : 'degraded';
  return { id: cluster.id, name: cluster.name, kafkaClusterId: cluster.kafkaClusterId, status, workers };
}

async function checkWorker(url: string, info: () => Promise<{ version: string }>): Promise<WorkerHealth> {
  try {
    return { url, status: 'up', version: (await info()).version };
  } catch (error) {
    return { url, status: 'down', error: messageOf(error) };
  }
}
