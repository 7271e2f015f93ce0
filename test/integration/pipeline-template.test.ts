/**
 * The pipeline template end to end: POST /connect/local/pipelines with the "Replicate a MariaDB table into
 * PostgreSQL" template creates `<name>-source` (Debezium MariaDB) and `<name>-sink` (JDBC sink) wired together,
 * and a row inserted in MariaDB reaches a table of a PostgreSQL database of its own. Missing blanks are named per
 * part; a taken name is refused before anything is created. Plugins are installed through the install flow when
 * the workers lack them (and stay, like the other CDC tests' plugins).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mariadbTemplateValues } from '../support/cdc';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { describeOperation, finished, sleep, startDeliveryServer, waitForOperation, type DeliveryServer } from '../support/delivery';
import { cleanUp, removeConnector, removeConsumerGroup, removeTopic } from '../support/pipeline';

const run = promisify(execFile);
const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
const NAME = `tpl-pt-${suffix}`;
const TABLE = `r3_pt_${suffix}`;
const TARGET_TABLE = 'copied';

let ds: DeliveryServer;
let target: TestDatabase | undefined;
let pg: postgres.Sql | undefined;
let tableCreated = false;

async function maria(sql: string): Promise<string> {
  const db = ds.stack.mariadb;
  const { stdout } = await run('mariadb', ['-h', db.host, '-P', String(db.port), '-u', db.user, `-p${db.password}`, db.database, '-N', '-e', sql]);
  return stdout;
}

async function ensureInstalled(id: string, version: string): Promise<void> {
  const onWorkers = async () => {
    const installed = await ds.api('GET', '/api/v1/connect/local/plugins/installed');
    return installed.body.workers.filter((w: { plugins: { name: string }[] }) => w.plugins.some((p) => p.name === id)).length;
  };
  if ((await onWorkers()) === ds.stack.connect.workers.length) return;
  const accepted = await ds.api('POST', '/api/v1/connect/local/installs', { catalog: { id, version } });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
  const operation = await waitForOperation(ds.api, accepted.body.id, finished);
  expect(operation.state, describeOperation(operation)).toBe('succeeded');
}

beforeAll(async () => {
  ds = await startDeliveryServer();
  target = await createTestDatabase();
  pg = postgres(target.url, { max: 1, onnotice: () => {} });
}, 240_000);

afterAll(async () => {
  try {
    if (ds) {
      await cleanUp([
        ...[`${NAME}-source`, `${NAME}-sink`].map((name) => [`connector ${name}`, () => removeConnector(ds, name)] as const),
        ['the sink\'s consumer group', () => removeConsumerGroup(ds, `connect-${NAME}-sink`)],
        tableCreated && ['the MariaDB table', () => maria(`DROP TABLE IF EXISTS ${TABLE}`)],
        ...[NAME, `${NAME}.schema-history`, `${NAME}.${ds.stack.mariadb.database}.${TABLE}`].map((topic) => [`topic ${topic}`, () => removeTopic(ds, topic)] as const),
      ]);
    }
  } finally {
    await ds?.close();
    await pg?.end({ timeout: 5 });
    await target?.drop();
  }
}, 120_000);

describe('pipeline template: MariaDB table → PostgreSQL in one request', () => {
  it('lists the template, names missing blanks per part, creates both connectors wired together, and the row arrives', async () => {
    const listed = await ds.api('GET', '/api/v1/pipeline-templates');
    expect(listed.status).toBe(200);
    const template = listed.body.items.find((t: { id: string }) => t.id === 'mariadb-to-postgres');
    expect(template.wiring).toEqual({ topics: '${source.topic_prefix}.${source.tables}' });

    const missing = await ds.api('POST', '/api/v1/connect/local/pipelines', { template: 'mariadb-to-postgres', name: NAME, values: { source: {}, sink: {} } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields.map((f: { name: string }) => f.name)).toEqual(expect.arrayContaining(['source.hostname', 'sink.connection_url']));
    expect((await ds.api('POST', '/api/v1/connect/local/pipelines', { template: 'nope', name: NAME, values: {} })).body.error.field).toBe('template');

    await ensureInstalled('debezium-mariadb', '3.5.0.Final');
    await ensureInstalled('debezium-jdbc', '3.6.0.Final');
    await maria(`CREATE TABLE ${TABLE} (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL)`);
    tableCreated = true;
    await maria(`INSERT INTO ${TABLE} VALUES (1, 'first')`);

    const db = ds.stack.mariadb;
    const { topic_prefix: _prefix, schema_history_topic: _history, ...sourceValues } = mariadbTemplateValues(ds.stack, NAME);
    const pgUrl = new URL(target!.url);
    const body = {
      template: 'mariadb-to-postgres',
      name: NAME,
      values: {
        source: { ...sourceValues, tables: `${db.database}.${TABLE}` },
        sink: { connection_url: `jdbc:postgresql://${pgUrl.hostname}:${pgUrl.port}${pgUrl.pathname}`, username: decodeURIComponent(pgUrl.username), password: decodeURIComponent(pgUrl.password), table: TARGET_TABLE },
      },
    };
    // other tests restart the shared workers: a create refused by a worker down or a rebalance (502) is sent again
    let created = await ds.api('POST', '/api/v1/connect/local/pipelines', body);
    for (let tries = 0; created.status === 502 && tries < 30; tries += 1) {
      await sleep(2_000);
      created = await ds.api('POST', '/api/v1/connect/local/pipelines', body);
    }
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toEqual({ template: 'mariadb-to-postgres', connectId: 'local', source: `${NAME}-source`, sink: `${NAME}-sink`, topics: `${NAME}.${db.database}.${TABLE}` });

    const again = await ds.api('POST', '/api/v1/connect/local/pipelines', body);
    expect(again.status).toBe(409);
    expect(again.body.error.field).toBe('name');

    await maria(`INSERT INTO ${TABLE} VALUES (2, 'second')`);
    const deadline = Date.now() + 240_000;
    let last: unknown = 'no table yet';
    while (Date.now() < deadline) {
      try {
        const rows = await pg!.unsafe(`select id, name from ${TARGET_TABLE} order by id`);
        last = rows.map((r) => `${r.id}:${r.name}`);
        if (JSON.stringify(last) === JSON.stringify(['1:first', '2:second'])) break;
      } catch (error) {
        last = (error as Error).message; // the sink creates the table with its first record
      }
      await sleep(1_000);
    }
    expect(last).toEqual(['1:first', '2:second']);
  }, 900_000);
});
