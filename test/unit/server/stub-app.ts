import { Writable } from 'node:stream';
import { createApp, type App } from '../../../server/app';
import { ClientRegistry } from '../../../server/clusters/client-registry';
import type { Database } from '../../../server/db';
import { createLogger, type Logger } from '../../../server/logger';
import { SecretBox } from '../../../server/secrets/secret-box';

/** A database that answers pings (or fails them) without any PostgreSQL behind it. */
export function stubDatabase(ping: () => Promise<void> = async () => {}): Database {
  return {
    db: undefined as never,
    kind: 'pglite',
    ping,
    migrate: async () => {},
    close: async () => {},
  };
}

/** A logger whose JSON lines land in `lines`, so tests can check what is and is not logged. */
export function capturingLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger('info', stream), lines };
}

export interface StubAppOptions {
  database?: Database;
  logger?: Logger;
  publicDir?: string;
  healthTimeoutMs?: number;
}

export function stubApp(options: StubAppOptions = {}): App {
  const logger = options.logger ?? createLogger('silent');
  const secrets = new SecretBox('unit-test-secret-key');
  return createApp({
    database: options.database ?? stubDatabase(),
    clients: new ClientRegistry({ secrets }),
    secrets,
    logger,
    publicDir: options.publicDir ?? '/nonexistent-connectory-ui',
    healthTimeoutMs: options.healthTimeoutMs,
  });
}
