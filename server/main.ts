/**
 * The server process: config → database (+ migrations) → local stack registration → HTTP.
 * Stops gracefully on SIGTERM/SIGINT: no new connections, in-flight requests get a bounded time to finish,
 * then Kafka clients and the database are closed and the process exits 0.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { AlertEvaluator, alertSettingsFromEnv, OutboxDispatcher } from './alerts';
import { routeAutoRestartNotices } from './alerts/auto-restart-notices';
import { createApp } from './app';
import { announceGeneratedPassword, ensureInitialAdmin } from './auth/bootstrap';
import { ClientRegistry } from './clusters/client-registry';
import { readLocalStackFile, registerLocalStack } from './clusters/local-stack';
import { ConfigError, loadConfig, type Config } from './config';
import { ConnectorWatch } from './connectors/watch';
import { openDatabase, type Database } from './db';
import { createDelivery, deliverySettingsFromEnv } from './delivery';
import { jobSettingsFromEnv } from './jobs';
import { startBackgroundJobs } from './jobs/background';
import { createRebalanceExecutor } from './rebalance/routes';
import { migrationMonitorJob } from './migrations/monitor';
import { createConnectServices } from './connect/services';
import { createLogger, type Logger } from './logger';
import { MetricRecorder } from './metrics/recorder';
import { OffsetSampler } from './metrics/sampler';
import { KafkaHealthReader } from './metrics/kafka-health';
import { kafkaClientFor } from './kafka/registered';
import { WorkerHealthReader } from './connect/worker-health';
import { ProcessMetrics } from './prometheus/http-metrics';
import { samplerSettingsFromEnv } from './metrics/settings';
import { loadOrCreateKeyFile } from './secrets/key-file';
import { SecretBox } from './secrets/secret-box';
import { VERSION } from './version';

/** How long in-flight requests may run after a stop signal before their connections are cut. */
const DRAIN_TIMEOUT_MS = 10_000;
/** Past this the process gives up on a clean close and exits anyway. */
const HARD_EXIT_TIMEOUT_MS = 20_000;

async function main(): Promise<void> {
  const config = readOrExit(loadConfig);
  const samplerSettings = readOrExit(samplerSettingsFromEnv);
  const deliverySettings = readOrExit(deliverySettingsFromEnv);
  const jobSettings = readOrExit(jobSettingsFromEnv);
  const alertSettings = readOrExit(alertSettingsFromEnv);
  const logger = createLogger(config.logLevel);
  logger.info({ version: VERSION, pid: process.pid }, 'Connectory starting');

  const secrets = openSecrets(config, logger);
  const database = await startDatabase(config, logger);
  await registerLocalStackIfAsked(config, database, secrets, logger);
  await createInitialAdmin(config, database, logger);

  // The one set of clients, shared by the app and the background work below (sampler, installs, config sync).
  const clients = new ClientRegistry({ secrets });
  const auth = {
    sessionTtlHours: config.sessionTtlHours,
    trustProxy: config.trustProxy,
    cookieSecure: config.cookieSecure,
    maxEventStreamsPerUser: config.maxEventStreamsPerUser,
  };
  // Samples every Kafka cluster's consumer-group offsets each interval (lag, lag status, CMPS, dashboard rates).
  const offsetSampler = new OffsetSampler({ db: database.db, secrets, logger, settings: samplerSettings, kafkaClients: clients.kafka });
  // Installs, upgrades and uninstalls: accepted by any server, run by the one holding the delivery lease (below).
  const delivery = createDelivery({ db: database.db, logger, secrets, clients, dataDir: config.dataDir, mavenBaseUrl: config.mavenBaseUrl, catalogSources: config.catalogSources, settings: deliverySettings });
  await delivery.runner.deactivate();
  // The one poller of connector states (config history, alerts, auto-restart listen to it).
  const connectorWatch = new ConnectorWatch({ db: database.db, clients, logger, intervalMs: config.connectorWatchIntervalMs });
  // Alerts: evaluated on what the console already reads (see alerts/evaluator.ts), sent from the outbox.
  // Partition health and log dirs (shared by the metric history and alerts), worker plugins and agent node health.
  const kafkaHealth = new KafkaHealthReader((cluster) => kafkaClientFor({ secrets, kafkaClients: clients.kafka }, cluster));
  const workerHealth = new WorkerHealthReader(clients);
  const alerts = {
    evaluator: new AlertEvaluator({ db: database.db, logger, sampler: offsetSampler, kafkaHealth, workerHealth, consoleUrl: alertSettings.consoleUrl }),
    outbox: new OutboxDispatcher({ db: database.db, secrets, logger, settings: alertSettings }),
  };
  // Auto-restart's "auto-restarted (2 of 5)" / "gave up after 5" reach whoever a connector-failed rule pages.
  routeAutoRestartNotices(database.db, logger);
  // Approved rebalance proposals run on the server holding the rebalance-executor lease (below); it idles until then.
  const rebalanceExecutor = createRebalanceExecutor({ db: database.db, secrets, kafkaClients: clients.kafka, logger });
  await rebalanceExecutor.deactivate();
  const app = createApp({ database, clients, secrets, logger, auth, offsetSampler, delivery, alerts: alertSettings, rebalanceExecutor, metrics: { public: config.metricsPublic, processMetrics: new ProcessMetrics({ defaultMetrics: true }) } });
  // The sampler loop, the install runner (resuming what was left unfinished) and the config sync: once per database.
  const jobs = await startBackgroundJobs({
    db: database.db,
    secrets,
    logger,
    clients,
    settings: jobSettings,
    exclusive: database.kind === 'pglite',
    offsetSampler,
    connectorWatch,
    deliveryRunner: delivery.runner,
    alerts,
    rebalanceExecutor,
    migrationMonitor: migrationMonitorJob({ db: database.db, secrets, kafkaClients: clients.kafka, connect: createConnectServices({ db: database.db, secrets, logger, clients }), delivery }, logger),
    metricRecorder: new MetricRecorder({ db: database.db, secrets, kafkaClients: clients.kafka, logger, sampler: offsetSampler, health: kafkaHealth }),
  });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info: AddressInfo) => {
    logger.info({ host: config.host, port: info.port }, `listening on http://${config.host}:${info.port}`);
  }) as Server;
  server.on('error', (error) => {
    logger.fatal({ err: error }, `HTTP server on ${config.host}:${config.port}: ${error.message}`);
    void database.close().finally(() => process.exit(1));
  });

  onStopSignal(logger, async () => {
    // first, so their leases go to another server at once rather than after they run out
    await jobs.stop();
    await drain(server, logger);
    await offsetSampler.stop();
    await clients.closeAll();
    await database.close();
  });
}

/** A bad setting stops the server with the message naming the variable, not a stack trace. */
function readOrExit<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

function openSecrets(config: Config, logger: Logger): SecretBox {
  if (config.secretKey) return new SecretBox(config.secretKey);
  const keyFile = loadOrCreateKeyFile(config.dataDir);
  if (keyFile.generated) {
    logger.warn(
      { path: keyFile.path },
      'CONNECTORY_SECRET_KEY is not set: generated a key file for stored secrets; set the variable when several servers share one database',
    );
  }
  return new SecretBox(keyFile.key);
}

async function startDatabase(config: Config, logger: Logger): Promise<Database> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir }).catch((error: Error) =>
    exitOnStartupError(logger, error),
  );
  try {
    await database.migrate();
  } catch (error) {
    await database.close().catch(() => {});
    exitOnStartupError(logger, error as Error);
  }
  logger.info({ kind: database.kind }, 'database ready (migrations applied)');
  return database;
}

async function registerLocalStackIfAsked(config: Config, database: Database, secrets: SecretBox, logger: Logger) {
  if (!config.localStackFile) return;
  try {
    const stack = await readLocalStackFile(config.localStackFile);
    await registerLocalStack(database.db, stack, secrets, { legacy: config.localStackLegacy });
    logger.info({ file: config.localStackFile, workers: stack.connect.workers.length }, 'registered the local stack as "local"');
  } catch (error) {
    await database.close().catch(() => {});
    exitOnStartupError(logger, error as Error);
  }
}

async function createInitialAdmin(config: Config, database: Database, logger: Logger) {
  try {
    const admin = await ensureInitialAdmin(database.db, config.adminPassword);
    if (!admin.created) return;
    logger.info({ username: admin.username }, `first start: created the administrator "${admin.username}"`);
    if (admin.generatedPassword) announceGeneratedPassword(admin.username, admin.generatedPassword, (text) => process.stdout.write(text));
  } catch (error) {
    await database.close().catch(() => {});
    exitOnStartupError(logger, error as Error);
  }
}

function exitOnStartupError(logger: Logger, error: Error): never {
  logger.fatal({ err: error }, `Connectory cannot start: ${error.message}`);
  process.exit(1);
}

function onStopSignal(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second stop signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'stopping: draining in-flight requests');
    const hardExit = setTimeout(() => {
      logger.error('could not stop cleanly in time: exiting');
      process.exit(1);
    }, HARD_EXIT_TIMEOUT_MS);
    hardExit.unref();
    stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: Error) => {
        logger.error({ err: error }, `error while stopping: ${error.message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
}

/** Stops accepting connections and waits for in-flight requests, cutting whatever is still open after the bound. */
function drain(server: Server, logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const cut = setTimeout(() => {
      logger.warn(`requests still running after ${DRAIN_TIMEOUT_MS} ms: closing their connections`);
      server.closeAllConnections();
    }, DRAIN_TIMEOUT_MS);
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}

await main();
