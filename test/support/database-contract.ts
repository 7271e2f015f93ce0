// What every database Connectory runs on must do after its migrations: the same checks on PostgreSQL
// (test/integration/db.test.ts) and on embedded PGlite (test/unit/db/database.test.ts).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listConnectClusters } from '../../server/clusters/registry';
import type { Database } from '../../server/db';
import {
  artifacts,
  auditLog,
  connectClusters,
  connectWorkers,
  installOperations,
  kafkaClusters,
  users,
} from '../../server/db/tables';
import * as schema from '../../server/db/tables';
import { openTestDatabase, type OpenTestDatabase, type TestDatabaseKind } from './db';

// Every table the drizzle schema declares must exist after the migrations ran: a schema change without its
// generated migration fails here.
const EXPECTED_TABLES = Object.values(schema)
  .filter((value) => is(value, PgTable))
  .map((table) => getTableName(table))
  .sort();

export function describeDatabaseContract(kind: TestDatabaseKind): void {
  describe(`database on ${kind}`, () => {
    let dataDir: string;
    let opened: OpenTestDatabase;
    let database: Database;

    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'connectory-db-contract-'));
      opened = await openTestDatabase(dataDir, kind);
      database = opened.database;
    });

    afterAll(async () => {
      await opened?.close();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    it('is the expected kind and answers pings', async () => {
      expect(database.kind).toBe(kind);
      await database.ping();
    });

    it('has every table after migrating, and migrating again changes nothing', async () => {
      await database.migrate();
      const result = await database.db.execute<{ table_name: string }>(
        sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
      );
      expect(rowsOf<{ table_name: string }>(result).map((row) => row.table_name)).toEqual(EXPECTED_TABLES);
    });

    it('round-trips users, with defaults and the unique username', async () => {
      const [created] = await database.db
        .insert(users)
        .values({ username: 'alice', passwordHash: 'scrypt$…', role: 'admin' })
        .returning();
      expect(created).toMatchObject({ username: 'alice', role: 'admin', disabled: false });
      expect(created?.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(created?.createdAt).toBeInstanceOf(Date);

      const [read] = await database.db.select().from(users).where(eq(users.username, 'alice'));
      expect(read).toEqual(created);
      await expect(
        database.db.insert(users).values({ username: 'alice', passwordHash: 'x', role: 'viewer' }),
      ).rejects.toThrow();
    });

    it('round-trips clusters with arrays, jsonb and their workers', async () => {
      await database.db.insert(kafkaClusters).values({
        id: 'prod',
        name: 'Production',
        bootstrapServers: ['b1:9092', 'b2:9092'],
        sasl: { mechanism: 'scram-sha-512', username: 'connectory', passwordEnc: 'v1:a:b:c' },
      });
      await database.db.insert(connectClusters).values({ id: 'prod-connect', name: 'Prod Connect', kafkaClusterId: 'prod' });
      await database.db.insert(connectWorkers).values([
        { connectClusterId: 'prod-connect', url: 'http://w2:8083' },
        { connectClusterId: 'prod-connect', url: 'http://w1:8083', agentUrl: 'http://w1:8090', agentTokenEnc: 'v1:x:y:z' },
      ]);

      const [kafka] = await database.db.select().from(kafkaClusters).where(eq(kafkaClusters.id, 'prod'));
      expect(kafka?.bootstrapServers).toEqual(['b1:9092', 'b2:9092']);
      expect(kafka?.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'connectory', passwordEnc: 'v1:a:b:c' });
      expect(kafka?.tls).toBeNull();

      const [connect] = await listConnectClusters(database.db);
      expect(connect).toMatchObject({ id: 'prod-connect', kafkaClusterId: 'prod' });
      expect(connect?.workers.map((worker) => [worker.url, worker.agentUrl])).toEqual([
        ['http://w1:8083', 'http://w1:8090'],
        ['http://w2:8083', null],
      ]);
      await expect(
        database.db.insert(connectWorkers).values({ connectClusterId: 'prod-connect', url: 'http://w1:8083' }),
      ).rejects.toThrow();
    });

    it('allows one active install operation per Connect cluster, and only known states', async () => {
      await database.db.insert(artifacts).values({
        sha256: 'a'.repeat(64),
        name: 'debezium-connector-postgres',
        version: '3.6.0.Final',
        kind: 'tar.gz',
        size: 12_345_678_901,
        inspection: { classes: ['io.debezium.connector.postgresql.PostgresConnector'] },
        source: { kind: 'upload', filename: 'dbz.tar.gz' },
      });
      const operation = {
        connectClusterId: 'prod-connect',
        kind: 'install' as const,
        artifactSha256: 'a'.repeat(64),
        pluginName: 'debezium-connector-postgres',
        requestedBy: 'alice',
      };
      const [first] = await database.db.insert(installOperations).values(operation).returning();
      expect(first?.state).toBe('queued');
      await expect(database.db.insert(installOperations).values(operation)).rejects.toThrow();

      await database.db.update(installOperations).set({ state: 'succeeded' }).where(eq(installOperations.id, first!.id));
      await database.db.insert(installOperations).values(operation);
      await expect(
        database.db.execute(sql`update install_operations set state = 'exploded' where id = ${first!.id}`),
      ).rejects.toThrow();

      const [artifact] = await database.db.select().from(artifacts);
      expect(artifact?.size).toBe(12_345_678_901);
    });

    it('appends to the audit log with increasing ids', async () => {
      const rows = await database.db
        .insert(auditLog)
        .values([
          { actor: 'alice', actorKind: 'user', action: 'connector.create', clusterId: 'prod-connect', outcome: 'success' },
          { actor: 'ci', actorKind: 'token', action: 'plugin.install', outcome: 'denied', details: { reason: 'scope' } },
        ])
        .returning({ id: auditLog.id, at: auditLog.at, details: auditLog.details });
      expect(typeof rows[0]?.id).toBe('number');
      expect(rows[1]!.id).toBeGreaterThan(rows[0]!.id);
      expect(rows[0]?.at).toBeInstanceOf(Date);
      expect(rows[1]?.details).toEqual({ reason: 'scope' });
    });
  });
}

/** postgres-js returns rows as the result itself, PGlite as `result.rows`. */
function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}
