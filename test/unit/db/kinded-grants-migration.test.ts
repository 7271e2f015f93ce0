// Migration 0007 on PGlite: grants stored as bare cluster ids before grants named their kind are rewritten to
// the kinds registered under each id. The database is migrated up to the migration before 0007, filled with
// old-style grants, then migrated to the end, as a server upgrading an existing database would.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { eq } from 'drizzle-orm';
import { drizzle, type PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveClusterScope } from '../../../server/auth/cluster-scope';
import { MIGRATIONS_FOLDER } from '../../../server/db';
import * as schema from '../../../server/db/tables';

const TAG = '0007_kinded_cluster_grants';

describe(`migration ${TAG}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'connectory-0007-'));
  let client: PGlite;
  let db: PgliteDatabase<typeof schema>;
  const users: Record<string, string | null> = {};

  /** The migrations folder as it was before this migration: the same files, the journal without its entry. */
  function migrationsBefore(): string {
    const folder = join(dir, 'migrations-before');
    cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
    const journalFile = join(folder, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
    const at = journal.entries.findIndex((entry) => entry.tag === TAG);
    expect(at).toBeGreaterThan(0);
    journal.entries = journal.entries.slice(0, at);
    writeFileSync(journalFile, JSON.stringify(journal));
    return folder;
  }

  async function addUser(name: string, scope: string[] | null): Promise<void> {
    const [row] = await db.insert(schema.users).values({ username: name, passwordHash: 'x', role: 'viewer', scopeClusters: scope }).returning();
    users[name] = row!.id;
  }
  const scopeOf = async (name: string) => (await db.select().from(schema.users).where(eq(schema.users.id, users[name]!)))[0]!.scopeClusters;

  beforeAll(async () => {
    client = await PGlite.create(join(dir, 'pglite'));
    db = drizzle({ client, schema });
    await migrate(db, { migrationsFolder: migrationsBefore() });
    await db.insert(schema.kafkaClusters).values([
      { id: 'prod', name: 'Prod', bootstrapServers: ['kafka:9092'] },
      { id: 'kafka-only', name: 'K', bootstrapServers: ['k:9092'] },
    ]);
    await db.insert(schema.connectClusters).values([
      { id: 'prod', name: 'Prod Connect' },
      { id: 'connect-only', name: 'C' },
    ]);
    await addUser('both-kinds', ['prod']);
    await addUser('each-one', ['connect-only', 'kafka-only']);
    await addUser('mixed', ['kafka:prod', 'prod', 'connect-only']);
    await addUser('already-kinded', ['connect:prod', 'kafka:kafka-only']);
    await addUser('unknown-id', ['gone', 'kafka-only']);
    await addUser('every-cluster', null);
    await addUser('no-cluster', []);
    const [token] = await db.insert(schema.apiTokens).values({ name: 't', tokenHash: 'h', role: 'viewer', scopeClusters: ['prod', 'kafka-only'] }).returning();
    users.token = token!.id;
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  }, 120_000); // PGlite migrates twice: slow on a busy machine

  afterAll(async () => {
    await client?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rewrites a bare id to every kind registered under it, keeping kinded and unknown entries, sorted and deduplicated', async () => {
    expect(await scopeOf('both-kinds')).toEqual(['connect:prod', 'kafka:prod']);
    expect(await scopeOf('each-one')).toEqual(['connect:connect-only', 'kafka:kafka-only']);
    expect(await scopeOf('mixed')).toEqual(['connect:connect-only', 'connect:prod', 'kafka:prod']);
    expect(await scopeOf('already-kinded')).toEqual(['connect:prod', 'kafka:kafka-only']);
    // an id naming no registered cluster cannot be given a kind: kept as given, as resolveClusterScope does
    expect(await scopeOf('unknown-id')).toEqual(['gone', 'kafka:kafka-only']);
  });

  it('leaves "every cluster" (null) and "no cluster" (empty) alone', async () => {
    expect(await scopeOf('every-cluster')).toBeNull();
    expect(await scopeOf('no-cluster')).toEqual([]);
  });

  it('rewrites API tokens too', async () => {
    const [token] = await db.select().from(schema.apiTokens).where(eq(schema.apiTokens.id, users.token!));
    expect(token!.scopeClusters).toEqual(['connect:prod', 'kafka:kafka-only', 'kafka:prod']);
  });

  it('stores what resolveClusterScope stores for a new grant with the same ids', async () => {
    for (const [name, before] of [['both-kinds', ['prod']], ['each-one', ['connect-only', 'kafka-only']], ['mixed', ['kafka:prod', 'prod', 'connect-only']], ['unknown-id', ['gone', 'kafka-only']]] as const) {
      expect(await scopeOf(name), name).toEqual(await resolveClusterScope(db as never, before));
    }
  });
});
