/**
 * A whole pipeline on the stack: PostgreSQL → Debezium → Kafka → Debezium JDBC sink → PostgreSQL. The source is
 * the stack's logical-decoding PostgreSQL (a table of its own, read through the stack's `dbz_publication`, which
 * is FOR ALL TABLES, and a replication slot of its own); the target a database of its own in the stack's server
 * PostgreSQL. Both plugins are installed through the real install flow when the workers lack them (and stay, like
 * the other CDC tests' plugins), both connectors are made from their catalog templates, and inserts, updates and
 * deletes reach the target table. Then GET /api/v1/pipelines shows source → topic → sink, all RUNNING.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropReplicationSlots, postgresTemplateValues } from '../support/cdc';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startDeliveryServer, type DeliveryServer } from '../support/delivery';
import { cleanUp, createFromTemplate, createPostgresSink, ensureInstalled, expectPipelineShown, removeConnector, removeConsumerGroup, removeTopic, waitForRows } from '../support/pipeline';

const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
const TABLE = `cty_pgpipe_${suffix}`;
const PREFIX = `cty_pgpipe_${suffix}`;
// one slot per connector on the server: a name of its own, so parallel runs never share (or drop) each other's
const SLOT = `cty_pgpipe_${suffix}`;
const SOURCE = `cty-it-pgpipe-src-${suffix}`;
const SINK = `cty-it-pgpipe-sink-${suffix}`;
const TARGET_TABLE = 'orders_copy';
const TOPIC = `${PREFIX}.public.${TABLE}`;

let ds: DeliveryServer | undefined;
let target: TestDatabase | undefined;
let pg: postgres.Sql | undefined;
let source: postgres.Sql | undefined;
let tableCreated = false;
const connectors: string[] = [];

beforeAll(async () => {
  ds = await startDeliveryServer();
  const db = ds.stack.sourcePostgres;
  // the connector's own user, which owns the captured database: the table is made the way the application would
  source = postgres({ host: db.host, port: db.port, user: db.user, password: db.password, database: db.database, max: 1, onnotice: () => {} });
  target = await createTestDatabase();
  pg = postgres(target.url, { max: 1, onnotice: () => {} });
}, 240_000);

afterAll(async () => {
  const server = ds;
  await cleanUp([
    ...connectors.map((name) => server && ([`connector ${name}`, () => removeConnector(server, name)] as const)),
    // after the source connector: its task holds the slot until it stops, and a slot nobody reads keeps WAL forever
    server && [`replication slot ${SLOT}`, () => dropSlot(server)],
    // after the sink: its group is deletable once the sink's task has left it, so nothing reads (and re-creates) the topic
    server && connectors.includes(SINK) && [`consumer group connect-${SINK}`, () => removeConsumerGroup(server, `connect-${SINK}`)],
    server && [`topic ${TOPIC}`, () => removeTopic(server, TOPIC)],
    tableCreated && [`source table ${TABLE}`, () => source!.unsafe(`drop table if exists ${TABLE}`)],
    ['connections', () => Promise.all([source?.end({ timeout: 5 }), pg?.end({ timeout: 5 })])],
    ['target database', async () => target?.drop()],
    ['server', async () => server?.close()],
  ]);
}, 300_000);

/** Drops the slot once the deleted connector's task let go of it, and fails when it is still there. */
async function dropSlot(server: DeliveryServer): Promise<void> {
  await dropReplicationSlots(server.stack, [SLOT]);
  const left = await source!`select active from pg_replication_slots where slot_name = ${SLOT}`;
  if (left.length > 0) throw new Error(`still there (active: ${left[0]!.active})`);
}

describe('PostgreSQL → Debezium → Kafka → JDBC sink → PostgreSQL', () => {
  it('replicates inserts, updates and deletes, and the pipelines view shows source → topic → sink RUNNING', async () => {
    const stack = ds!.stack;
    await ensureInstalled(ds!, 'debezium-postgres', '3.7.0.Final', 'io.debezium.connector.postgresql.PostgresConnector');
    await ensureInstalled(ds!, 'debezium-jdbc', '3.6.0.Final', 'io.debezium.connector.jdbc.JdbcSinkConnector');

    await source!.unsafe(`create table ${TABLE} (id int primary key, name varchar(100) not null, qty int not null)`);
    tableCreated = true;
    await source!.unsafe(`insert into ${TABLE} values (1, 'apples', 10), (2, 'pears', 20)`);
    // the stack's publication is FOR ALL TABLES, so the template is told not to create one (nothing to drop after)
    const [published] = await source!`select count(*)::int as n from pg_publication_tables where pubname = 'dbz_publication' and tablename = ${TABLE}`;
    expect(published!.n, `dbz_publication should include ${TABLE}`).toBe(1);

    await createFromTemplate(
      ds!,
      {
        entry: 'debezium-postgres',
        template: 'postgres-capture-tables',
        name: SOURCE,
        values: { ...postgresTemplateValues(stack, PREFIX, SLOT), tables: `public.${TABLE}` },
        secrets: { 'database.password': stack.sourcePostgres.password },
      },
      connectors,
    );
    await createPostgresSink(ds!, { name: SINK, targetUrl: target!.url, topic: TOPIC, table: TARGET_TABLE }, connectors);

    // the snapshot's rows, then live inserts, updates and deletes from the slot
    await waitForRows(pg!, TARGET_TABLE, [{ id: 1, name: 'apples', qty: 10 }, { id: 2, name: 'pears', qty: 20 }]);
    await source!.unsafe(`insert into ${TABLE} values (3, 'plums', 30)`);
    await source!.unsafe(`update ${TABLE} set qty = 11, name = 'green apples' where id = 1`);
    await source!.unsafe(`delete from ${TABLE} where id = 2`);
    await waitForRows(pg!, TARGET_TABLE, [{ id: 1, name: 'green apples', qty: 11 }, { id: 3, name: 'plums', qty: 30 }]);

    await expectPipelineShown(ds!, { source: SOURCE, topic: TOPIC, sink: SINK });
  }, 900_000);
});
