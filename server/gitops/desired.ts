/**
 * A whole desired state: plugins on a Connect cluster, topics on a Kafka cluster, connectors. Opens the clusters
 * the body names, reads their live state once, and joins the three planners into one plan with one fingerprint
 * (connectors' configs and states, and the topics in scope), so apply can refuse when either moved.
 */
import { createHash } from 'node:crypto';
import { openConnectCluster, type ConnectServices, type OpenedCluster } from '../connect/services';
import type { DeliveryContext } from '../delivery/context';
import type { KafkaClient } from '../kafka/client';
import { registeredKafkaClient, type KafkaDeps } from '../kafka/registered';
import { askKafka } from '../kafka/api-errors';
import { checkDesired, fingerprintOf, planAgainst, readLive, type DesiredClusterState, type LiveConnector, type Plan } from './plan';
import { planPlugins, type PlannedPluginChange } from './plugins';
import { observedTopics, planTopics, readLiveTopics, type LiveTopic, type TopicServices } from './topics';

export interface GitopsServices {
  connect: ConnectServices;
  delivery: DeliveryContext;
  topics: TopicServices;
  kafka: KafkaDeps;
}

export interface Targets {
  opened?: OpenedCluster;
  kafka?: KafkaClient;
}

export interface LiveState {
  connectors: Map<string, LiveConnector>;
  topics: Map<string, LiveTopic>;
  fingerprint: string;
  observed: Record<string, string>;
}

export async function openTargets(services: GitopsServices, desired: DesiredClusterState): Promise<Targets> {
  checkDesired(desired);
  const [opened, kafka] = await Promise.all([
    desired.connect ? openConnectCluster(services.connect, desired.connect) : undefined,
    desired.kafka ? registeredKafkaClient(services.kafka, desired.kafka) : undefined,
  ]);
  return { ...(opened ? { opened } : {}), ...(kafka ? { kafka } : {}) };
}

export async function readLiveState(services: GitopsServices, targets: Targets, desired: DesiredClusterState): Promise<LiveState> {
  const [connectors, topics] = await Promise.all([
    targets.opened ? readLive(services.connect.db, targets.opened, desired.prefix) : new Map<string, LiveConnector>(),
    targets.kafka
      ? askKafka(targets.kafka.clusterId, () =>
          readLiveTopics(services.topics, targets.kafka!, (desired.topics ?? []).map((topic) => topic.name), { prune: desired.prune ?? false, ...(desired.prefix ? { prefix: desired.prefix } : {}) }),
        )
      : new Map<string, LiveTopic>(),
  ]);
  const ofConnectors = fingerprintOf(services.connect.secrets, connectors, desired.prefix);
  const topicHashes = observedTopics(topics);
  // The connector-only fingerprint stays what it was when no topics are managed: plans made before topics existed still apply.
  const fingerprint = targets.kafka
    ? createHash('sha256').update([ofConnectors.fingerprint, `kafka=${targets.kafka.clusterId}`, ...Object.entries(topicHashes).map(([name, hash]) => `${name}=${hash}`)].join('\n')).digest('hex')
    : ofConnectors.fingerprint;
  return { connectors, topics, fingerprint, observed: { ...ofConnectors.observed, ...topicHashes } };
}

export async function makePlan(services: GitopsServices, desired: DesiredClusterState): Promise<Plan> {
  const targets = await openTargets(services, desired);
  return planWith(services, targets, desired, await readLiveState(services, targets, desired));
}

export async function planWith(services: GitopsServices, targets: Targets, desired: DesiredClusterState, live: LiveState): Promise<Plan> {
  const plugins: PlannedPluginChange[] = targets.opened ? await planPlugins(services.delivery, targets.opened.cluster.id, desired.plugins ?? []) : [];
  const pending = new Map(plugins.filter((plugin) => plugin.action === 'install').flatMap((plugin) => plugin.classes.map((cls) => [cls, plugin.name] as const)));
  const [connectorPlan, topics] = await Promise.all([
    targets.opened ? planAgainst(services.connect, targets.opened, desired, live.connectors, pending) : undefined,
    targets.kafka ? askKafka(targets.kafka.clusterId, () => planTopics(services.topics, targets.kafka!, desired.topics ?? [], live.topics, { prune: desired.prune ?? false })) : [],
  ]);
  const topicSummary = { create: 0, update: 0, delete: 0, noop: 0, invalid: 0 };
  for (const topic of topics) {
    topicSummary[topic.action] += 1;
    if (topic.errors?.length) topicSummary.invalid += 1;
  }
  const pluginSummary = { install: 0, noop: 0 };
  for (const plugin of plugins) pluginSummary[plugin.action] += 1;
  return {
    connect: targets.opened?.cluster.id ?? null,
    kafka: targets.kafka?.clusterId ?? null,
    prefix: desired.prefix ?? null,
    prune: desired.prune ?? false,
    fingerprint: live.fingerprint,
    observed: live.observed,
    changes: connectorPlan?.changes ?? [],
    summary: connectorPlan?.summary ?? { create: 0, update: 0, state: 0, restart: 0, delete: 0, noop: 0, invalid: 0 },
    plugins,
    topics,
    topicSummary,
    pluginSummary,
  };
}
