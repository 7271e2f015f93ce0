import type { KafkaClient } from '../kafka/client';
import { ApiError } from '../http/errors';
import { KafkaApiError } from '../kafka/protocol';
import { configDefinitions, type TopicCaches } from './definitions';
import { collidingTopic } from './names';
import { applyTemplate, type TopicTemplate } from './templates';
import { waitForPartitions } from './topic-detail';
import { topicSummaries } from './topic-list';
import { assertMinInsyncFits, assertTopicConfigs, assertTopicName } from './validation';

export interface CreateTopicInput {
  name: string;
  partitions?: number;
  replicationFactor?: number;
  configs?: Record<string, string>;
  /** The template (built-in or stored, resolved by the caller: template-store.ts); explicit fields override it. */
  template?: TopicTemplate;
}

export interface CreatedTopicView {
  name: string;
  topicId: string | null;
  partitions: number;
  replicationFactor: number;
  /** The configs set on the topic (template's and caller's); everything else is the cluster default. */
  configs: Record<string, string>;
  template: string | null;
  validateOnly: boolean;
}

const CREATE_TIMEOUT_MS = 30_000;
/** Kafka's error code TOPIC_ALREADY_EXISTS. */
const TOPIC_ALREADY_EXISTS = 36;

/**
 * Creates a topic (or, with validateOnly, has the controller check it without creating). Checked here first, each
 * error naming its field: the name (Kafka's rules, collisions), the template, the replication factor against the
 * broker count, every config against the cluster's definitions. The broker's own verdict comes after, with its message.
 */
export async function createTopic(kafka: KafkaClient, caches: TopicCaches, input: CreateTopicInput, validateOnly = false): Promise<CreatedTopicView> {
  assertTopicName(input.name);
  const { metadata } = await caches.metadataCache.get(kafka);
  const brokerCount = metadata.brokers.length;
  const existing = topicSummaries(metadata).map((topic) => topic.name);
  if (existing.includes(input.name)) throw new ApiError(409, 'conflict', `Kafka cluster "${kafka.clusterId}": topic "${input.name}" already exists`, 'name');
  const collision = collidingTopic(input.name, existing);
  if (collision) {
    throw new ApiError(409, 'conflict', `Topic name "${input.name}" collides with the existing topic "${collision}": Kafka treats "." and "_" alike`, 'name');
  }

  const wanted = resolveSettings(input, brokerCount);
  if (wanted.replicationFactor > brokerCount) {
    throw ApiError.badRequest(
      `Replication factor ${wanted.replicationFactor} needs ${wanted.replicationFactor} brokers; Kafka cluster "${kafka.clusterId}" has ${brokerCount}`,
      'replicationFactor',
    );
  }
  assertTopicConfigs(wanted.configs, await configDefinitions(kafka, caches));
  assertMinInsyncFits(wanted.configs, wanted.replicationFactor);

  const { topics } = await kafka.createTopics({
    topics: [{ name: input.name, partitions: wanted.partitions, replicationFactor: wanted.replicationFactor, configs: Object.entries(wanted.configs).map(([name, value]) => ({ name, value })) }],
    timeoutMs: CREATE_TIMEOUT_MS,
    validateOnly,
  });
  const created = topics[0]!;
  // A topic the cached metadata did not show yet (created a moment ago elsewhere): the same 409 as above.
  if (created.errorCode === TOPIC_ALREADY_EXISTS) throw new ApiError(409, 'conflict', `Kafka cluster "${kafka.clusterId}": topic "${input.name}" already exists`, 'name');
  if (created.errorCode !== 0) throw new KafkaApiError(created.errorCode, `CreateTopics "${input.name}"`, created.errorMessage);
  const partitions = created.partitions !== null && created.partitions > 0 ? created.partitions : wanted.partitions;
  if (!validateOnly) {
    caches.metadataCache.invalidate(kafka.clusterId);
    await waitForPartitions(kafka, input.name, Math.max(1, partitions));
  }
  return {
    name: input.name,
    topicId: created.topicId || null,
    partitions,
    replicationFactor: created.replicationFactor !== null && created.replicationFactor > 0 ? created.replicationFactor : wanted.replicationFactor,
    configs: wanted.configs,
    template: input.template?.id ?? null,
    validateOnly,
  };
}

/** Template first, then the caller's explicit values; -1 leaves partitions/replication to the broker's defaults. */
function resolveSettings(input: CreateTopicInput, brokerCount: number) {
  let base = { partitions: -1, replicationFactor: -1, configs: {} as Record<string, string> };
  if (input.template !== undefined) base = applyTemplate(input.template, brokerCount);
  const replicationFactor = input.replicationFactor ?? base.replicationFactor;
  const configs = { ...base.configs, ...input.configs };
  // A template's derived min.insync.replicas follows its replication factor; an explicit smaller factor must pull it
  // down too. A value a stored template sets itself is the user's choice and stays.
  if (input.template?.minInsyncFromReplication && input.replicationFactor !== undefined && input.configs?.['min.insync.replicas'] === undefined) {
    configs['min.insync.replicas'] = String(Math.max(1, input.replicationFactor - 1));
  }
  return { partitions: input.partitions ?? base.partitions, replicationFactor, configs };
}
