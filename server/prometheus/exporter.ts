/**
 * The gauges of one /metrics scrape, built from what Connectory already holds: consumer-group offsets and lag
 * from the offset sampler's latest sample (no Kafka round trip while it is fresh; written as text once per sample,
 * ahead of the scrape while scrapes come, kafka-text.ts), connector and task states from
 * one `GET /connectors?expand=status` per Connect cluster; install operations, auto-restarts and alert states from
 * the database.
 *
 * Kafka names follow kafka_exporter (danielqsj/kafka_exporter) so existing dashboards and alerts carry over, with a
 * `cluster` label added; the topic gauges cover the topics consumer groups read (those the sampler reads).
 */
import { count, eq } from 'drizzle-orm';
import { Gauge, Registry } from 'prom-client';
import { grantCoversCluster, type Grant } from '../auth/permissions';
import { listConnectClusters, listKafkaClusters, type ConnectCluster, type KafkaCluster } from '../clusters/registry';
import type { ClientRegistry } from '../clusters/client-registry';
import type { Db } from '../db';
import { alertRules, alertStates, autoRestartStates, installOperations } from '../db/tables';
import type { OffsetSampler } from '../metrics/sampler';
import type { KafkaText } from './kafka-text';

export interface ExporterDeps {
  db: Db;
  clients: ClientRegistry;
  sampler: OffsetSampler;
  kafkaText: KafkaText;
}

/** A gauge on the scrape's own registry. */
function gauge<T extends string>(registry: Registry, name: string, help: string, labelNames: readonly T[]): Gauge<T> {
  return new Gauge({ name, help, labelNames, registers: [registry] });
}

/** Everything `grant` may read (null: every cluster, as with METRICS_PUBLIC): Connect and install gauges, and the Kafka families as text. */
export async function collectScrape(deps: ExporterDeps, grant: Grant | null): Promise<{ registry: Registry; kafkaText: Buffer }> {
  const registry = new Registry();
  const covers = (kind: 'kafka' | 'connect', id: string) => grant === null || grantCoversCluster(grant, kind, id);
  const [kafkaClusters, connectClusters] = await Promise.all([listKafkaClusters(deps.db), listConnectClusters(deps.db)]);
  const [kafkaText] = await Promise.all([
    kafkaFamilies(deps.sampler, deps.kafkaText, kafkaClusters.filter((cluster) => covers('kafka', cluster.id))),
    connectGauges(registry, deps.clients, connectClusters.filter((cluster) => covers('connect', cluster.id))),
    installGauges(registry, deps.db, new Set(connectClusters.filter((cluster) => covers('connect', cluster.id)).map((cluster) => cluster.id))),
    autoRestartGauges(registry, deps.db, (id) => covers('connect', id)),
    alertGauges(registry, deps.db, grant),
  ]);
  return { registry, kafkaText };
}

async function kafkaFamilies(sampler: OffsetSampler, text: KafkaText, clusters: KafkaCluster[]): Promise<Buffer> {
  // The sampler's latest sample while it is fresh (two intervals); a sample on demand otherwise.
  const maxAgeMs = 2 * sampler.settings.intervalMs;
  // A cluster whose last sample failed recently is reported down rather than tried again: a scrape must not wait
  // for a dead cluster's timeout at every interval.
  const results = await Promise.allSettled(
    clusters.map((cluster) => {
      const failure = sampler.lastFailure(cluster.id);
      if (failure && Date.now() - failure.at < maxAgeMs) return Promise.reject(new Error(failure.message));
      // A fresh sample already rendered ahead of the scrape comes first, even when a newer one is still being rendered.
      return text.ready(cluster.id, Date.now() - maxAgeMs) ?? sampler.current(cluster, maxAgeMs);
    }),
  );
  return text.render(results.map((result, i) => ({ cluster: clusters[i]!.id, metrics: result.status === 'fulfilled' ? result.value : undefined })));
}

const CONNECT_TIMEOUT_MS = 5_000;

async function connectGauges(registry: Registry, clients: ClientRegistry, clusters: ConnectCluster[]): Promise<void> {
  const up = gauge(registry, 'connectory_connect_up', 'Whether the Connect cluster answered the connector listing', ['cluster']);
  const connectors = gauge(registry, 'connectory_connector_state', 'A connector: 1 for its current state (RUNNING, PAUSED, STOPPED, FAILED, UNASSIGNED, RESTARTING)', [
    'cluster',
    'connector',
    'type',
    'state',
  ]);
  const tasks = gauge(registry, 'connectory_connector_tasks', "Tasks of a connector in each state", ['cluster', 'connector', 'state']);
  const withWorkers = clusters.filter((cluster) => cluster.workers.length > 0);
  const listings = await Promise.allSettled(withWorkers.map((cluster) => clients.connect.get(cluster).listConnectors({ timeoutMs: CONNECT_TIMEOUT_MS })));
  listings.forEach((result, i) => {
    const cluster = withWorkers[i]!.id;
    up.set({ cluster }, result.status === 'fulfilled' ? 1 : 0);
    if (result.status === 'rejected') return;
    for (const listing of result.value) {
      const type = listing.status?.type ?? listing.info?.type ?? 'unknown';
      connectors.set({ cluster, connector: listing.name, type, state: listing.status?.connector.state ?? 'UNKNOWN' }, 1);
      const counts = new Map<string, number>();
      for (const task of listing.status?.tasks ?? []) counts.set(task.state, (counts.get(task.state) ?? 0) + 1);
      for (const [state, n] of counts) tasks.set({ cluster, connector: listing.name, state }, n);
    }
  });
}

async function installGauges(registry: Registry, db: Db, clusters: Set<string>): Promise<void> {
  const operations = gauge(registry, 'connectory_install_operations', 'Plugin install, upgrade and uninstall operations, by state', ['cluster', 'kind', 'state']);
  const rows = await db
    .select({ cluster: installOperations.connectClusterId, kind: installOperations.kind, state: installOperations.state, n: count() })
    .from(installOperations)
    .groupBy(installOperations.connectClusterId, installOperations.kind, installOperations.state);
  for (const row of rows) if (clusters.has(row.cluster)) operations.set({ cluster: row.cluster, kind: row.kind, state: row.state }, row.n);
}

/** What auto-restart has done per connector (auto_restart_states): restarts in its current run, and whether it gave up. */
async function autoRestartGauges(registry: Registry, db: Db, covered: (connectId: string) => boolean): Promise<void> {
  const restarts = gauge(registry, 'connectory_connector_auto_restarts', "Restarts auto-restart made of a connector since it last ran steadily (what its policy's limit counts)", ['cluster', 'connector']);
  const gaveUp = gauge(registry, 'connectory_connector_auto_restart_gave_up', 'A connector: 1 when auto-restart gave up on it (its limit reached)', ['cluster', 'connector']);
  const rows = await db
    .select({ cluster: autoRestartStates.connectClusterId, connector: autoRestartStates.connectorName, restarts: autoRestartStates.restarts, gaveUpAt: autoRestartStates.gaveUpAt })
    .from(autoRestartStates);
  for (const row of rows) {
    if (!covered(row.cluster)) continue;
    restarts.set({ cluster: row.cluster, connector: row.connector }, row.restarts);
    gaveUp.set({ cluster: row.cluster, connector: row.connector }, row.gaveUpAt ? 1 : 0);
  }
}

/**
 * Alerts by rule and state (alert_states: one row per rule and resource). A token limited to some clusters sees
 * only alerts about those; an alert about no cluster only with a grant covering every cluster.
 */
async function alertGauges(registry: Registry, db: Db, grant: Grant | null): Promise<void> {
  const alerts = gauge(registry, 'connectory_alerts', 'Alerts by rule, severity and state (pending, firing, resolved)', ['rule', 'severity', 'state']);
  const rows = await db
    .select({ rule: alertRules.name, severity: alertRules.severity, state: alertStates.state, clusterId: alertStates.clusterId })
    .from(alertStates)
    .innerJoin(alertRules, eq(alertRules.id, alertStates.ruleId));
  const counts = new Map<string, { rule: string; severity: string; state: string; n: number }>();
  for (const row of rows) {
    const visible = grant === null || grant.clusters === null || (row.clusterId !== null && (grantCoversCluster(grant, 'kafka', row.clusterId) || grantCoversCluster(grant, 'connect', row.clusterId)));
    if (!visible) continue;
    const key = JSON.stringify([row.rule, row.severity, row.state]);
    const entry = counts.get(key) ?? { rule: row.rule, severity: row.severity, state: row.state, n: 0 };
    entry.n += 1;
    counts.set(key, entry);
  }
  for (const { rule, severity, state, n } of counts.values()) alerts.set({ rule, severity, state }, n);
}
