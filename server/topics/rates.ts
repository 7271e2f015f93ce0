import type { KafkaClient } from '../kafka/client';
import type { KafkaCluster } from '../clusters/registry';
import { partitionOffsets } from './topic-detail';

/**
 * What the rates need from the consumer-group offset sampler (server/metrics/sampler.ts): a recent sample of every
 * group's committed offsets, keyed `topic:partition`. One sample costs a few requests per broker, not per group.
 */
export interface GroupOffsetSource {
  current(cluster: KafkaCluster, maxAgeMs?: number): Promise<{ at: number; sample: { groups: ReadonlyMap<string, { committed: ReadonlyMap<string, number> }> } }>;
}

/** Committed offsets of the groups reading one topic, at one moment: group → partition → offset. */
export interface CommittedSample {
  at: number;
  byGroup: ReadonlyMap<string, ReadonlyMap<number, number>>;
}

/** A topic's log-end offsets (and, with a group source, its consumers' committed offsets) at one moment. */
export interface OffsetSample {
  at: number;
  endOffsets: ReadonlyMap<number, number>;
  committed?: CommittedSample;
}

export interface TopicRates {
  topic: string;
  /** Messages per second written to the topic (log-end offsets over the window; transaction markers count too). */
  inPerSec: number;
  partitions: { partition: number; inPerSec: number }[];
  /** Messages per second consumed: the growth of committed offsets, summed over the groups reading the topic. */
  outPerSec: number | null;
  groups: { groupId: string; perSec: number }[];
  outNote: string | null;
  windowMs: number;
  outWindowMs: number | null;
  from: string;
  to: string;
}

/** Messages per second between two samples; partitions present in only one sample are left out. */
export function messageRate(older: ReadonlyMap<number, number>, newer: ReadonlyMap<number, number>, seconds: number) {
  const partitions: { partition: number; inPerSec: number }[] = [];
  let total = 0;
  for (const [partition, end] of newer) {
    const before = older.get(partition);
    if (before === undefined) continue;
    const rate = seconds > 0 ? Math.max(0, end - before) / seconds : 0;
    partitions.push({ partition, inPerSec: rate });
    total += rate;
  }
  partitions.sort((a, b) => a.partition - b.partition);
  return { inPerSec: total, partitions };
}

/**
 * Consumption per group: each group in the newest sample against the oldest earlier sample that has it (at least a
 * second back, within the preferred window), so a group that appeared since an older sample is still measured.
 * A reset backwards counts as 0, not negative.
 */
export function consumptionRate(earlier: readonly CommittedSample[], newest: CommittedSample) {
  const groups: { groupId: string; perSec: number }[] = [];
  let windowMs = 0;
  for (const [groupId, offsets] of newest.byGroup) {
    const base = pickOlder(earlier.filter((sample) => sample.byGroup.has(groupId)), newest.at, (sample) => sample.at);
    if (!base) continue;
    windowMs = Math.max(windowMs, newest.at - base.at);
    groups.push({ groupId, perSec: messageRate(base.byGroup.get(groupId)!, offsets, (newest.at - base.at) / 1000).inPerSec });
  }
  groups.sort((a, b) => b.perSec - a.perSec || a.groupId.localeCompare(b.groupId));
  return { outPerSec: groups.reduce((sum, group) => sum + group.perSec, 0), groups, windowMs };
}

/** The committed offsets on one topic, out of a sample of every group. */
export function committedOnTopic(topic: string, at: number, groups: ReadonlyMap<string, { committed: ReadonlyMap<string, number> }>): CommittedSample {
  const byGroup = new Map<string, Map<number, number>>();
  const prefix = `${topic}:`;
  for (const [groupId, group] of groups) {
    for (const [key, offset] of group.committed) {
      // topic names cannot contain ':', so the prefix match is exact
      if (!key.startsWith(prefix) || key.lastIndexOf(':') !== topic.length) continue;
      let offsets = byGroup.get(groupId);
      if (!offsets) byGroup.set(groupId, (offsets = new Map()));
      offsets.set(Number(key.slice(prefix.length)), offset);
    }
  }
  return { at, byGroup };
}

const MIN_WINDOW_MS = 1_000;
/** Samples older than this are useless for a current rate. */
const MAX_SAMPLE_AGE_MS = 5 * 60_000;
/** The rate is taken over about this long when samples allow: smoother than second-by-second. */
const PREFERRED_WINDOW_MS = 60_000;
const MAX_TRACKED_TOPICS = 1_000;

type Sampler = (fresh: boolean) => Promise<OffsetSample>;

/**
 * Per-topic message rates from offsets sampled over time: in = growth of the log-end offsets (one ListOffsets per
 * call), out = growth of the consumer groups' committed offsets (from the shared group sampler, when given: its
 * latest sample unless the measurement needs a fresh one). The first call for a topic samples twice, a second
 * apart; later calls compare with earlier samples, so a UI polling every few seconds costs one ListOffsets per poll.
 * Memory is bounded: a few samples per topic, recent topics only.
 */
export class TopicRateSampler {
  readonly #samples = new Map<string, OffsetSample[]>();

  constructor(
    private readonly groupOffsets?: GroupOffsetSource,
    private readonly now: () => number = Date.now,
    private readonly sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  rates(cluster: KafkaCluster, kafka: KafkaClient, topic: string): Promise<TopicRates> {
    return this.ratesFrom(`${kafka.clusterId}\u0000${topic}`, topic, (fresh) => this.#sample(cluster, kafka, topic, fresh));
  }

  /** The rate computation over any sampler: what `rates` does, open to tests. */
  async ratesFrom(key: string, topic: string, sample: Sampler): Promise<TopicRates> {
    const kept = this.#fresh(key);
    // Nothing kept for this topic: both samples of the first measurement are fresh ones.
    let latest = await sample(kept.length === 0);
    let older = pickOlder(kept, latest.at, (s) => s.at);
    if (!older) {
      await this.sleep(MIN_WINDOW_MS);
      older = latest;
      latest = await sample(true);
    }
    const all = [...kept, older, latest];
    this.#remember(key, all);
    const seconds = (latest.at - older.at) / 1000;
    const { inPerSec, partitions } = messageRate(older.endOffsets, latest.endOffsets, seconds);
    return { topic, inPerSec, partitions, ...this.#consumption(all, latest), windowMs: latest.at - older.at, from: iso(older.at), to: iso(latest.at) };
  }

  #consumption(samples: OffsetSample[], latest: OffsetSample) {
    if (!this.groupOffsets) {
      return { outPerSec: null, groups: [], outWindowMs: null, outNote: 'No consumer-group sampler is configured on this server: only the produce rate is measured.' };
    }
    const newest = latest.committed;
    const earlier = samples.flatMap((sample) => (sample.committed && newest && sample.committed.at < newest.at ? [sample.committed] : []));
    if (!newest || earlier.length === 0) {
      return { outPerSec: null, groups: [], outWindowMs: null, outNote: 'Consumption needs two consumer-group samples: ask again in a few seconds.' };
    }
    const { outPerSec, groups, windowMs } = consumptionRate(earlier, newest);
    if (newest.byGroup.size === 0) return { outPerSec: 0, groups, outWindowMs: null, outNote: 'No consumer group has committed offsets on this topic.' };
    if (groups.length === 0) return { outPerSec: null, groups, outWindowMs: null, outNote: 'The groups reading this topic are new since the last sample: ask again in a few seconds.' };
    return { outPerSec, groups, outWindowMs: windowMs, outNote: 'From committed offsets: consumers that commit rarely show bursts.' };
  }

  async #sample(cluster: KafkaCluster, kafka: KafkaClient, topic: string, fresh: boolean): Promise<OffsetSample> {
    const [offsets, groups] = await Promise.all([
      partitionOffsets(kafka, topic),
      // A fresh group sample for the first measurement; otherwise whatever the background sampler has.
      this.groupOffsets?.current(cluster, fresh ? 0 : undefined),
    ]);
    const at = this.now();
    const endOffsets = new Map(offsets.map((entry) => [entry.partition, entry.latest]));
    return groups ? { at, endOffsets, committed: committedOnTopic(topic, groups.at, groups.sample.groups) } : { at, endOffsets };
  }

  #fresh(key: string): OffsetSample[] {
    const cutoff = this.now() - MAX_SAMPLE_AGE_MS;
    return (this.#samples.get(key) ?? []).filter((sample) => sample.at >= cutoff);
  }

  #remember(key: string, samples: OffsetSample[]): void {
    const unique = [...new Map(samples.map((sample) => [sample.at, sample])).values()].sort((a, b) => a.at - b.at);
    this.#samples.delete(key); // re-inserted last: the Map's order doubles as recency
    this.#samples.set(key, unique.slice(-10));
    if (this.#samples.size > MAX_TRACKED_TOPICS) this.#samples.delete(this.#samples.keys().next().value!);
  }
}

/** The oldest sample within the preferred window that is at least a second old; else the newest old-enough one. */
function pickOlder<T>(samples: T[], now: number, at: (sample: T) => number): T | undefined {
  const oldEnough = samples.filter((sample) => now - at(sample) >= MIN_WINDOW_MS).sort((a, b) => at(a) - at(b));
  return oldEnough.find((sample) => now - at(sample) <= PREFERRED_WINDOW_MS) ?? oldEnough.at(-1);
}

const iso = (ms: number) => new Date(ms).toISOString();
