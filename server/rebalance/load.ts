/**
 * The planner's model read from the cluster itself: Metadata for brokers (racks), partitions, replicas and leaders,
 * and DescribeLogDirs on every broker for the size of each replica and the volume's size (v4, Kafka 3.3+), which is
 * the capacity when the broker reports it and no better one is known (`capacities`: the operator's number or the
 * disk the agent beside the broker reports, see broker-hosts.ts).
 */
import { createHash } from 'node:crypto';
import type { KafkaClient } from '../kafka/client';
import type { ClusterModel, ModelPartition } from './model';

export async function loadClusterModel(kafka: KafkaClient, capacities: ReadonlyMap<number, number> = new Map()): Promise<ClusterModel> {
  const metadata = await kafka.metadata(null);
  const sizes = new Map<string, number>();
  const capacity = new Map<number, number | null>();
  await Promise.all(
    metadata.brokers.map(async (broker) => {
      const { logDirs } = await kafka.describeLogDirs(broker.nodeId, { topics: null });
      let total: number | null = 0;
      for (const dir of logDirs) {
        if (dir.errorCode !== 0) continue;
        total = dir.totalBytes === null || total === null ? null : total + dir.totalBytes;
        for (const topic of dir.topics) {
          for (const p of topic.partitions) {
            if (p.isFuture) continue;
            const key = `${topic.name}\u0000${p.partition}`;
            sizes.set(key, Math.max(sizes.get(key) ?? 0, p.sizeBytes));
          }
        }
      }
      capacity.set(broker.nodeId, total || null);
    }),
  );
  const partitions: ModelPartition[] = [];
  for (const topic of metadata.topics) {
    if (topic.errorCode !== 0) continue;
    for (const p of topic.partitions) {
      partitions.push({ topic: topic.name, partition: p.partition, replicas: p.replicas, leader: p.leader, sizeBytes: sizes.get(`${topic.name}\u0000${p.partition}`) ?? 0 });
    }
  }
  return {
    brokers: metadata.brokers.map((b) => ({ id: b.nodeId, rack: b.rack, capacityBytes: capacities.get(b.nodeId) ?? capacity.get(b.nodeId) ?? null })).sort((a, b) => a.id - b.id),
    partitions,
  };
}

/**
 * What a plan depends on: the brokers and the current replicas of every partition it changes. Approving a plan
 * whose fingerprint no longer matches is refused: the moves were computed for another assignment.
 */
export function assignmentFingerprint(model: ClusterModel, partitions: { topic: string; partition: number }[]): string {
  const current = new Map(model.partitions.map((p) => [`${p.topic}\u0000${p.partition}`, p.replicas.join(',')]));
  const hash = createHash('sha256').update(model.brokers.map((b) => b.id).join(',')).update('\n');
  for (const p of [...partitions].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition))) {
    hash.update(`${p.topic}\u0000${p.partition}=${current.get(`${p.topic}\u0000${p.partition}`) ?? 'missing'}\n`);
  }
  return hash.digest('hex');
}
