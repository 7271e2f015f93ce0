/**
 * Runs an evaluation cycle after every pass of the connector watch (every 3 s) on what the console already reads:
 * the watch's connector listings, the offset sampler's latest consumer-group metrics, partition health and log
 * dirs shared with the metric history (metrics/kafka-health.ts), worker plugins and agent node health
 * (connect/worker-health.ts), and install operations in the database. Each reading is taken only when some
 * enabled rule needs it, and no more often than its reader's cadence. The watch runs only on the server holding
 * the `connector-watch` lease, so exactly one server evaluates.
 */
import { desc, eq, inArray } from 'drizzle-orm';
import { listConnectClusters, listKafkaClusters, type ConnectCluster } from '../clusters/registry';
import type { WorkerHealthReader } from '../connect/worker-health';
import type { ConnectorSnapshot, ConnectorWatch } from '../connectors/watch';
import type { Db } from '../db';
import { alertRules, installOperations } from '../db/tables';
import type { Logger } from '../logger';
import type { KafkaHealthReader } from '../metrics/kafka-health';
import type { OffsetSampler } from '../metrics/sampler';
import { evaluateAll, type EvaluationResult } from './engine';
import { readingsNeeded, type ConnectObservation, type KafkaObservation, type Observations } from './evaluate';
import type { AlertCondition } from './schema';

/** Log dirs, worker plugins and agent health change slowly: read at most once a minute (the metric history's cadence). */
export const SLOW_READING_MS = 60_000;

export interface AlertEvaluatorDeps {
  db: Db;
  logger: Logger;
  sampler?: OffsetSampler;
  kafkaHealth?: KafkaHealthReader;
  workerHealth?: WorkerHealthReader;
  consoleUrl?: string;
  now?: () => number;
  /** How old a partition-health reading may be; the sampler's interval by default. */
  partitionsMaxAgeMs?: number;
  /** How old log dirs, worker plugins and agent health may be. */
  slowMaxAgeMs?: number;
}

export class AlertEvaluator {
  /** The most brokers each Kafka cluster was seen with: fewer later means some went offline. */
  readonly #brokersSeen = new Map<string, number>();
  #cycles = 0;

  constructor(private readonly deps: AlertEvaluatorDeps) {}

  get cycles(): number {
    return this.#cycles;
  }

  /** Listens to the watch; returns the unsubscribe. */
  attach(watch: ConnectorWatch): () => void {
    return watch.subscribe((snapshots) => this.evaluate(snapshots).then(() => undefined));
  }

  async evaluate(snapshots: ConnectorSnapshot[]): Promise<EvaluationResult> {
    const rules = await this.deps.db.select({ condition: alertRules.condition }).from(alertRules).where(eq(alertRules.enabled, true));
    const needed = readingsNeeded(rules.map((rule) => (rule.condition as AlertCondition).kind));
    const observed: Observations = { connect: await this.#connect(snapshots, needed), kafka: await this.#kafka(needed) };
    const result = await evaluateAll(this.deps.db, observed, (this.deps.now ?? Date.now)(), this.deps.consoleUrl);
    this.#cycles++;
    if (result.changed) this.deps.logger.info({ ...result }, 'alerts: evaluated');
    return result;
  }

  async #connect(snapshots: ConnectorSnapshot[], needed: Set<string>): Promise<ConnectObservation[]> {
    const observed = new Map<string, ConnectObservation>(snapshots.map((s) => [s.connectId, { connectId: s.connectId, listings: s.listings }]));
    const of = (id: string) => observed.get(id) ?? observed.set(id, { connectId: id }).get(id)!;
    const { workerHealth } = this.deps;
    const slow = this.deps.slowMaxAgeMs ?? SLOW_READING_MS;
    const wantsWorkers = workerHealth && (needed.has('plugins') || needed.has('agents'));
    const clusters: ConnectCluster[] = wantsWorkers ? (await listConnectClusters(this.deps.db)).filter((c) => c.workers.length > 0) : [];
    // never waited for: a worker or agent that hangs must not hold up the connector alerts of this cycle
    for (const cluster of clusters) {
      const entry = of(cluster.id);
      if (needed.has('plugins')) {
        const reading = workerHealth!.peekPlugins(cluster, slow);
        // drift is judged only when every worker answered: a worker that is down is not drift
        if (reading && reading.answered === cluster.workers.length) entry.plugins = reading.plugins;
      }
      if (needed.has('agents') && cluster.workers.some((w) => w.agentUrl)) {
        const reading = workerHealth!.peekAgents(cluster, slow);
        // likewise only when every agent answered: one that is down has not freed its disk
        if (reading && reading.agents.length === reading.registered) entry.agents = reading.agents.map(({ worker, node }) => ({ worker, disk: node.disk }));
      }
    }
    if (needed.has('installs')) for (const [connectId, installs] of await this.#installs()) of(connectId).installs = installs;
    return [...observed.values()];
  }

  /** The latest finished operation per plugin of every Connect cluster: a later success clears an earlier failure. */
  async #installs(): Promise<Map<string, NonNullable<ConnectObservation['installs']>>> {
    const [clusters, rows] = await Promise.all([
      listConnectClusters(this.deps.db),
      this.deps.db
        .selectDistinctOn([installOperations.connectClusterId, installOperations.pluginName], {
          connectId: installOperations.connectClusterId,
          plugin: installOperations.pluginName,
          operationId: installOperations.id,
          kind: installOperations.kind,
          state: installOperations.state,
          error: installOperations.error,
        })
        .from(installOperations)
        .where(inArray(installOperations.state, ['succeeded', 'failed', 'rolled_back']))
        .orderBy(installOperations.connectClusterId, installOperations.pluginName, desc(installOperations.createdAt)),
    ]);
    const byCluster = new Map<string, NonNullable<ConnectObservation['installs']>>(clusters.map((c) => [c.id, []]));
    for (const { connectId, ...op } of rows) byCluster.get(connectId)?.push(op);
    return byCluster;
  }

  async #kafka(needed: Set<string>): Promise<KafkaObservation[]> {
    const { sampler, kafkaHealth } = this.deps;
    const wantsSample = sampler && (needed.has('groups') || needed.has('brokers'));
    const wantsHealth = kafkaHealth && (needed.has('partitions') || needed.has('logDirs'));
    if (!wantsSample && !wantsHealth) return [];
    const clusters = await listKafkaClusters(this.deps.db);
    return Promise.all(
      clusters.map(async (cluster): Promise<KafkaObservation> => {
        const entry: KafkaObservation = { kafkaId: cluster.id };
        if (wantsSample) {
          try {
            // the sampler's own cadence: on a server where its loop does not run, one sample per interval at most
            const metrics = await sampler.current(cluster, sampler.settings.intervalMs);
            const online = metrics.sample.brokers;
            const expected = Math.max(online, this.#brokersSeen.get(cluster.id) ?? 0);
            this.#brokersSeen.set(cluster.id, expected);
            entry.groups = [...metrics.groups.values()];
            entry.brokers = { online, expected };
          } catch {
            // unreachable: every broker it had is offline; no group is judged
            const expected = this.#brokersSeen.get(cluster.id) ?? 0;
            if (expected > 0) entry.brokers = { online: 0, expected };
          }
        }
        // not waited for either: read in the background, judged once there (and while no older than three ages)
        if (wantsHealth && needed.has('partitions')) {
          const health = kafkaHealth.peekPartitions(cluster, this.deps.partitionsMaxAgeMs ?? sampler?.settings.intervalMs ?? 10_000);
          if (health) entry.partitions = health.topics;
        }
        if (wantsHealth && needed.has('logDirs')) {
          const reading = kafkaHealth.peekLogDirs(cluster, this.deps.slowMaxAgeMs ?? SLOW_READING_MS);
          if (reading) entry.logDirs = reading.brokers.flatMap(({ broker, dirs }) => dirs.filter((d) => d.errorCode === 0).map((d) => ({ broker, path: d.path, totalBytes: d.totalBytes, usableBytes: d.usableBytes })));
        }
        return entry;
      }),
    );
  }
}
