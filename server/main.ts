/**
 * The server process: config → database (+ migrations) → local stack registration → HTTP.
 * Stops gracefully on SIGTERM/SIGINT: no new connections, in-flight requests get a bounded time to finish,
 * then Kafka clients and the database are closed and the process exits 0.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app';
import { announceGeneratedPassword, ensureInitialAdmin } from './auth/bootstrap';
import { readLocalStackFile, registerLocalStack } from './clusters/local-stack';
import { ConfigError, loadConfig, type Config } from './config';
import { startConfigSync } from './connectors/sync';
import { openDatabase, type Database } from './db';
import { createDelivery, deliverySettingsFromEnv, DeliverySettingsError, type DeliverySettings } from './delivery';
import { KafkaAdmins } from './kafka/pool';
import { createLogger, type Logger } from './logger';
import { OffsetSampler } from './metrics/sampler';
import { samplerSettingsFromEnv, SamplerSettingsError, type SamplerSettings } from './metrics/settings';
import { loadOrCreateKeyFile } from './secrets/key-file';
import { SecretBox } from './secrets/secret-box';
import { VERSION } from './version';

/** How long in-flight requests may run after a stop signal before their connections are cut. */
const DRAIN_TIMEOUT_MS = 10_000;
/** Past this the process gives up on a clean close and exits anyway. */
const HARD_EXIT_TIMEOUT_MS = 20_000;

async function main(): Promise<void> {
  const config = readConfigOrExit();
  const samplerSettings = readSamplerSettingsOrExit();
  const deliverySettings = readDeliverySettingsOrExit();
  const logger = createLogger(config.logLevel);
  logger.info({ version: VERSION, pid: process.pid }, 'Connectory starting');

  const secrets = openSecrets(config, logger);
  const database = await startDatabase(config, logger);
  await registerLocalStackIfAsked(config, database, secrets, logger);
  await createInitialAdmin(config, database, logger);

  const kafkaAdmins = new KafkaAdmins(logger);
  const auth = {
    sessionTtlHours: config.sessionTtlHours,
    trustProxy: config.trustProxy,
    cookieSecure: config.cookieSecure,
    maxEventStreamsPerUser: config.maxEventStreamsPerUser,
  };
  // Samples every Kafka cluster's consumer-group offsets each interval (lag, lag status, CMPS, dashboard rates).
  const offsetSampler = new OffsetSampler({ db: database.db, secrets, logger, settings: samplerSettings });
  // Installs, upgrades and uninstalls; operations a previous process left unfinished resume below.
  const delivery = createDelivery({ db: database.db, logger, secrets, dataDir: config.dataDir, mavenBaseUrl: config.mavenBaseUrl, settings: deliverySettings });
  const app = createApp({ database, kafkaAdmins, secrets, logger, auth, offsetSampler, delivery });
  offsetSampler.start();
  delivery.runner.resumeAll().catch((error: Error) => logger.error({ err: error }, `plugin delivery: cannot resume operations: ${error.message}`));
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info: AddressInfo) => {
    logger.info({ host: config.host, port: info.port }, `listening on http://${config.host}:${info.port}`);
  }) as Server;
  server.on('error', (error) => {
    logger.fatal({ err: error }, `HTTP server on ${config.host}:${config.port}: ${error.message}`);
    void database.close().finally(() => process.exit(1));
  });

  // Notices connector config changes made outside Connectory (config history, source "external").
  const configSync = startConfigSync({ db: database.db, secrets, logger });

  onStopSignal(logger, async () => {
    delivery.runner.stop();
    await configSync.stop();
    await drain(server, logger);
    await offsetSampler.stop();
    await kafkaAdmins.closeAll();
    await database.close();
  });
}

function readConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

function readSamplerSettingsOrExit(): SamplerSettings {
  try {
    return samplerSettingsFromEnv();
  } catch (error) {
    if (!(error instanceof SamplerSettingsError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

function readDeliverySettingsOrExit(): DeliverySettings {
  try {
    return deliverySettingsFromEnv();
  } catch (error) {
    if (!(error instanceof DeliverySettingsError)) throw error;
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
    await registerLocalStack(database.db, stack, secrets);
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
