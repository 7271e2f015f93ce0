/**
 * The gauges of one /metrics scrape, built from what Connectory already holds: consumer-group offsets and lag
 * from the offset sampler's latest sample (no Kafka round trip while it is fresh), connector and task states from
 * one `GET /connectors?expand=status` per Connect cluster, install operations from the database.
 *
 * Kafka names follow kafka_exporter (danielqsj/kafka_exporter) so existing dashboards and alerts carry over, with a
 * `cluster` label added; the topic gauges cover the topics consumer groups read (those the sampler reads).
 */
import { count } from 'drizzle-orm';
import { Gauge, Registry } from 'prom-client';
import { grantCoversCluster, type Grant } from '../auth/permissions';
import { listConnectClusters, listKafkaClusters, type ConnectCluster, type KafkaCluster } from '../clusters/registry';
import type { ClientRegistry } from '../clusters/client-registry';
import type { Db } from '../db';
import { installOperations } from '../db/tables';
import type { ClusterMetrics } from '../metrics/history';
import type { OffsetSampler } from '../metrics/sampler';
import { LAG_STATUSES } from '../metrics/status';
import { splitPartitionKey } from '../metrics/types';

export interface ExporterDeps {
  db: Db;
  clients: ClientRegistry;
  sampler: OffsetSampler;
}

type Labels<T extends string> = Partial<Record<T, string | number>>;

/** A gauge on the scrape's own registry. */
function gauge<T extends string>(registry: Registry, name: string, help: string, labelNames: readonly T[]): Gauge<T> {
  return new Gauge({ name, help, labelNames, registers: [registry] });
}

/** Everything `grant` may read (null: every cluster, as with METRICS_PUBLIC). */
export async function collectScrape(deps: ExporterDeps, grant: Grant | null): Promise<Registry> {
  const registry = new Registry();
  const covers = (kind: 'kafka' | 'connect', id: string) => grant === null || grantCoversCluster(grant, kind, id);
  const [kafkaClusters, connectClusters] = await Promise.all([listKafkaClusters(deps.db), listConnectClusters(deps.db)]);
  await Promise.all([
    kafkaGauges(registry, deps.sampler, kafkaClusters.filter((cluster) => covers('kafka', cluster.id))),
    connectGauges(registry, deps.clients, connectClusters.filter((cluster) => covers('connect', cluster.id))),
    installGauges(registry, deps.db, new Set(connectClusters.filter((cluster) => covers('connect', cluster.id)).map((cluster) => cluster.id))),
  ]);
  return registry;
}

async function kafkaGauges(registry: Registry, sampler: OffsetSampler, clusters: KafkaCluster[]): Promise<void> {
  const g = kafkaGaugeSet(registry);
  // The sampler's latest sample while it is fresh (two intervals); a sample on demand otherwise.
  const maxAgeMs = 2 * sampler.settings.intervalMs;
  // A cluster whose last sample failed recently is reported down rather than tried again: a scrape must not wait
  // for a dead cluster's timeout at every interval.
  const results = await Promise.allSettled(
    clusters.map((cluster) => {
      const failure = sampler.lastFailure(cluster.id);
      if (failure && Date.now() - failure.at < maxAgeMs) return Promise.reject(new Error(failure.message));
      return sampler.current(cluster, maxAgeMs);
    }),
  );
  results.forEach((result, i) => {
    const cluster = clusters[i]!.id;
    g.up.set({ cluster }, result.status === 'fulfilled' ? 1 : 0);
    if (result.status === 'fulfilled') setKafka(g, cluster, result.value);
  });
}

function kafkaGaugeSet(registry: Registry) {
  const partition = ['cluster', 'topic', 'partition'] as const;
  const group = ['cluster', 'consumergroup'] as const;
  const groupPartition = ['cluster', 'consumergroup', 'topic', 'partition'] as const;
  const groupTopic = ['cluster', 'consumergroup', 'topic'] as const;
  return {
    up: gauge(registry, 'connectory_kafka_up', 'Whether the latest sample of the cluster succeeded', ['cluster']),
    sampledAt: gauge(registry, 'connectory_kafka_sample_timestamp_seconds', 'When the offsets behind these gauges were read', ['cluster']),
    brokers: gauge(registry, 'kafka_brokers', 'Number of brokers in the Kafka cluster', ['cluster']),
    topicPartitions: gauge(registry, 'kafka_topic_partitions', 'Number of partitions of a topic (topics consumer groups read)', ['cluster', 'topic']),
    topicOffset: gauge(registry, 'kafka_topic_partition_current_offset', 'Log-end offset (high watermark) of a partition', partition),
    groupOffset: gauge(registry, 'kafka_consumergroup_current_offset', 'Committed offset of a consumer group on a partition', groupPartition),
    groupOffsetSum: gauge(registry, 'kafka_consumergroup_current_offset_sum', 'Committed offsets of a consumer group on a topic, summed', groupTopic),
    groupLag: gauge(registry, 'kafka_consumergroup_lag', 'Messages a consumer group is behind on a partition', groupPartition),
    groupLagSum: gauge(registry, 'kafka_consumergroup_lag_sum', 'Messages a consumer group is behind on a topic, summed', groupTopic),
    members: gauge(registry, 'kafka_consumergroup_members', 'Live members of a consumer group', group),
    status: gauge(registry, 'connectory_consumergroup_lag_status', 'Burrow-style lag status of a consumer group: 1 for its current status', [...group, 'status']),
    consumed: gauge(registry, 'connectory_consumergroup_consumed_messages_per_second', 'Messages per second a consumer group commits past', group),
    produced: gauge(registry, 'connectory_consumergroup_produced_messages_per_second', "Messages per second produced to a consumer group's topics", group),
    messagesIn: gauge(registry, 'connectory_cluster_messages_in_per_second', 'Messages per second produced to the topics consumer groups read', ['cluster']),
    messagesOut: gauge(registry, 'connectory_cluster_messages_out_per_second', 'Messages per second consumed, over every consumer group', ['cluster']),
  };
}

function setKafka(g: ReturnType<typeof kafkaGaugeSet>, cluster: string, metrics: ClusterMetrics): void {
  g.sampledAt.set({ cluster }, metrics.at / 1000);
  g.brokers.set({ cluster }, metrics.sample.brokers);
  setIfKnown(g.messagesIn, { cluster }, metrics.messagesInPerSec);
  setIfKnown(g.messagesOut, { cluster }, metrics.messagesOutPerSec);
  const partitionsPerTopic = new Map<string, number>();
  for (const [key, offset] of metrics.sample.logEnd) {
    const { topic, partition } = splitPartitionKey(key);
    partitionsPerTopic.set(topic, (partitionsPerTopic.get(topic) ?? 0) + 1);
    g.topicOffset.set({ cluster, topic, partition }, offset);
  }
  for (const [topic, partitions] of partitionsPerTopic) g.topicPartitions.set({ cluster, topic }, partitions);
  for (const group of metrics.groups.values()) {
    const consumergroup = group.groupId;
    setIfKnown(g.members, { cluster, consumergroup }, group.members);
    for (const status of LAG_STATUSES) g.status.set({ cluster, consumergroup, status }, status === group.status ? 1 : 0);
    setIfKnown(g.consumed, { cluster, consumergroup }, group.cmps);
    setIfKnown(g.produced, { cluster, consumergroup }, group.produceRate);
    const sums = new Map<string, { offset: number; lag: number | null }>();
    for (const p of group.partitions) {
      const labels = { cluster, consumergroup, topic: p.topic, partition: p.partition };
      g.groupOffset.set(labels, p.committed);
      setIfKnown(g.groupLag, labels, p.lag);
      const sum = sums.get(p.topic) ?? { offset: 0, lag: null };
      sum.offset += p.committed;
      if (p.lag !== null) sum.lag = (sum.lag ?? 0) + p.lag;
      sums.set(p.topic, sum);
    }
    for (const [topic, sum] of sums) {
      g.groupOffsetSum.set({ cluster, consumergroup, topic }, sum.offset);
      setIfKnown(g.groupLagSum, { cluster, consumergroup, topic }, sum.lag);
    }
  }
}

/** An unknown value is left out rather than exported as 0: a missing series is honest, a zero lag is not. */
function setIfKnown<T extends string>(target: Gauge<T>, labels: Labels<T>, value: number | null): void {
  if (value !== null) target.set(labels, value);
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
