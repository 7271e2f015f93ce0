// A throwaway PostgreSQL database per test file, in the local stack's PostgreSQL (or the one named by
// CONNECTORY_TEST_PG_URL, a superuser URL, for running integration tests without the whole stack).
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
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
