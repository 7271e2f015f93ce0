import type { KafkaClient } from '../kafka/client';
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
export async function patchTopic(kafka: KafkaClient, caches: TopicCaches, name: string, patch: TopicPatch): Promise<TopicPatchResult> {
  const topic = await topicMetadata(kafka, name);
  const set = patch.configs?.set ?? {};
  const remove = patch.configs?.delete ?? [];
  const definitions = await configDefinitions(kafka, caches);
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
  if (alterations.length > 0) await alterConfigs(kafka, name, alterations, true);
  const partitionsAfter = patch.partitions ?? current;
  if (partitionsAfter > current) {
    const { results } = await kafka.createPartitions({ topics: [{ name, count: partitionsAfter }], timeoutMs: PARTITIONS_TIMEOUT_MS, validateOnly: false });
    const result = results[0]!;
    if (result.errorCode !== 0) throw new KafkaApiError(result.errorCode, `CreatePartitions topic "${name}"`, result.errorMessage);
    caches.metadataCache.invalidate(kafka.clusterId);
    await waitForPartitions(kafka, name, partitionsAfter);
  }
  if (alterations.length > 0) await alterConfigs(kafka, name, alterations, false);
  return { configsSet: Object.keys(set), configsDeleted: remove, partitionsBefore: current, partitionsAfter };
}

/** How long the controller may take to add partitions; the request may take the usual request timeout more. */
const PARTITIONS_TIMEOUT_MS = 15_000;

async function alterConfigs(kafka: KafkaClient, topic: string, configs: ConfigAlteration[], validateOnly: boolean): Promise<void> {
  const { results } = await kafka.incrementalAlterConfigs('any', { resources: [{ type: 'topic', name: topic, configs }], validateOnly });
  const result = results[0]!;
  if (result.errorCode !== 0) throw new KafkaApiError(result.errorCode, `IncrementalAlterConfigs topic "${topic}"`, result.errorMessage);
}
