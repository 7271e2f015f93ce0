/**
 * The sliding window of one cluster's samples and what is derived from it: per-partition lag and status, each
 * group's lag, CMPS (consumed messages per second: growth of its committed offsets) and the produce rate of its
 * topics (growth of their log-end offsets), plus an hour of those as series for charts.
 *
 * Memory is bounded: full samples are kept only for the status/rate windows (a dozen), the hour-long series
 * hold four numbers per group per sample in fixed-size rings, and a group's series is dropped once a complete
 * sample no longer lists the group.
 */
import { runInSlices, runToEnd } from '../util/slices';
import { Ring } from './ring';
import { evaluatePartition, worstStatus, type LagStatus, type PartitionPoint, type StatusRules } from './status';
import { splitPartitionKey, type ClusterSample, type GroupProtocol, type GroupSnapshot, type PartitionKey } from './types';

export interface WindowSettings {
  /** Points kept in the hour-long series (history ÷ interval). */
  historySamples: number;
  /** Samples a partition's status is judged over (Burrow's "intervals"). */
  statusWindowSamples: number;
  /** Sample intervals a rate is measured over: longer is smoother. */
  rateWindowSamples: number;
  rules: StatusRules;
}

export interface PartitionMetrics {
  topic: string;
  partition: number;
  committed: number;
  /** Null when the log-end offset could not be read (topic deleted, leader down). */
  logEnd: number | null;
  lag: number | null;
  status: LagStatus;
  /** A live member of the group is assigned this partition. */
  owned: boolean;
}

export interface GroupMetrics {
  groupId: string;
  protocol: GroupProtocol;
  state: string;
  members: number | null;
  topics: string[];
  coordinatorId: number;
  /** Sum of the partitions' lag; null when nothing is committed or no log-end offset is known. */
  lag: number | null;
  status: LagStatus;
  /** Null until two samples exist. */
  cmps: number | null;
  produceRate: number | null;
  partitions: PartitionMetrics[];
  /** Set when part of the group's data is missing or stale. */
  error?: string;
}

export interface GroupSeriesPoint {
  at: number;
  lag: number | null;
  cmps: number | null;
  produceRate: number | null;
}

export interface ClusterSeriesPoint {
  at: number;
  messagesInPerSec: number | null;
  messagesOutPerSec: number | null;
}

export interface ClusterMetrics {
  clusterId: string;
  at: number;
  sample: ClusterSample;
  groups: Map<string, GroupMetrics>;
  /** Produce rate summed over the partitions the sampler reads (those of topics consumer groups consume). */
  messagesInPerSec: number | null;
  /** CMPS summed over every group. */
  messagesOutPerSec: number | null;
}

/** Groups judged between two yields of addInSlices: each costs a window of lookups per partition. */
const GROUPS_PER_SLICE = 50;

export class ClusterHistory {
  readonly #settings: WindowSettings;
  readonly #recent: Ring<ClusterSample>;
  readonly #groupSeries = new Map<string, Ring<GroupSeriesPoint>>();
  readonly #clusterSeries: Ring<ClusterSeriesPoint>;
  #latest: ClusterMetrics | undefined;

  constructor(settings: WindowSettings) {
    this.#settings = settings;
    this.#recent = new Ring(Math.max(settings.statusWindowSamples, settings.rateWindowSamples + 1));
    this.#clusterSeries = new Ring(settings.historySamples);
  }

  get latest(): ClusterMetrics | undefined {
    return this.#latest;
  }

  groupSeries(groupId: string): GroupSeriesPoint[] {
    return this.#groupSeries.get(groupId)?.toArray() ?? [];
  }

  clusterSeries(): ClusterSeriesPoint[] {
    return this.#clusterSeries.toArray();
  }

  add(sample: ClusterSample): ClusterMetrics {
    return runToEnd(this.#add(sample));
  }

  /** The same, giving the event loop back every GROUPS_PER_SLICE groups (the sampler's way: requests keep flowing). */
  addInSlices(sample: ClusterSample): Promise<ClusterMetrics> {
    return runInSlices(this.#add(sample));
  }

  *#add(sample: ClusterSample): Generator<void, ClusterMetrics> {
    this.#recent.push(sample);
    const statusWindow = this.#recent.last(this.#settings.statusWindowSamples);
    const rateWindow = this.#recent.last(this.#settings.rateWindowSamples + 1);
    const rateBase = rateWindow[0]!;
    const topicPartitions = partitionsByTopic(sample.logEnd);

    const groups = new Map<string, GroupMetrics>();
    for (const group of sample.groups.values()) {
      // A group newer than the rate window's start is measured from the first sample that has it.
      const base = rateWindow.find((past) => past !== sample && past.groups.has(group.groupId));
      groups.set(group.groupId, this.#groupMetrics(group, statusWindow, base, sample, topicPartitions));
      if (groups.size % GROUPS_PER_SLICE === 0) yield;
    }
    this.#carryOverMissing(groups, sample);
    this.#recordSeries(groups, sample);

    const messagesOut = [...groups.values()].reduce<number | null>((sum, group) => (group.cmps === null ? sum : (sum ?? 0) + group.cmps), null);
    const messagesIn = rateBase === sample ? null : rate(sample.logEnd.keys(), (key) => [rateBase.logEnd.get(key), sample.logEnd.get(key)], rateBase, sample);
    this.#clusterSeries.push({ at: sample.at, messagesInPerSec: messagesIn, messagesOutPerSec: messagesOut });
    this.#latest = { clusterId: sample.clusterId, at: sample.at, sample, groups, messagesInPerSec: messagesIn, messagesOutPerSec: messagesOut };
    return this.#latest;
  }

  #groupMetrics(
    group: GroupSnapshot,
    statusWindow: ClusterSample[],
    rateBase: ClusterSample | undefined,
    sample: ClusterSample,
    topicPartitions: Map<string, PartitionKey[]>,
  ): GroupMetrics {
    const partitions = [...group.committed].map(([key, committed]) => this.#partitionMetrics(group, key, committed, statusWindow, sample));
    partitions.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
    const lags = partitions.map((partition) => partition.lag).filter((lag): lag is number => lag !== null);
    const base = rateBase?.groups.get(group.groupId);
    const produced = group.topics.flatMap((topic) => topicPartitions.get(topic) ?? []);
    const metrics: GroupMetrics = {
      groupId: group.groupId,
      protocol: group.protocol,
      state: group.state,
      members: group.members,
      topics: group.topics,
      coordinatorId: group.coordinatorId,
      lag: lags.length === 0 ? null : lags.reduce((sum, lag) => sum + lag, 0),
      status: worstStatus(partitions.map((partition) => partition.status)),
      cmps: rateBase && base ? rate(group.committed.keys(), (key) => [base.committed.get(key), group.committed.get(key)], rateBase, sample) : null,
      produceRate: rateBase ? rate(produced, (key) => [rateBase.logEnd.get(key), sample.logEnd.get(key)], rateBase, sample) : null,
      partitions,
    };
    if (group.error) metrics.error = group.error;
    return metrics;
  }

  #partitionMetrics(group: GroupSnapshot, key: PartitionKey, committed: number, window: ClusterSample[], sample: ClusterSample): PartitionMetrics {
    const { topic, partition } = splitPartitionKey(key);
    const logEnd = sample.logEnd.get(key) ?? null;
    const owned = group.owned ? group.owned.has(key) : (group.members ?? 0) > 0;
    const points: PartitionPoint[] = [];
    for (const past of window) {
      const pastCommitted = past.groups.get(group.groupId)?.committed.get(key);
      const pastLogEnd = past.logEnd.get(key);
      if (pastCommitted !== undefined && pastLogEnd !== undefined) points.push({ at: past.at, committed: pastCommitted, logEnd: pastLogEnd });
    }
    return {
      topic,
      partition,
      committed,
      logEnd,
      lag: logEnd === null ? null : Math.max(0, logEnd - committed),
      status: evaluatePartition(points, owned, this.#settings.rules),
      owned,
    };
  }

  /** A partial sample (a broker did not answer) must not make that broker's groups vanish: keep their last metrics. */
  #carryOverMissing(groups: Map<string, GroupMetrics>, sample: ClusterSample): void {
    if (sample.errors.length === 0 || !this.#latest) return;
    for (const [groupId, previous] of this.#latest.groups) {
      if (!groups.has(groupId)) groups.set(groupId, { ...previous, error: `not in the latest sample (${sample.errors[0]})` });
    }
  }

  #recordSeries(groups: Map<string, GroupMetrics>, sample: ClusterSample): void {
    for (const group of groups.values()) {
      let series = this.#groupSeries.get(group.groupId);
      if (!series) this.#groupSeries.set(group.groupId, (series = new Ring(this.#settings.historySamples)));
      if (sample.groups.has(group.groupId)) series.push({ at: sample.at, lag: group.lag, cmps: group.cmps, produceRate: group.produceRate });
    }
    for (const groupId of this.#groupSeries.keys()) if (!groups.has(groupId)) this.#groupSeries.delete(groupId);
  }
}

/**
 * Messages per second between two samples, summed over `keys`: each key's growth counts only when both ends
 * are known and never below zero, so a new partition or a rewind does not fake a burst or a negative rate.
 */
function rate(keys: Iterable<PartitionKey>, ends: (key: PartitionKey) => [number | undefined, number | undefined], from: ClusterSample, to: ClusterSample): number | null {
  const seconds = (to.at - from.at) / 1000;
  if (seconds <= 0) return null;
  let delta = 0;
  for (const key of keys) {
    const [start, end] = ends(key);
    if (start !== undefined && end !== undefined && end > start) delta += end - start;
  }
  return delta / seconds;
}

function partitionsByTopic(logEnd: Map<PartitionKey, number>): Map<string, PartitionKey[]> {
  const byTopic = new Map<string, PartitionKey[]>();
  for (const key of logEnd.keys()) {
    const { topic } = splitPartitionKey(key);
    const keys = byTopic.get(topic);
    if (keys) keys.push(key);
    else byTopic.set(topic, [key]);
  }
  return byTopic;
}
