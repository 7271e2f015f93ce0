import { grantCoversCluster, type ClusterKind } from '../auth/permissions';
import type { Principal } from '../auth/principal';
import type { ClientRegistry } from '../clusters/client-registry';
import { listConnectClusters, listKafkaClusters } from '../clusters/registry';
import type { Db } from '../db';
import type { KafkaClients } from '../kafka/pool';
import { kafkaClientFor } from '../kafka/registered';
import type { OffsetSampler } from '../metrics/sampler';
import { registryHealth } from '../schema-registry/service';
import type { SchemaRegistryServices } from '../schema-registry/services';
import { canSee, listRegistries } from '../schema-registry/store';
import type { SecretBox } from '../secrets/secret-box';
import { summarizeConnect } from './connect-summary';
import { summarizeKafka } from './kafka-summary';
import type { Dashboard } from './schema';

export interface DashboardDeps {
  db: Db;
  secrets: SecretBox;
  kafkaClients: KafkaClients;
  clients: ClientRegistry;
  sampler: OffsetSampler;
  registries: SchemaRegistryServices;
  /** Bound on each system's part; every cluster and worker is asked in parallel. Default 3 s. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 3_000;

/** Every cluster the principal may see, all in parallel; a failing system is reported in place, never thrown. */
export async function buildDashboard(deps: DashboardDeps, principal: Principal): Promise<Dashboard> {
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const visible = (kind: ClusterKind) => <T extends { id: string }>(clusters: T[]) => clusters.filter((cluster) => grantCoversCluster(principal, kind, cluster.id));
  const [kafka, connect, registries] = await Promise.all([
    listKafkaClusters(deps.db).then(visible('kafka')),
    listConnectClusters(deps.db).then(visible('connect')),
    listRegistries(deps.db).then((rows) => rows.filter((row) => canSee(principal, row))),
  ]);
  const [kafkaClusters, connectClusters, schemaRegistries] = await Promise.all([
    Promise.all(kafka.map((cluster) => summarizeKafka(cluster, kafkaClientFor(deps, cluster), deps.sampler, timeoutMs))),
    Promise.all(connect.map((cluster) => summarizeConnect(cluster, deps.clients, timeoutMs))),
    Promise.all(
      registries.map(async (row) => ({
        id: row.id,
        name: row.name,
        url: row.url,
        kafkaClusterId: row.kafkaClusterId,
        ...(await registryHealth(deps.registries.clients.get(row), timeoutMs)),
      })),
    ),
  ]);
  return { generatedAt: new Date().toISOString(), kafkaClusters, connectClusters, schemaRegistries };
}
