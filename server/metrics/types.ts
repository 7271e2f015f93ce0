/** The shapes the sampler produces and the consumer-group and dashboard domains read. */

import type { PartitionKey } from '../kafka/offsets';

export { partitionKey, splitPartitionKey, type PartitionKey } from '../kafka/offsets';

/** classic: the JoinGroup/SyncGroup protocol every client speaks; consumer: KIP-848's broker-side assignment. */
export type GroupProtocol = 'classic' | 'consumer';

/** What one sample saw of one consumer group. */
export interface GroupSnapshot {
  groupId: string;
  protocol: GroupProtocol;
  /** Kafka's own state name (Stable, Empty, PreparingRebalance, Dead… or KIP-848's Assigning, Reconciling…). */
  state: string;
  coordinatorId: number;
  /** Null when the group could not be described in this sample. */
  members: number | null;
  /** Partitions some live member owns; null when unknown (not described). */
  owned: Set<PartitionKey> | null;
  /** Committed offsets; partitions without a commit are absent. */
  committed: Map<PartitionKey, number>;
  /** Topics the group commits to or is assigned, sorted. */
  topics: string[];
  /** Why part of this group's data is missing from the sample. */
  error?: string;
}

/** One batched look at a cluster: every consumer group's committed offsets and the log-end offsets they read. */
export interface ClusterSample {
  clusterId: string;
  /** When the offsets were read (ms since the epoch). */
  at: number;
  durationMs: number;
  groups: Map<string, GroupSnapshot>;
  /** Log-end offsets (high watermarks) of every partition some group has committed offsets for. */
  logEnd: Map<PartitionKey, number>;
  brokers: number;
  /** Requests this sample sent, in total and per Kafka API. */
  requests: number;
  requestsByApi: Record<string, number>;
  /** Brokers or groups that could not be read: the sample is partial, not failed. */
  errors: string[];
}
