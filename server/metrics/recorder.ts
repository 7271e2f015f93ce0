/**
 * The metric history job (server/jobs, lease `metric-history`): each sample interval it writes every cluster's
 * latest sample to PostgreSQL (store.ts); each minute it takes a traffic snapshot (traffic.ts: broker disk use from
 * the log-dir reading shared with the alert evaluator (kafka-health.ts), per-broker bytes in and out, per-topic
 * messages and bytes in and size, for the busiest topics, topic-store.ts),
 * rolls complete buckets up and prunes. It reads the sampler's latest metrics; on a server that does not hold
 * the sampler's lease those are sampled on demand, so history never depends on where the sampler runs.
 * A restart loses at most the interval in progress.
 */
import { listKafkaClusters, type KafkaCluster } from '../clusters/registry';
import type { Db } from '../db';
import { every, type Every } from '../jobs/every';
import type { Job } from '../jobs/runner';
import { kafkaClientFor, type KafkaDeps } from '../kafka/registered';
import type { Logger } from '../logger';
import { messageOf } from '../util/errors';
import type { OffsetSampler } from './sampler';
import { pruneGroups, rollUpGroups } from './group-store';
import { KafkaHealthReader } from './kafka-health';
import { bucketStart, prune, RAW_RESOLUTION, rollUp, rowsOfSample, writeRows, type HistoryRow } from './store';
import { pruneTopics, TOPIC_HISTORY_LIMIT, writeTopicMinute } from './topic-store';
import { busiestTopics, deriveTraffic, takeLogSnapshot, type LogSnapshot } from './traffic';
import type { ClusterMetrics } from './history';

export const HISTORY_JOB = 'metric-history';
const MAINTENANCE_MS = 60_000;

export interface RecorderDeps extends KafkaDeps {
  logger: Logger;
  sampler: OffsetSampler;
  /** Log dirs read once and shared with the alert evaluator; one of its own when left out. */
  health?: KafkaHealthReader;
  /** The clock: tests move it. */
  now?: () => number;
  /** Topics whose minute of traffic is kept, per cluster (default TOPIC_HISTORY_LIMIT). */
  topicHistoryLimit?: number;
}

export class MetricRecorder {
  readonly #deps: RecorderDeps;
  readonly #logger: Logger;
  readonly #written = new Map<string, number>();
  readonly #health: KafkaHealthReader;
  /** Each cluster's last traffic snapshot: the next one, a minute later, gives the rates. */
  readonly #snapshots = new Map<string, LogSnapshot>();
  #lastMaintenance = 0;
  #lastError: string | undefined;

  constructor(deps: RecorderDeps) {
    this.#deps = deps;
    this.#logger = deps.logger.child({ system: 'metric-history' });
    this.#health = deps.health ?? new KafkaHealthReader((cluster) => kafkaClientFor(deps, cluster), deps.now);
  }

  get #db(): Db {
    return this.#deps.db;
  }

  #now(): number {
    return (this.#deps.now ?? Date.now)();
  }

  /** One tick: record every cluster's newest sample; once a minute, disk use, rollups and pruning. */
  async tick(): Promise<void> {
    const clusters = await listKafkaClusters(this.#db);
    const maintenance = this.#now() - this.#lastMaintenance >= MAINTENANCE_MS;
    await Promise.all(clusters.map((cluster) => this.#record(cluster, maintenance)));
    if (maintenance) {
      this.#lastMaintenance = this.#now();
      await this.maintain();
    }
  }

  async maintain(): Promise<void> {
    const now = new Date(this.#now());
    await rollUp(this.#db, now);
    await rollUpGroups(this.#db, now);
    await prune(this.#db, now);
    await pruneGroups(this.#db, now);
    await pruneTopics(this.#db, now);
  }

  async #record(cluster: KafkaCluster, withDisk: boolean): Promise<void> {
    const rows: HistoryRow[] = [];
    try {
      // A sample up to one and a half intervals old is the sampler's own; an older one is taken now.
      const metrics = await this.#deps.sampler.current(cluster, 1.5 * this.#deps.sampler.settings.intervalMs);
      if (metrics.at > (this.#written.get(cluster.id) ?? 0)) {
        rows.push(...rowsOfSample(metrics));
        this.#written.set(cluster.id, metrics.at);
      }
      if (withDisk) rows.push(...(await this.#trafficRows(cluster, metrics)));
      await writeRows(this.#db, rows);
      this.#recovered();
    } catch (error) {
      this.#failed(`cluster ${cluster.id}: ${messageOf(error)}`);
    }
  }

  /** Broker rows (disk, bytes in and out) from this minute's snapshot; topic points written on the way. */
  async #trafficRows(cluster: KafkaCluster, metrics: ClusterMetrics): Promise<HistoryRow[]> {
    const kafka = kafkaClientFor(this.#deps, cluster);
    // a fresh log-dir reading (the rates need this minute's sizes), left for the alert evaluator to share
    const snapshot = await takeLogSnapshot(kafka, metrics.sample, () => this.#health.logDirs(cluster, 0), () => this.#now());
    const previous = this.#snapshots.get(cluster.id);
    this.#snapshots.set(cluster.id, snapshot);
    const traffic = previous ? deriveTraffic(previous, snapshot) : undefined;
    if (traffic) await writeTopicMinute(this.#db, cluster.id, snapshot.at, busiestTopics(traffic.topics, this.#deps.topicHistoryLimit ?? TOPIC_HISTORY_LIMIT));
    const at = bucketStart(snapshot.at, RAW_RESOLUTION);
    return [...snapshot.diskBytes].map(([nodeId, diskBytes]) => {
      const rates = traffic?.brokers.get(nodeId);
      return { clusterId: cluster.id, series: 'broker' as const, subject: String(nodeId), resolution: RAW_RESOLUTION, at, diskBytes, bytesInRate: rates?.bytesInPerSec ?? null, bytesOutRate: rates?.bytesOutPerSec ?? null };
    });
  }

  /** Once per change, not every interval. */
  #failed(message: string): void {
    if (message === this.#lastError) return;
    this.#lastError = message;
    this.#logger.warn(`metric history: ${message}`);
  }

  #recovered(): void {
    if (this.#lastError === undefined) return;
    this.#lastError = undefined;
    this.#logger.info('metric history: recording again');
  }
}

/** The job under its own lease: any one server writes the history. */
export function historyJob(recorder: MetricRecorder, intervalMs: number, logger: Logger): Job {
  let loop: Every | undefined;
  return {
    name: HISTORY_JOB,
    start() {
      loop = every(intervalMs, () => recorder.tick(), (error) => logger.warn(`metric history: ${error.message}`));
    },
    async stop() {
      await loop?.stop();
      loop = undefined;
    },
  };
}
