/**
 * Gathers what the flows are derived from: each visible Connect cluster's connectors (one expanded listing)
 * and, for its source connectors, the topics Connect recorded them writing (KIP-558); each Kafka cluster's
 * consumer groups from the offset sampler's latest sample. Every part is bounded and fails on its own: a
 * cluster that does not answer is reported in `errors`, never fails the answer.
 */
import { grantCoversCluster } from '../auth/permissions';
import type { Principal } from '../auth/principal';
import type { ClientRegistry } from '../clusters/client-registry';
import { listConnectClusters, listKafkaClusters, type ConnectCluster, type KafkaCluster } from '../clusters/registry';
import type { Db } from '../db';
import type { ClusterMetrics } from '../metrics/history';
import type { OffsetSampler } from '../metrics/sampler';
import { withTimeout } from '../util/timeout';
import { deriveFlows, type ConnectorFacts, type Flow, type GroupFacts } from './flows';

export interface PipelineDeps {
  db: Db;
  clients: ClientRegistry;
  sampler: OffsetSampler;
  /** Bound on each call to Connect or Kafka. Default 5 s. */
  timeoutMs?: number;
}

export interface PipelineQuery {
  kafka?: string;
  connect?: string;
}

export interface Links {
  /** The part's own REST resource. */
  api: string;
  /** The console page that shows it. */
  page: string;
}

type WithLinks<T> = T & { links: Links };

export interface FlowView extends Omit<Flow, 'sources' | 'topics' | 'sinks' | 'groups'> {
  sources: WithLinks<Flow['sources'][number]>[];
  topics: WithLinks<Flow['topics'][number]>[];
  sinks: WithLinks<Flow['sinks'][number]>[];
  groups: WithLinks<Flow['groups'][number]>[];
}

export interface ClusterPipelines {
  /** null for Connect clusters registered without their Kafka cluster (no group data then). */
  kafkaId: string | null;
  connectIds: string[];
  sampledAt: string | null;
  flows: FlowView[];
  errors: string[];
}

export interface PipelinesView {
  generatedAt: string;
  clusters: ClusterPipelines[];
}

const DEFAULT_TIMEOUT_MS = 5_000;
/** Per Connect cluster, KIP-558 calls in flight at once: a cluster with hundreds of sources is asked in waves. */
const TOPIC_CALLS_IN_FLIGHT = 8;

export async function buildPipelines(deps: PipelineDeps, principal: Principal, query: PipelineQuery = {}): Promise<PipelinesView> {
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const [allKafka, allConnect] = await Promise.all([listKafkaClusters(deps.db), listConnectClusters(deps.db)]);
  const kafkaVisible = new Map(allKafka.filter((k) => grantCoversCluster(principal, 'kafka', k.id)).map((k) => [k.id, k]));
  const connect = allConnect
    .filter((c) => grantCoversCluster(principal, 'connect', c.id))
    .filter((c) => (query.connect ? c.id === query.connect : true))
    .filter((c) => (query.kafka ? c.kafkaClusterId === query.kafka : true));

  const byKafka = new Map<string | null, ConnectCluster[]>();
  for (const cluster of connect) {
    // a Kafka cluster the caller may not read: its connectors still show, its groups do not
    const kafkaId = cluster.kafkaClusterId && kafkaVisible.has(cluster.kafkaClusterId) ? cluster.kafkaClusterId : null;
    byKafka.set(kafkaId, [...(byKafka.get(kafkaId) ?? []), cluster]);
  }
  if (query.kafka && kafkaVisible.has(query.kafka) && !byKafka.has(query.kafka)) byKafka.set(query.kafka, []);

  const clusters = await Promise.all(
    [...byKafka.entries()].map(([kafkaId, connectClusters]) => clusterPipelines(deps, timeoutMs, kafkaId === null ? undefined : kafkaVisible.get(kafkaId), connectClusters)),
  );
  clusters.sort((a, b) => (a.kafkaId ?? '\uffff').localeCompare(b.kafkaId ?? '\uffff'));
  return { generatedAt: new Date().toISOString(), clusters };
}

async function clusterPipelines(deps: PipelineDeps, timeoutMs: number, kafka: KafkaCluster | undefined, connectClusters: ConnectCluster[]): Promise<ClusterPipelines> {
  const errors: string[] = [];
  const [connectorLists, metrics] = await Promise.all([
    Promise.all(connectClusters.map((cluster) => connectorsOf(deps, cluster, timeoutMs, errors))),
    kafka ? latestMetrics(deps.sampler, kafka, timeoutMs, errors) : Promise.resolve(undefined),
  ]);
  const flows = deriveFlows({
    kafkaId: kafka?.id ?? null,
    connectors: connectorLists.flat(),
    groups: metrics ? groupFacts(metrics) : null,
    sampledAt: metrics?.at ?? null,
  });
  return {
    kafkaId: kafka?.id ?? null,
    connectIds: connectClusters.map((c) => c.id).sort(),
    sampledAt: metrics ? new Date(metrics.at).toISOString() : null,
    flows: flows.map((flow) => withLinks(flow, kafka?.id ?? null)),
    errors,
  };
}

async function connectorsOf(deps: PipelineDeps, cluster: ConnectCluster, timeoutMs: number, errors: string[]): Promise<ConnectorFacts[]> {
  const client = deps.clients.connect.get(cluster);
  let listings;
  try {
    listings = await withTimeout(client.listConnectors({ timeoutMs }), timeoutMs, () => `Connect cluster "${cluster.id}": listing connectors took longer than ${timeoutMs} ms`);
  } catch (error) {
    errors.push(`Connect cluster "${cluster.id}": ${(error as Error).message}`);
    return [];
  }
  const facts = listings.map(
    (listing): ConnectorFacts => ({
      connectId: cluster.id,
      name: listing.name,
      type: listing.info?.type ?? listing.status?.type ?? 'unknown',
      class: listing.info?.config['connector.class'] ?? '',
      config: listing.info?.config ?? {},
      state: listing.status?.connector.state ?? 'UNKNOWN',
      taskStates: listing.status?.tasks.map((t) => t.state) ?? [],
      activeTopics: null,
    }),
  );
  const sources = facts.filter((f) => f.type === 'source');
  for (let i = 0; i < sources.length; i += TOPIC_CALLS_IN_FLIGHT) {
    await Promise.all(
      sources.slice(i, i + TOPIC_CALLS_IN_FLIGHT).map(async (source) => {
        try {
          source.activeTopics = await withTimeout(client.connectorTopics(source.name), timeoutMs, () => `took longer than ${timeoutMs} ms`);
        } catch {
          // KIP-558 off (topic.tracking.enable=false) or a worker too old: the config still names the topics
          source.activeTopics = null;
        }
      }),
    );
  }
  return facts;
}

/**
 * The sampler's latest view while it is current (the sampler running on this server keeps it so); otherwise one
 * sample now, bounded, falling back to the last view there is, however old, with the reason in `errors`.
 */
async function latestMetrics(sampler: OffsetSampler, kafka: KafkaCluster, timeoutMs: number, errors: string[]): Promise<ClusterMetrics | undefined> {
  try {
    return await withTimeout(sampler.current(kafka), timeoutMs, () => `Kafka cluster "${kafka.id}": sampling consumer groups took longer than ${timeoutMs} ms`);
  } catch (error) {
    const latest = sampler.latest(kafka.id);
    errors.push(`${(error as Error).message}${latest ? ` (showing the sample of ${new Date(latest.at).toISOString()})` : ''}`);
    return latest;
  }
}

function groupFacts(metrics: ClusterMetrics): GroupFacts[] {
  return [...metrics.groups.values()].map((group) => {
    const topicLag: Record<string, number | null> = {};
    for (const partition of group.partitions) {
      const before = topicLag[partition.topic];
      // one unknown partition makes the topic's lag unknown: a partial sum would look like progress
      topicLag[partition.topic] = before === null || partition.lag === null ? null : (before ?? 0) + partition.lag;
    }
    return {
      groupId: group.groupId,
      state: group.state,
      lag: group.lag,
      rate: group.cmps,
      produceRate: group.produceRate,
      lagStatus: group.status,
      topics: group.topics,
      topicLag,
    };
  });
}

const enc = encodeURIComponent;

function withLinks(flow: Flow, kafkaId: string | null): FlowView {
  const noKafka = (path: string) => (kafkaId ? path : '');
  return {
    ...flow,
    sources: flow.sources.map((s) => ({ ...s, links: { api: `/api/v1/connect/${enc(s.connectId)}/connectors/${enc(s.name)}`, page: `/connectors/${enc(s.connectId)}/${enc(s.name)}` } })),
    sinks: flow.sinks.map((s) => ({ ...s, links: { api: `/api/v1/connect/${enc(s.connectId)}/connectors/${enc(s.name)}`, page: `/connectors/${enc(s.connectId)}/${enc(s.name)}` } })),
    topics: flow.topics.map((t) => ({
      ...t,
      links: { api: noKafka(`/api/v1/clusters/${enc(kafkaId ?? '')}/topics/${enc(t.name)}`), page: noKafka(`/topics/${enc(kafkaId ?? '')}/${enc(t.name)}`) },
    })),
    groups: flow.groups.map((g) => ({
      ...g,
      links: { api: noKafka(`/api/v1/clusters/${enc(kafkaId ?? '')}/consumer-groups/${enc(g.groupId)}`), page: noKafka(`/consumer-groups/${enc(kafkaId ?? '')}/${enc(g.groupId)}`) },
    })),
  };
}
