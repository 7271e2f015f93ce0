// Synthetic clusters for the rebalance planner's benchmark: brokers on racks, partitions with heavy-tailed sizes
// (a few big topics, many small ones), placed as Kafka's own assignment places them, which ignores size.
import type { ClusterModel, ModelBroker, ModelPartition } from '../../server/rebalance/model';

/** A small seeded PRNG (mulberry32): the same model on every run. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Kafka's assignment without load, in its rack-aware form (AdminUtils.assignReplicasToBrokers): brokers listed
 * alternating by rack (as ids are here: broker i on rack i mod racks), the first replica round-robin from a start
 * index, followers on the next brokers of that list, so on other racks. Size-blind: what
 * `kafka-reassign-partitions --generate` proposes for topics moved onto a broker list.
 */
export function kafkaAssignment(brokerIds: number[], partitions: number, replicationFactor: number, start: number): number[][] {
  const n = brokerIds.length;
  return Array.from({ length: partitions }, (_, p) => {
    const first = (start + p) % n;
    return Array.from({ length: replicationFactor }, (_, j) => brokerIds[(first + j) % n]!);
  });
}

export interface SyntheticOptions {
  brokers: number;
  /** Brokers (the highest ids) that hold nothing yet, as after adding them. */
  emptyBrokers: number;
  partitions: number;
  partitionsPerTopic: number;
  replicationFactor: number;
  racks: number;
  seed: number;
}

/** Sizes with a heavy tail: a topic's partitions share a base size (a Pareto draw), each varies around it. */
export function syntheticCluster(options: SyntheticOptions): ClusterModel {
  const rand = random(options.seed);
  const brokers: ModelBroker[] = Array.from({ length: options.brokers }, (_, i) => ({ id: i + 1, rack: `r${(i % options.racks) + 1}`, capacityBytes: null }));
  const occupied = brokers.slice(0, options.brokers - options.emptyBrokers).map((b) => b.id);
  const partitions: ModelPartition[] = [];
  const topics = Math.ceil(options.partitions / options.partitionsPerTopic);
  for (let t = 0; t < topics; t++) {
    const topic = `topic-${String(t).padStart(5, '0')}`;
    const base = 50e6 / Math.pow(1 - rand() * 0.999, 1 / 1.5);
    const count = Math.min(options.partitionsPerTopic, options.partitions - t * options.partitionsPerTopic);
    const assignment = kafkaAssignment(occupied, count, options.replicationFactor, Math.floor(rand() * occupied.length));
    assignment.forEach((replicas, partition) => {
      partitions.push({ topic, partition, replicas, leader: replicas[0]!, sizeBytes: Math.round(base * (0.5 + rand())) });
    });
  }
  return { brokers, partitions };
}

/** Every broker's disk for an assignment. */
export function diskByBroker(model: ClusterModel): number[] {
  const disk = new Map(model.brokers.map((b) => [b.id, 0]));
  for (const p of model.partitions) for (const id of p.replicas) disk.set(id, (disk.get(id) ?? 0) + p.sizeBytes);
  return model.brokers.map((b) => disk.get(b.id)!);
}
