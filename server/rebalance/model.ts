/**
 * The cluster as the planner sees it: brokers (rack, disk capacity when known), every partition's replicas in
 * preferred order, its current leader and its size. Built from Metadata and DescribeLogDirs (load.ts); synthetic in
 * tests and the benchmark.
 */

export interface ModelBroker {
  id: number;
  rack: string | null;
  /** The disk's size in bytes (from DescribeLogDirs v4 or entered by the operator); null when unknown. */
  capacityBytes: number | null;
}

export interface ModelPartition {
  topic: string;
  partition: number;
  /** Broker ids in Kafka's order: the first is the preferred leader. */
  replicas: number[];
  leader: number;
  /** Bytes of one replica (the largest any broker reported): what moving it copies. */
  sizeBytes: number;
}

export interface ClusterModel {
  brokers: ModelBroker[];
  partitions: ModelPartition[];
}

export type RebalanceMode = 'full' | 'drain' | 'fill';

export interface PlanOptions {
  mode: RebalanceMode;
  /** drain: the brokers to empty; fill: the (new) brokers to fill. Ignored by full. */
  brokers?: number[];
  excludeTopics?: string[];
  /** At most this many partitions change (moves). */
  maxMoves?: number;
  /** No broker's disk above this share of its capacity (0.8). */
  capacityLimit?: number;
  /** Every broker's disk within mean × threshold and mean ÷ threshold (1.10). */
  diskThreshold?: number;
  /** The same for replica counts (1.10). */
  countThreshold?: number;
}

/** Why a partition moves: the first goal (in priority order) one of its changes served. */
export type MoveGoal = 'placement' | 'drain' | 'capacity' | 'disk' | 'replicas' | 'leaders' | 'replication-factor';

export interface PlannedMove {
  topic: string;
  partition: number;
  from: number[];
  to: number[];
  /** Bytes copied: the partition's size once per broker that gains a replica. */
  bytes: number;
  goal: MoveGoal;
}

export interface BrokerLoad {
  id: number;
  rack: string | null;
  capacityBytes: number | null;
  diskBytes: number;
  replicas: number;
  leaders: number;
}

export interface Plan {
  moves: PlannedMove[];
  before: BrokerLoad[];
  after: BrokerLoad[];
  /** Largest disk use over the mean, before and after (1 is perfect). */
  diskMaxOverMean: { before: number; after: number };
  totalBytes: number;
  /** Replicas the plan could not take off a drained broker (no other broker may hold them, e.g. RF = broker count). */
  unplaced: { topic: string; partition: number; broker: number }[];
}
