import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './tables';

export { schema };

/** The one database type every module uses; the same for PostgreSQL and embedded PGlite. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DatabaseKind = 'postgres' | 'pglite';

export interface Database {
  db: Db;
  kind: DatabaseKind;
  /** Resolves when the database answers a trivial query; rejects with an error naming the database otherwise. */
  ping(): Promise<void>;
  /** Applies pending migrations from server/db/migrations (idempotent). */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A postgres:// URL; without one the embedded PGlite under `<dataDir>/pglite` is used. */
  url?: string;
  dataDir: string;
  /** Pool size for PostgreSQL. */
  maxConnections?: number;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));
/** Serialises migrations when several servers start against one PostgreSQL at once. */
const MIGRATION_LOCK_KEY = 0x436f6e6e; // "Conn"

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url, options.maxConnections ?? 10) : openPglite(options.dataDir);
}

function openPostgres(url: string, max: number): Database {
  const client = postgres(url, { max, onnotice: () => {}, connect_timeout: 10 });
  const db = drizzlePostgres({ client, schema });
  return {
    db,
    kind: 'postgres',
    ping: () => named('PostgreSQL', async () => void (await db.execute(sql`select 1`))),
    migrate: () => named('PostgreSQL migrations', () => migratePostgresLocked(url)),
    close: () => client.end({ timeout: 5 }),
  };
}

/** A dedicated single connection, so the session-level advisory lock and the migration share it. */
async function migratePostgresLocked(url: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migratePostgres(drizzlePostgres({ client, schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    await client`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
  } finally {
    await client.end({ timeout: 5 });
  }
}

async function openPglite(dataDir: string): Promise<Database> {
  const directory = join(dataDir, 'pglite');
  mkdirSync(directory, { recursive: true });
  const client = await named(`PGlite at ${directory}`, () => PGlite.create(directory));
  const db = drizzlePglite({ client, schema });
  return {
    db,
    kind: 'pglite',
    ping: () => named('PGlite', async () => void (await db.execute(sql`select 1`))),
    migrate: () => named('PGlite migrations', () => migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER })),
    close: () => client.close(),
  };
}

/** Prefixes failures with the system they come from, keeping the original as `cause`. */
async function named<T>(system: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new Error(`${system}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
