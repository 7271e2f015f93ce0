/**
 * The offset sampler: every interval, one batched sample per registered Kafka cluster (see sample.ts), kept in
 * that cluster's sliding window (history.ts). Readers get the latest metrics without touching Kafka; when the
 * sampler is not running (tests, benchmarks) or is behind, `current()` samples on demand, sharing a sample
 * already in flight.
 */
import { kafkaConnectionFor } from '../clusters/clients';
import { listKafkaClusters, type KafkaCluster } from '../clusters/registry';
import type { Db } from '../db';
import type { KafkaClient } from '../kafka/client';
import type { KafkaClients } from '../kafka/pool';
import { KafkaClusterError } from '../kafka/protocol';
import type { Logger } from '../logger';
import type { SecretBox } from '../secrets/secret-box';
import { messageOf } from '../util/errors';
import { TimeoutError, withTimeout } from '../util/timeout';
import { ClusterHistory, type ClusterMetrics } from './history';
import { takeSample } from './sample';
import { DEFAULT_SAMPLER_SETTINGS, type SamplerSettings } from './settings';

export interface OffsetSamplerDeps {
  db: Db;
  secrets: SecretBox;
  logger: Logger;
  settings?: Partial<SamplerSettings>;
  /** The app's Kafka clients: the sampler reads through them, their owner closes them. */
  kafkaClients: KafkaClients;
}

/** Without the background loop, a sample this young is reused rather than taken again. */
const ON_DEMAND_MAX_AGE_MS = 1_000;

/** Told of each good sample, after it joined the cluster's history (the /metrics exporter renders it then). */
export type SampleListener = (clusterId: string, metrics: ClusterMetrics) => void;

export interface SampleFailure {
  at: number;
  message: string;
}

export class OffsetSampler {
  readonly settings: SamplerSettings;
  readonly #kafkaClients: KafkaClients;
  readonly #db: Db;
  readonly #secrets: SecretBox;
  readonly #logger: Logger;
  readonly #histories = new Map<string, ClusterHistory>();
  readonly #inFlight = new Map<string, Promise<ClusterMetrics>>();
  readonly #failures = new Map<string, SampleFailure>();
  readonly #listeners = new Set<SampleListener>();
  #timer: NodeJS.Timeout | undefined;
  #round: Promise<void> | undefined;
  #running = false;

  constructor(deps: OffsetSamplerDeps) {
    this.settings = { ...DEFAULT_SAMPLER_SETTINGS, ...deps.settings };
    this.#db = deps.db;
    this.#secrets = deps.secrets;
    this.#logger = deps.logger.child({ system: 'offset-sampler' });
    this.#kafkaClients = deps.kafkaClients;
  }

  get running(): boolean {
    return this.#running;
  }

  /** Samples every registered cluster now, then every interval until `stop()`. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#logger.info({ intervalMs: this.settings.intervalMs }, 'offset sampler started');
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    await this.pause();
  }

  /**
   * Ends the background loop but keeps serving `current()` on demand, as when it never ran: another server
   * took the sampler's lease (server/jobs). The history gathered so far stays.
   */
  async pause(): Promise<void> {
    if (this.#running) this.#logger.info('offset sampler stopped');
    this.#running = false;
    clearTimeout(this.#timer);
    await this.#round?.catch(() => {});
    await Promise.allSettled(this.#inFlight.values());
  }

  /** One round: every registered cluster in parallel. Failures are remembered per cluster, never thrown. */
  async sampleAll(): Promise<void> {
    const clusters = await listKafkaClusters(this.#db);
    this.#forgetUnregistered(new Set(clusters.map((cluster) => cluster.id)));
    await Promise.allSettled(clusters.map((cluster) => this.sample(cluster)));
  }

  /** A fresh sample of one cluster; joins the one in flight if there is one. Throws when the cluster cannot be read. */
  sample(cluster: KafkaCluster): Promise<ClusterMetrics> {
    const inFlight = this.#inFlight.get(cluster.id);
    if (inFlight) return inFlight;
    const work = this.#sampleOnce(cluster).finally(() => this.#inFlight.delete(cluster.id));
    this.#inFlight.set(cluster.id, work);
    return work;
  }

  /**
   * The latest metrics if younger than `maxAgeMs`, else a fresh sample. By default: two intervals while the sampler
   * runs; a second when it does not (tests, tools), where nothing else would keep the metrics current.
   */
  async current(cluster: KafkaCluster, maxAgeMs = this.#running ? 2 * this.settings.intervalMs : ON_DEMAND_MAX_AGE_MS): Promise<ClusterMetrics> {
    const latest = this.latest(cluster.id);
    if (latest && Date.now() - latest.at <= maxAgeMs) return latest;
    return this.sample(cluster);
  }

  /** Calls `listener` after every good sample until the returned function is called. */
  onSample(listener: SampleListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  latest(clusterId: string): ClusterMetrics | undefined {
    return this.#histories.get(clusterId)?.latest;
  }

  history(clusterId: string): ClusterHistory | undefined {
    return this.#histories.get(clusterId);
  }

  /** The last failed sample of a cluster, cleared by the next good one. */
  lastFailure(clusterId: string): SampleFailure | undefined {
    return this.#failures.get(clusterId);
  }

  #clientFor(cluster: KafkaCluster): KafkaClient {
    return this.#kafkaClients.get(kafkaConnectionFor(cluster, this.#secrets));
  }

  async #sampleOnce(cluster: KafkaCluster): Promise<ClusterMetrics> {
    const timeoutMs = this.settings.sampleTimeoutMs;
    try {
      const sample = await withTimeout(takeSample(this.#clientFor(cluster)), timeoutMs, () => `no complete sample within ${timeoutMs} ms (timed out)`).catch((error: unknown) => {
        throw error instanceof TimeoutError ? new KafkaClusterError(cluster.id, error.message, { cause: error }) : error;
      });
      const metrics = await this.#historyOf(cluster.id).addInSlices(sample);
      for (const listener of this.#listeners) {
        try {
          listener(cluster.id, metrics);
        } catch (error) {
          this.#logger.warn({ kafkaCluster: cluster.id }, `sample listener failed: ${messageOf(error)}`);
        }
      }
      if (this.#failures.delete(cluster.id)) this.#logger.info({ kafkaCluster: cluster.id }, 'offset sampling recovered');
      this.#logger.debug({ kafkaCluster: cluster.id, groups: sample.groups.size, requests: sample.requests, ms: sample.durationMs }, 'sampled');
      return metrics;
    } catch (error) {
      const message = messageOf(error);
      // Once per change, not every interval: a cluster that stays down must not flood the log.
      if (this.#failures.get(cluster.id)?.message !== message) this.#logger.warn({ kafkaCluster: cluster.id }, `offset sampling failed: ${message}`);
      this.#failures.set(cluster.id, { at: Date.now(), message });
      throw error;
    }
  }

  #historyOf(clusterId: string): ClusterHistory {
    let history = this.#histories.get(clusterId);
    if (!history) {
      const { intervalMs, historyMs, statusWindowSamples, rateWindowSamples, minStatusSamples } = this.settings;
      history = new ClusterHistory({
        historySamples: Math.max(2, Math.ceil(historyMs / intervalMs)),
        statusWindowSamples,
        rateWindowSamples,
        rules: { minSamples: minStatusSamples },
      });
      this.#histories.set(clusterId, history);
    }
    return history;
  }

  #forgetUnregistered(registered: Set<string>): void {
    for (const clusterId of this.#histories.keys()) if (!registered.has(clusterId)) this.#histories.delete(clusterId);
  }

  #schedule(delayMs: number): void {
    if (!this.#running) return;
    this.#timer = setTimeout(() => {
      const started = Date.now();
      this.#round = this.sampleAll()
        .catch((error: unknown) => this.#logger.warn(`offset sampling round failed: ${messageOf(error)}`))
        .finally(() => this.#schedule(Math.max(0, this.settings.intervalMs - (Date.now() - started))));
    }, delayMs);
    this.#timer.unref();
  }
}
