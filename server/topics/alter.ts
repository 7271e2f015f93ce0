import type { ClusterClients } from '../brokers/cluster-clients';
import { ApiError } from '../http/errors';
import { KafkaApiError, type ConfigAlteration } from '../kafka/protocol';
import { configDefinitions, type TopicCaches } from './definitions';
import { topicMetadata, waitForPartitions } from './topic-detail';
import { assertKnownConfigNames, assertMinInsyncFits, assertTopicConfigs } from './validation';

export interface TopicPatch {
  configs?: { set?: Record<string, string>; delete?: string[] };
  /** The new partition count: more than now, or the same (no change). Kafka cannot remove partitions. */
  partitions?: number;
}

export interface TopicPatchResult {
  configsSet: string[];
  configsDeleted: string[];
  partitionsBefore: number;
  partitionsAfter: number;
}

/**
 * Changes only what the patch names (IncrementalAlterConfigs: every other setting stays as it is) and adds
 * partitions. Everything is checked before anything changes: names and values here, then the broker validates the
 * config change (validate-only) before partitions are added and the change is applied.
 */
export async function patchTopic(clients: ClusterClients, caches: TopicCaches, name: string, patch: TopicPatch): Promise<TopicPatchResult> {
  const topic = await topicMetadata(clients, name);
  const set = patch.configs?.set ?? {};
  const remove = patch.configs?.delete ?? [];
  const definitions = await configDefinitions(clients, caches);
  assertTopicConfigs(set, definitions, 'configs.set');
  assertKnownConfigNames(remove, definitions, 'configs.delete');
  const both = remove.find((key) => key in set);
  if (both) throw ApiError.badRequest(`Topic config "${both}" is both set and deleted`, `configs.delete`);
  const replicationFactor = Math.max(0, ...topic.partitions.map((partition) => partition.replicas.length));
  assertMinInsyncFits(set, replicationFactor, 'configs.set');

  const current = topic.partitions.length;
  if (patch.partitions !== undefined && patch.partitions < current) {
    throw ApiError.badRequest(`Topic "${name}" has ${current} partitions; Kafka can add partitions but never remove them`, 'partitions');
  }

  const alterations: ConfigAlteration[] = [
    ...Object.entries(set).map(([key, value]) => ({ name: key, operation: 'set' as const, value })),
    ...remove.map((key) => ({ name: key, operation: 'delete' as const, value: null })),
  ];
  if (alterations.length > 0) await alterConfigs(clients, name, alterations, true);
  const partitionsAfter = patch.partitions ?? current;
  if (partitionsAfter > current) {
    await clients.admin.run(`add partitions to topic "${name}"`, (admin) => admin.createPartitions({ topicPartitions: [{ topic: name, count: partitionsAfter }] }), {
      timeoutMs: 30_000,
    });
    caches.metadataCache.invalidate(clients.clusterId);
    await waitForPartitions(clients, name, partitionsAfter);
  }
  if (alterations.length > 0) await alterConfigs(clients, name, alterations, false);
  return { configsSet: Object.keys(set), configsDeleted: remove, partitionsBefore: current, partitionsAfter };
}

async function alterConfigs(clients: ClusterClients, topic: string, configs: ConfigAlteration[], validateOnly: boolean): Promise<void> {
  const { results } = await clients.protocol.incrementalAlterConfigs('any', { resources: [{ type: 'topic', name: topic, configs }], validateOnly });
  const result = results[0]!;
  if (result.errorCode !== 0) throw new KafkaApiError(result.errorCode, `IncrementalAlterConfigs topic "${topic}"`, result.errorMessage);
}
