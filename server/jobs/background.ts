/**
 * What runs once per database, whichever server runs it: each of these holds its own lease, so on one server
 * they all run there, and when it dies the others take them over within a lease (JOBS_LEASE_SECONDS).
 */
import { startAutoRestart, type AutoRestart } from '../connectors/auto-restart/runner';
import type { AlertEvaluator, OutboxDispatcher } from '../alerts';
import { startConfigSync, type ConfigSync } from '../connectors/sync';
import type { ConnectorWatch } from '../connectors/watch';
import type { ClientRegistry } from '../clusters/client-registry';
import type { Db } from '../db';
import { deliveryJob } from '../delivery/job';
import type { DeliveryRunner } from '../delivery/runner';
import type { Logger } from '../logger';
import { historyJob, type MetricRecorder } from '../metrics/recorder';
import type { OffsetSampler } from '../metrics/sampler';
import type { RebalanceExecutor } from '../rebalance/executor';
import { rebalanceJob } from '../rebalance/job';
import type { SecretBox } from '../secrets/secret-box';
import { clearLeases } from './lease';
import { JobRunner, type Job } from './runner';
import type { JobSettings } from './settings';

export const SAMPLER_JOB = 'offset-sampler';
export const CONNECTOR_WATCH_JOB = 'connector-watch';
export const ALERT_OUTBOX_JOB = 'alerts-outbox';

export interface BackgroundDeps {
  db: Db;
  secrets: SecretBox;
  logger: Logger;
  clients: ClientRegistry;
  settings: JobSettings;
  /**
   * No other server can use this database (embedded PGlite): leases a crashed previous process left are void,
   * so its jobs start at once instead of after the lease runs out.
   */
  exclusive: boolean;
  offsetSampler: OffsetSampler;
  /** Lists every Connect cluster's connectors each few seconds; config history (and alerts) listen to it. */
  connectorWatch: ConnectorWatch;
  deliveryRunner: DeliveryRunner;
  /** Writes the sampler's numbers to PostgreSQL (metric history), rolls them up and prunes them. */
  metricRecorder?: MetricRecorder;
  /** Alerts: evaluated after each pass of the connector watch (so under its lease), sent from the outbox under its own. */
  alerts?: { evaluator: AlertEvaluator; outbox: OutboxDispatcher };
  /** Runs approved rebalance proposals, resuming unfinished ones and removing throttles left behind. */
  rebalanceExecutor?: RebalanceExecutor;
  /** Moves migrations on (after their MirrorMaker 2 install) and records when they caught up (migrations/monitor.ts). */
  migrationMonitor?: Job;
}

export async function startBackgroundJobs(deps: BackgroundDeps): Promise<JobRunner> {
  if (deps.exclusive) await clearLeases(deps.db);
  const jobs = new JobRunner({ db: deps.db, logger: deps.logger, settings: deps.settings });
  // A server that does not hold the sampler's lease samples on demand, as a server without the loop always did.
  jobs.add({ name: SAMPLER_JOB, start: () => deps.offsetSampler.start(), stop: () => deps.offsetSampler.pause() });
  jobs.add(deliveryJob(deps.deliveryRunner, deps.logger));
  jobs.add(connectorWatchJob(deps));
  if (deps.metricRecorder) jobs.add(historyJob(deps.metricRecorder, deps.offsetSampler.settings.intervalMs, deps.logger));
  if (deps.alerts) jobs.add({ name: ALERT_OUTBOX_JOB, start: () => deps.alerts!.outbox.start(), stop: () => deps.alerts!.outbox.stop() });
  if (deps.rebalanceExecutor) jobs.add(rebalanceJob(deps.rebalanceExecutor, deps.logger));
  if (deps.migrationMonitor) jobs.add(deps.migrationMonitor);
  jobs.start();
  return jobs;
}

/**
 * Polls connector states, notices config changes made outside Connectory (config history, source "external"),
 * and restarts failed connectors by their auto-restart policy: all on the one lease, so exactly one server acts.
 */
function connectorWatchJob(deps: BackgroundDeps): Job {
  let sync: ConfigSync | undefined;
  let autoRestart: AutoRestart | undefined;
  let unsubscribeAlerts: (() => void) | undefined;
  return {
    name: CONNECTOR_WATCH_JOB,
    start() {
      sync = startConfigSync({ db: deps.db, secrets: deps.secrets, logger: deps.logger, clients: deps.clients, watch: deps.connectorWatch });
      autoRestart = startAutoRestart({ db: deps.db, secrets: deps.secrets, logger: deps.logger, clients: deps.clients, watch: deps.connectorWatch });
      unsubscribeAlerts = deps.alerts?.evaluator.attach(deps.connectorWatch);
      deps.connectorWatch.start();
    },
    async stop() {
      await deps.connectorWatch.stop();
      unsubscribeAlerts?.();
      unsubscribeAlerts = undefined;
      await sync?.stop();
      await autoRestart?.stop();
      sync = undefined;
      autoRestart = undefined;
    },
  };
}
