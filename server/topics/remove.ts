import type { KafkaClient } from '../kafka/client';
import type { MetadataCache } from '../brokers/metadata-cache';
import { ApiError } from '../http/errors';
import { KafkaApiError } from '../kafka/protocol';
import { topicMetadata } from './topic-detail';

/**
 * Deletes a topic and its data. The caller types the topic's name again (`confirm`) as a guard against deleting
 * the wrong one; Kafka's own internal topics are never deleted.
 */
export async function deleteTopic(kafka: KafkaClient, metadataCache: MetadataCache, name: string, confirm: string | undefined) {
  if (confirm !== name) {
    throw ApiError.badRequest(`Deleting topic "${name}" destroys its data: confirm by sending ?confirm= with the topic's exact name`, 'confirm');
  }
  const topic = await topicMetadata(kafka, name);
  if (topic.isInternal) throw ApiError.conflict(`Topic "${name}" is internal to Kafka and cannot be deleted`);
  const { topics } = await kafka.deleteTopics({ names: [name], timeoutMs: 30_000 });
  const deleted = topics[0]!;
  if (deleted.errorCode !== 0) throw new KafkaApiError(deleted.errorCode, `DeleteTopics "${name}"`, deleted.errorMessage);
  metadataCache.invalidate(kafka.clusterId);
  return { partitions: topic.partitions.length, topicId: topic.topicId };
}
