// The server's HTTP app on a fresh, migrated database (PostgreSQL, or PGlite in the unit project: see
// testDatabaseKind), without a port: tests call `app.request()`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createApp, type App, type AppDeps, type AuthOptions } from '../../server/app';
import { ClientRegistry } from '../../server/clusters/client-registry';
import { registerLocalStack, type LocalStack } from '../../server/clusters/local-stack';
import type { Database } from '../../server/db';
import { createLogger, type Logger } from '../../server/logger';
import { SecretBox } from '../../server/secrets/secret-box';
import { openTestDatabase } from './db';

export interface TestApp {
  app: App;
  database: Database;
  /** URL of this app's own database; undefined on PGlite. */
  databaseUrl: string | undefined;
  secrets: SecretBox;
  /** The app's clients, for tests that check what it holds. */
  clients: ClientRegistry;
  logger: Logger;
  /** Every log line the app wrote, when created with `captureLogs`. */
  logLines: string[];
  /** Closes clients and drops the database. */
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Registered as the `local` clusters before the app is created, as CONNECTORY_LOCAL_STACK does. */
  localStack?: LocalStack;
  healthTimeoutMs?: number;
  /** pino level; `LOG_LEVEL` or silent by default. */
  logLevel?: 'silent' | 'error' | 'warn' | 'info' | 'debug';
  /** Keep every log line (at `logLevel`, default debug) in `logLines` instead of printing it. */
  captureLogs?: boolean;
  auth?: AuthOptions;
  /** GET /metrics options (METRICS_PUBLIC). */
  metrics?: AppDeps['metrics'];
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = await mkdtemp(join(tmpdir(), 'connectory-app-'));
  const logLines: string[] = [];
  const logger = options.captureLogs
    ? createLogger(options.logLevel ?? 'debug', collect(logLines))
    : createLogger(options.logLevel ?? (process.env.LOG_LEVEL as 'info' | undefined) ?? 'silent');
  const secrets = new SecretBox('connectory-test-secret-key');
  const opened = await openTestDatabase(dataDir).catch(async (error: unknown) => {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  });
  const { database } = opened;
  const clients = new ClientRegistry({ secrets });
  const close = async () => {
    await clients.closeAll();
    await opened.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    if (options.localStack) await registerLocalStack(database.db, options.localStack, secrets);
  } catch (error) {
    await close();
    throw error;
  }
  const app = createApp({
    database,
    clients,
    secrets,
    logger,
    publicDir: join(dataDir, 'no-ui'),
    healthTimeoutMs: options.healthTimeoutMs,
    auth: options.auth,
    metrics: options.metrics,
  });
  return { app, database, databaseUrl: opened.url, secrets, clients, logger, logLines, close };
}

function collect(lines: string[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
}
