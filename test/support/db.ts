// A throwaway database per test file: PostgreSQL in the local stack's server (or the one named by
// CONNECTORY_TEST_PG_URL, a superuser URL, for running integration tests without the whole stack), or embedded PGlite.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../server/db';
import { copyPgliteTemplate } from './pglite-template';
import { readStack } from '../stack/index';

export interface TestDatabase {
  /** URL of the new, empty database. */
  url: string;
  drop(): Promise<void>;
}

/** The superuser URL tests create databases with, or undefined when neither the stack nor the override exists. */
export function testPostgresAdminUrl(): string | undefined {
  return process.env.CONNECTORY_TEST_PG_URL || readStack()?.postgres.url;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = testPostgresAdminUrl();
  if (!adminUrl) {
    throw new Error(
      'Test database: no PostgreSQL to use. Start the local stack (`npm run stack:up`) or set CONNECTORY_TEST_PG_URL to a superuser URL.',
    );
  }
  const name = `connectory_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withAdmin(adminUrl, (sql) => sql.unsafe(`create database "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withAdmin(adminUrl, (sql) => sql.unsafe(`drop database if exists "${name}" with (force)`)).then(() => {}),
  };
}

export type TestDatabaseKind = 'postgres' | 'pglite';

/**
 * Which database an in-process test app runs on: CONNECTORY_TEST_DB, which the unit project sets to `pglite`
 * (the embedded database a server without DATABASE_URL uses, so those tests need no stack); PostgreSQL otherwise.
 * `CONNECTORY_TEST_DB=postgres npm run test:unit` runs the same tests on PostgreSQL.
 */
export function testDatabaseKind(): TestDatabaseKind {
  const kind = process.env.CONNECTORY_TEST_DB || 'postgres';
  if (kind !== 'postgres' && kind !== 'pglite') throw new Error(`CONNECTORY_TEST_DB must be postgres or pglite, not "${kind}"`);
  return kind;
}

export interface OpenTestDatabase {
  database: Database;
  /** The PostgreSQL database's URL; undefined on PGlite. */
  url: string | undefined;
  /** Closes the connection and drops the database (or removes PGlite's files). */
  close(): Promise<void>;
}

/** A fresh, migrated database of this kind, with `dataDir` for PGlite's files. */
export async function openTestDatabase(dataDir: string, kind: TestDatabaseKind = testDatabaseKind()): Promise<OpenTestDatabase> {
  const testDb = kind === 'postgres' ? await createTestDatabase() : undefined;
  if (kind === 'pglite') await copyPgliteTemplate(dataDir);
  const database = await openDatabase({ url: testDb?.url, dataDir, maxConnections: 4 });
  const close = async () => {
    await database.close();
    await testDb?.drop();
  };
  try {
    await database.migrate(); // a no-op on PGlite, whose template is migrated
  } catch (error) {
    await close();
    throw error;
  }
  return { database, url: testDb?.url, close };
}

async function withAdmin<T>(adminUrl: string, run: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    return await run(sql);
  } catch (error) {
    throw new Error(`Test database: PostgreSQL at ${redact(adminUrl)}: ${(error as Error).message}`, { cause: error });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
