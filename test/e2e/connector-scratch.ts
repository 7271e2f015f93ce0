// What the connector browser tests leave on the shared Connect cluster and disk: a scratch folder for FileStream
// files, and the connectors and topics a test created, removed after the file even when a test failed half-way.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { ConsoleUnderTest } from './console';

export interface ConnectorScratch {
  /** A folder of this file's own for FileStream inputs and outputs. */
  readonly dir: string;
  /** Connector names to delete from `connectId` after the file. */
  readonly connectors: string[];
  /** Topic names to delete from the `local` Kafka cluster after the file. */
  readonly topics: string[];
}

/** Registers the file's hooks; call once at the top level, after useConsole (its after-hook must run first). */
export function useConnectorScratch(console: ConsoleUnderTest, label: string, connectId = 'local'): ConnectorScratch {
  let dir: string | undefined;
  const connectors: string[] = [];
  const topics: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), `connectory-e2e-${label}-`));
  });

  afterAll(async () => {
    if (console.stack) {
      const call = await console.api();
      for (const name of connectors) await call('DELETE', `/api/v1/connect/${connectId}/connectors/${encodeURIComponent(name)}`);
      for (const topic of topics) await call('DELETE', `/api/v1/clusters/local/topics/${encodeURIComponent(topic)}?confirm=${encodeURIComponent(topic)}`);
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  return {
    get dir() {
      if (!dir) throw new Error('Browser tests: the scratch folder was not made (see the beforeAll error)');
      return dir;
    },
    connectors,
    topics,
  };
}
