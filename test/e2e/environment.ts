// What the browser tests run the server against: when the local stack is up, its
// Kafka and Connect (registered as `local`) and a fresh database in its PostgreSQL;
// otherwise the server alone on embedded PGlite.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, STACK_FILE } from '../stack/paths';
import { readStack } from '../stack/state';
import { createTestDatabase, testPostgresAdminUrl, type TestDatabase } from '../support/db';

export const BUILT_UI = join(REPO_ROOT, 'server/public/index.html');

export interface E2eBackend {
  /** Environment for startServer(). */
  env: Record<string, string>;
  databaseKind: 'postgres' | 'pglite';
  /** Set when the local stack is up and registered with the server. */
  stack?: { workerCount: number };
  dispose(): Promise<void>;
}

export function assertUiBuilt(): void {
  if (!existsSync(BUILT_UI)) {
    throw new Error(`Browser tests: the UI is not built (${BUILT_UI} missing). Run \`npm run build\` first.`);
  }
}

export async function e2eBackend(): Promise<E2eBackend> {
  const stack = readStack();
  const database: TestDatabase | undefined = testPostgresAdminUrl() ? await createTestDatabase() : undefined;
  return {
    env: {
      ...(stack ? { CONNECTORY_LOCAL_STACK: STACK_FILE } : {}),
      ...(database ? { DATABASE_URL: database.url } : {}),
    },
    databaseKind: database ? 'postgres' : 'pglite',
    stack: stack ? { workerCount: stack.connect.workers.length } : undefined,
    dispose: async () => {
      await database?.drop();
    },
  };
}
