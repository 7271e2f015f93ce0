/**
 * A whole pipeline on the stack: MariaDB → Debezium → Kafka → Debezium JDBC sink → PostgreSQL. The JDBC sink
 * is installed through the real install flow when the workers do not have it (and stays installed, like the
 * CDC test's plugins), the source and the sink are made from their catalog templates, and inserts, updates and
 * deletes in a MariaDB table of its own reach a table in a PostgreSQL database of its own (dropped afterwards).
 * Then GET /api/v1/pipelines shows source → topic → sink, all RUNNING.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mariadbTemplateValues } from '../support/cdc';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startDeliveryServer, type DeliveryServer } from '../support/delivery';
import { cleanUp, createFromTemplate, createPostgresSink, ensureInstalled, expectPipelineShown, removeConnector, removeConsumerGroup, removeTopic, waitForRows } from '../support/pipeline';

const run = promisify(execFile);
const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
const TABLE = `cty_pipe_${suffix}`;
const PREFIX = `cty_pipe_${suffix}`;
const SOURCE = `cty-it-pipe-src-${suffix}`;
const SINK = `cty-it-pipe-sink-${suffix}`;
const TARGET_TABLE = 'orders_copy';
const TOPIC = `${PREFIX}.inventory.${TABLE}`;

let ds: DeliveryServer;
let target: TestDatabase | undefined;
let pg: postgres.Sql | undefined;
let tableCreated = false;
const connectors: string[] = [];

async function maria(sql: string): Promise<string> {
  const db = ds.stack.mariadb;
  const { stdout } = await run('mariadb', ['-h', db.host, '-P', String(db.port), '-u', db.user, `-p${db.password}`, db.database, '-N', '-e', sql]);
  return stdout;
}

beforeAll(async () => {
  ds = await startDeliveryServer();
  target = await createTestDatabase();
  pg = postgres(target.url, { max: 1, onnotice: () => {} });
}, 240_000);

afterAll(async () => {
  const server = ds;
  await cleanUp([
    ...connectors.map((name) => server && ([`connector ${name}`, () => removeConnector(server, name)] as const)),
    // after the sink: its group is deletable once the sink's task has left it, so nothing reads (and re-creates) the topic
    server && connectors.includes(SINK) && [`consumer group connect-${SINK}`, () => removeConsumerGroup(server, `connect-${SINK}`)],
    tableCreated && [`table ${TABLE}`, () => maria(`DROP TABLE IF EXISTS ${TABLE}`)],
    ...[TOPIC, PREFIX, `${PREFIX}.schema-history`].map((topic) => server && ([`topic ${topic}`, () => removeTopic(server, topic)] as const)),
    ['connection', async () => pg?.end({ timeout: 5 })],
    ['target database', async () => target?.drop()],
    ['server', async () => server?.close()],
  ]);
}, 300_000);

describe('MariaDB → Debezium → Kafka → JDBC sink → PostgreSQL', () => {
  it('replicates inserts, updates and deletes, and the pipelines view shows source → topic → sink RUNNING', async () => {
    await ensureInstalled(ds, 'debezium-mariadb', '3.5.0.Final', 'io.debezium.connector.mariadb.MariaDbConnector');
    await ensureInstalled(ds, 'debezium-jdbc', '3.6.0.Final', 'io.debezium.connector.jdbc.JdbcSinkConnector');

    await maria(`CREATE TABLE ${TABLE} (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, qty INT NOT NULL)`);
    tableCreated = true;
    await maria(`INSERT INTO ${TABLE} VALUES (1, 'apples', 10), (2, 'pears', 20)`);

    const db = ds.stack.mariadb;
    await createFromTemplate(
      ds,
      {
        entry: 'debezium-mariadb',
        template: 'mariadb-capture-tables',
        name: SOURCE,
        values: { ...mariadbTemplateValues(ds.stack, PREFIX), tables: `${db.database}.${TABLE}` },
        secrets: { 'database.password': db.password },
      },
      connectors,
    );
    await createPostgresSink(ds, { name: SINK, targetUrl: target!.url, topic: TOPIC, table: TARGET_TABLE }, connectors);

    // the snapshot's rows, then live inserts, updates and deletes from the binlog
    await waitForRows(pg!, TARGET_TABLE, [{ id: 1, name: 'apples', qty: 10 }, { id: 2, name: 'pears', qty: 20 }]);
    await maria(`INSERT INTO ${TABLE} VALUES (3, 'plums', 30)`);
    await maria(`UPDATE ${TABLE} SET qty = 11, name = 'green apples' WHERE id = 1`);
    await maria(`DELETE FROM ${TABLE} WHERE id = 2`);
    await waitForRows(pg!, TARGET_TABLE, [{ id: 1, name: 'green apples', qty: 11 }, { id: 3, name: 'plums', qty: 30 }]);

    await expectPipelineShown(ds, { source: SOURCE, topic: TOPIC, sink: SINK });

    const unknown = await ds.api('GET', '/api/v1/pipelines?cluster=local');
    expect(unknown.status).toBe(400);
  }, 900_000);
});
