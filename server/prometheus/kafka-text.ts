/**
 * The Kafka part of /metrics written straight as Prometheus text, once per sample. At 1,000 groups reading
 * 10,000 topics that part is about 70,000 series (7.4 MB); building it through prom-client gauges on every scrape
 * took over a second on a busy 2-core machine, against a 200 ms target. The sample changes only every interval,
 * so each cluster's lines are rendered once per sample and a scrape concatenates the covered clusters' lines
 * family by family (the format wants each family's lines together under one HELP/TYPE).
 *
 * Rendering that size still takes 50-200 ms, and Prometheus' scrape is nearly always the first after a new sample
 * (10 s samples, 15-60 s scrapes): rendered at scrape time, that cost landed on almost every real scrape. So while
 * someone scrapes, each new sample is rendered when it arrives, in slices that give the event loop back between
 * them, and a scrape serves the newest sample already rendered (at most one interval older than the newest).
 * Names and labels are kafka_exporter's, as before (exporter.ts kept them on prom-client gauges).
 */
import type { ClusterMetrics } from '../metrics/history';
import { LAG_STATUSES } from '../metrics/status';
import { splitPartitionKey } from '../metrics/types';
import { runInSlices, runToEnd } from '../util/slices';

const FAMILIES = [
  ['connectory_kafka_up', 'Whether the latest sample of the cluster succeeded'],
  ['connectory_kafka_sample_timestamp_seconds', 'When the offsets behind these gauges were read'],
  ['kafka_brokers', 'Number of brokers in the Kafka cluster'],
  ['kafka_topic_partitions', 'Number of partitions of a topic (topics consumer groups read)'],
  ['kafka_topic_partition_current_offset', 'Log-end offset (high watermark) of a partition'],
  ['kafka_consumergroup_current_offset', 'Committed offset of a consumer group on a partition'],
  ['kafka_consumergroup_current_offset_sum', 'Committed offsets of a consumer group on a topic, summed'],
  ['kafka_consumergroup_lag', 'Messages a consumer group is behind on a partition'],
  ['kafka_consumergroup_lag_sum', 'Messages a consumer group is behind on a topic, summed'],
  ['kafka_consumergroup_members', 'Live members of a consumer group'],
  ['connectory_consumergroup_lag_status', 'Burrow-style lag status of a consumer group: 1 for its current status'],
  ['connectory_consumergroup_consumed_messages_per_second', 'Messages per second a consumer group commits past'],
  ['connectory_consumergroup_produced_messages_per_second', "Messages per second produced to a consumer group's topics"],
  ['connectory_cluster_messages_in_per_second', 'Messages per second produced to the topics consumer groups read'],
  ['connectory_cluster_messages_out_per_second', 'Messages per second consumed, over every consumer group'],
] as const;

type Family = (typeof FAMILIES)[number][0];
/** Each family's lines of one cluster, joined and encoded: a scrape only copies bytes. */
type Lines = Map<Family, Buffer>;

const NEEDS_ESCAPE = /[\\"\n]/;
const NEWLINE = Buffer.from('\n');

/** Prometheus label value escaping: backslash, double quote and newline (most values need none). */
function escape(value: string): string {
  return NEEDS_ESCAPE.test(value) ? value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') : value;
}

function format(value: number): string {
  if (Number.isFinite(value)) return String(value);
  return Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf';
}

/** Lines per slice of a rendering in the background: a few milliseconds of work between two yields. */
const SLICE = 2_000;
/** Samples are rendered ahead of scrapes only while scrapes come: nobody scraping, nothing is spent. */
const SCRAPED_RECENTLY_MS = 5 * 60_000;

/**
 * One cluster's lines per family. Label sets are built by concatenation from parts escaped once (a cluster, a
 * group, a topic): at 70,000 series the generic way cost most of the time. A generator, so the same code runs in
 * one go (a scrape that cannot wait) or in slices (ahead of scrapes): it yields every SLICE lines or so.
 */
function* clusterLines(cluster: string, metrics: ClusterMetrics): Generator<void, Lines> {
  const lines = new Map<Family, string[]>(FAMILIES.map(([name]) => [name, []]));
  let added = 0;
  const c = `cluster="${escape(cluster)}"`;
  // An unknown value is left out rather than exported as 0: a missing series is honest, a zero lag is not.
  const add = (family: Family, labelSet: string, value: number | null) => {
    if (value === null) return;
    lines.get(family)!.push(`${family}{${labelSet}} ${format(value)}`);
    added++;
  };
  add('connectory_kafka_sample_timestamp_seconds', c, metrics.at / 1000);
  add('kafka_brokers', c, metrics.sample.brokers);
  add('connectory_cluster_messages_in_per_second', c, metrics.messagesInPerSec);
  add('connectory_cluster_messages_out_per_second', c, metrics.messagesOutPerSec);
  const topicLabel = new Map<string, string>();
  const topicOf = (topic: string) => topicLabel.get(topic) ?? topicLabel.set(topic, `topic="${escape(topic)}"`).get(topic)!;
  const partitionsPerTopic = new Map<string, number>();
  for (const [key, offset] of metrics.sample.logEnd) {
    const { topic, partition } = splitPartitionKey(key);
    partitionsPerTopic.set(topic, (partitionsPerTopic.get(topic) ?? 0) + 1);
    add('kafka_topic_partition_current_offset', `${c},${topicOf(topic)},partition="${partition}"`, offset);
    if (added >= SLICE) (added = 0), yield;
  }
  for (const [topic, partitions] of partitionsPerTopic) add('kafka_topic_partitions', `${c},${topicOf(topic)}`, partitions);
  for (const group of metrics.groups.values()) {
    const g = `${c},consumergroup="${escape(group.groupId)}"`;
    add('kafka_consumergroup_members', g, group.members);
    for (const status of LAG_STATUSES) add('connectory_consumergroup_lag_status', `${g},status="${status}"`, status === group.status ? 1 : 0);
    add('connectory_consumergroup_consumed_messages_per_second', g, group.cmps);
    add('connectory_consumergroup_produced_messages_per_second', g, group.produceRate);
    const sums = new Map<string, { offset: number; lag: number | null }>();
    for (const p of group.partitions) {
      const labelSet = `${g},${topicOf(p.topic)},partition="${p.partition}"`;
      add('kafka_consumergroup_current_offset', labelSet, p.committed);
      add('kafka_consumergroup_lag', labelSet, p.lag);
      const sum = sums.get(p.topic) ?? { offset: 0, lag: null };
      sum.offset += p.committed;
      if (p.lag !== null) sum.lag = (sum.lag ?? 0) + p.lag;
      sums.set(p.topic, sum);
    }
    for (const [topic, sum] of sums) {
      add('kafka_consumergroup_current_offset_sum', `${g},${topicOf(topic)}`, sum.offset);
      add('kafka_consumergroup_lag_sum', `${g},${topicOf(topic)}`, sum.lag);
    }
    if (added >= SLICE) (added = 0), yield;
  }
  // Joining and encoding 7 MB is itself tens of milliseconds: a family at a time, with a yield between.
  const encoded: Lines = new Map();
  for (const [family, list] of lines) {
    if (list.length > 0) encoded.set(family, Buffer.from(list.join('\n')));
    if (list.length > SLICE) yield;
  }
  return encoded;
}

export interface KafkaTextInput {
  cluster: string;
  metrics: ClusterMetrics | undefined;
}

/** The rendered Kafka families of one app's clusters: one per app, so apps in one process never share samples. */
export class KafkaText {
  readonly #rendered = new WeakMap<ClusterMetrics, Lines>();
  /** Per cluster, the newest sample whose lines are ready. */
  readonly #newest = new Map<string, ClusterMetrics>();
  /** The last scrape's bytes and what they were made of: scrapes between two samples get the same bytes. */
  #last: { inputs: KafkaTextInput[]; bytes: Buffer } | undefined;
  #scrapedAt = Number.NEGATIVE_INFINITY;
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /**
   * A new sample of `cluster` (the sampler's listener): rendered now, in slices, when scrapes came in the last
   * minutes; otherwise left for a scrape to render if one comes.
   */
  async prerender(cluster: string, metrics: ClusterMetrics): Promise<void> {
    if (this.#now() - this.#scrapedAt > SCRAPED_RECENTLY_MS || this.#rendered.has(metrics)) return;
    const lines = await runInSlices(clusterLines(cluster, metrics));
    this.#keep(cluster, metrics, lines);
  }

  /** The newest rendered sample of `cluster`, if it was taken after `since` (ms since the epoch). */
  ready(cluster: string, since: number): ClusterMetrics | undefined {
    const metrics = this.#newest.get(cluster);
    return metrics && metrics.at >= since ? metrics : undefined;
  }

  /** The Kafka families for the clusters a scrape covers: up (1 or 0) for each, the sample's series for those up. */
  render(clusters: KafkaTextInput[]): Buffer {
    this.#scrapedAt = this.#now();
    const last = this.#last;
    if (last && last.inputs.length === clusters.length && last.inputs.every((input, i) => input.cluster === clusters[i]!.cluster && input.metrics === clusters[i]!.metrics)) return last.bytes;
    const perCluster = clusters.map(({ cluster, metrics }) => ({ cluster, metrics, lines: metrics ? this.#linesOf(cluster, metrics) : undefined }));
    const parts: Buffer[] = [];
    for (const [family, help] of FAMILIES) {
      const own: string[] = [`# HELP ${family} ${help}`, `# TYPE ${family} gauge`];
      if (family === 'connectory_kafka_up') for (const { cluster, metrics } of perCluster) own.push(`${family}{cluster="${escape(cluster)}"} ${metrics ? 1 : 0}`);
      parts.push(Buffer.from(`${own.join('\n')}\n`));
      for (const { lines } of perCluster) {
        const bytes = lines?.get(family);
        if (bytes) parts.push(bytes, NEWLINE);
      }
    }
    const bytes = Buffer.concat(parts);
    this.#last = { inputs: clusters.map(({ cluster, metrics }) => ({ cluster, metrics })), bytes };
    return bytes;
  }

  #linesOf(cluster: string, metrics: ClusterMetrics): Lines {
    const lines = this.#rendered.get(metrics) ?? runToEnd(clusterLines(cluster, metrics));
    this.#keep(cluster, metrics, lines);
    return lines;
  }

  #keep(cluster: string, metrics: ClusterMetrics, lines: Lines): void {
    this.#rendered.set(metrics, lines);
    if ((this.#newest.get(cluster)?.at ?? Number.NEGATIVE_INFINITY) <= metrics.at) this.#newest.set(cluster, metrics);
  }
}
