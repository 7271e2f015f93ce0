import type { ClusterClients } from '../brokers/cluster-clients';
import type { MetadataCache } from '../brokers/metadata-cache';
import { ApiError } from '../http/errors';
import { topicMetadata } from './topic-detail';

/**
 * Deletes a topic and its data. The caller types the topic's name again (`confirm`) as a guard against deleting
 * the wrong one; Kafka's own internal topics are never deleted.
 */
export async function deleteTopic(clients: ClusterClients, metadataCache: MetadataCache, name: string, confirm: string | undefined) {
  if (confirm !== name) {
    throw ApiError.badRequest(`Deleting topic "${name}" destroys its data: confirm by sending ?confirm= with the topic's exact name`, 'confirm');
  }
  const topic = await topicMetadata(clients, name);
  if (topic.isInternal) throw ApiError.conflict(`Topic "${name}" is internal to Kafka and cannot be deleted`);
  await clients.admin.run(`delete topic "${name}"`, (admin) => admin.deleteTopics({ topics: [name], timeout: 30_000 }), { timeoutMs: 35_000 });
  metadataCache.invalidate(clients.clusterId);
  return { partitions: topic.partitions.length, topicId: topic.topicId };
}
