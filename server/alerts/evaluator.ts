/**
 * Runs an evaluation cycle after every pass of the connector watch (every 3 s), with the offset sampler's latest
 * consumer-group metrics. The watch runs only on the server holding the `connector-watch` lease, so exactly
 * one server evaluates; no poller of its own.
 */
import { eq } from 'drizzle-orm';
import { listKafkaClusters } from '../clusters/registry';
import type { ConnectorSnapshot, ConnectorWatch } from '../connectors/watch';
import type { Db } from '../db';
import { alertRules } from '../db/tables';
import type { Logger } from '../logger';
import type { OffsetSampler } from '../metrics/sampler';
import { evaluateAll, type EvaluationResult } from './engine';
import type { Observations } from './evaluate';

const KAFKA_KINDS = new Set(['lag-status', 'lag-above', 'broker-offline']);

export interface AlertEvaluatorDeps {
  db: Db;
  logger: Logger;
  sampler?: OffsetSampler;
  consoleUrl?: string;
  now?: () => number;
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
    const observed: Observations = {
      connect: snapshots.map((s) => ({ connectId: s.connectId, listings: s.listings })),
      kafka: (await this.#kafkaNeeded()) ? await this.#kafka() : [],
    };
    const result = await evaluateAll(this.deps.db, observed, (this.deps.now ?? Date.now)(), this.deps.consoleUrl);
    this.#cycles++;
    if (result.changed) this.deps.logger.info({ ...result }, 'alerts: evaluated');
    return result;
  }

  async #kafkaNeeded(): Promise<boolean> {
    if (!this.deps.sampler) return false;
    const rules = await this.deps.db.select({ condition: alertRules.condition }).from(alertRules).where(eq(alertRules.enabled, true));
    return rules.some((rule) => KAFKA_KINDS.has(String(rule.condition.kind)));
  }

  async #kafka(): Promise<Observations['kafka']> {
    const sampler = this.deps.sampler!;
    const clusters = await listKafkaClusters(this.deps.db);
    return Promise.all(
      clusters.map(async (cluster) => {
        try {
          // the sampler's own cadence: on a server where its loop does not run, one sample per interval at most
          const metrics = await sampler.current(cluster, sampler.settings.intervalMs);
          const online = metrics.sample.brokers;
          const expected = Math.max(online, this.#brokersSeen.get(cluster.id) ?? 0);
          this.#brokersSeen.set(cluster.id, expected);
          return { kafkaId: cluster.id, groups: [...metrics.groups.values()], brokers: { online, expected } };
        } catch {
          // unreachable: every broker it had is offline; no group is judged
          const expected = this.#brokersSeen.get(cluster.id) ?? 0;
          return { kafkaId: cluster.id, ...(expected > 0 ? { brokers: { online: 0, expected } } : {}) };
        }
      }),
    );
  }
}
