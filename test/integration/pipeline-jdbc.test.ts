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
import { waitFor } from '../support/wait';
import { connectorStates, describeOperation, finished, sleep, startDeliveryServer, waitForOperation, type DeliveryServer } from '../support/delivery';

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

async function pluginOnWorkers(name: string): Promise<number> {
  const installed = await ds.api('GET', '/api/v1/connect/local/plugins/installed');
  expect(installed.status, JSON.stringify(installed.body)).toBe(200);
  return installed.body.workers.filter((worker: { plugins: { name: string }[] }) => worker.plugins.some((plugin) => plugin.name === name)).length;
}

/** Through POST /installs and the operation, unless every worker already has it (another test may have installed it). */
async function ensureInstalled(id: string, version: string, connectorClass: string): Promise<void> {
  const workers = ds.stack.connect.workers.length;
  if ((await pluginOnWorkers(id)) === workers) return;
  const accepted = await ds.api('POST', '/api/v1/connect/local/installs', { catalog: { id, version } });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
  const operation = await waitForOperation(ds.api, accepted.body.id, finished);
  expect(operation.state, describeOperation(operation)).toBe('succeeded');
  expect(operation.classes).toContain(connectorClass);
  expect(await pluginOnWorkers(id)).toBe(workers);
}

async function createFromTemplate(entry: string, template: string, name: string, values: Record<string, string>, secrets: Record<string, string>, extra: Record<string, string> = {}) {
  const rendered = await ds.api('POST', `/api/v1/catalog/${entry}/templates/${template}/render`, { values });
  expect(rendered.status, JSON.stringify(rendered.body)).toBe(200);
  connectors.push(name);
  // other tests restart the shared workers (rolling installs): a PUT that meets a worker down or a rebalance is
  // refused (502, 409) without creating anything, and is sent again; one that got through answers 200 the second time
  const config = { ...rendered.body.config, ...secrets, ...extra };
  let put = await ds.api('PUT', `/api/v1/connect/local/connectors/${name}`, { config });
  for (let tries = 0; (put.status === 502 || put.status === 409) && tries < 30; tries += 1) {
    await sleep(2_000);
    put = await ds.api('PUT', `/api/v1/connect/local/connectors/${name}`, { config });
  }
  expect([200, 201], JSON.stringify(put.body)).toContain(put.status);
  const deadline = Date.now() + 180_000;
  for (;;) {
    const states = await connectorStates(ds.stack, name);
    if (states?.connector === 'RUNNING' && states.tasks.length > 0 && states.tasks.every((t) => t === 'RUNNING')) return;
    if (states?.tasks.includes('FAILED') || Date.now() > deadline) {
      const status = await fetch(`${ds.stack.connect.url}/connectors/${name}/status`).then((r) => r.text());
      throw new Error(`connector ${name}: ${status}`);
    }
    await sleep(1_000);
  }
}

type Row = { id: number; name: string; qty: number };

/** Polls the target table until it holds exactly `expected` (ordered by id). */
async function waitForRows(expected: Row[], timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = 'no table yet';
  while (Date.now() < deadline) {
    try {
      const rows = await pg!.unsafe(`select id, name, qty from ${TARGET_TABLE} order by id`);
      last = rows.map((r) => ({ id: Number(r.id), name: r.name, qty: Number(r.qty) }));
      if (JSON.stringify(last) === JSON.stringify(expected)) return;
    } catch (error) {
      last = (error as Error).message; // the sink creates the table with the first record
    }
    await sleep(1_000);
  }
  throw new Error(`PostgreSQL ${TARGET_TABLE}: expected ${JSON.stringify(expected)}, last saw ${JSON.stringify(last)}`);
}

beforeAll(async () => {
  ds = await startDeliveryServer();
  target = await createTestDatabase();
  pg = postgres(target.url, { max: 1, onnotice: () => {} });
}, 240_000);

afterAll(async () => {
  if (ds) {
    for (const name of connectors) await ds.api('DELETE', `/api/v1/connect/local/connectors/${name}`).catch(() => {});
    if (tableCreated) await maria(`DROP TABLE IF EXISTS ${TABLE}`).catch(() => {});
    for (const topic of [TOPIC, PREFIX, `${PREFIX}.schema-history`]) await ds.api('DELETE', `/api/v1/clusters/local/topics/${encodeURIComponent(topic)}`).catch(() => {});
    await ds.close();
  }
  await pg?.end({ timeout: 5 });
  await target?.drop();
}, 120_000);

describe('MariaDB → Debezium → Kafka → JDBC sink → PostgreSQL', () => {
  it('replicates inserts, updates and deletes, and the pipelines view shows source → topic → sink RUNNING', async () => {
    await ensureInstalled('debezium-mariadb', '3.5.0.Final', 'io.debezium.connector.mariadb.MariaDbConnector');
    await ensureInstalled('debezium-jdbc', '3.6.0.Final', 'io.debezium.connector.jdbc.JdbcSinkConnector');

    await maria(`CREATE TABLE ${TABLE} (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, qty INT NOT NULL)`);
    tableCreated = true;
    await maria(`INSERT INTO ${TABLE} VALUES (1, 'apples', 10), (2, 'pears', 20)`);

    const db = ds.stack.mariadb;
    await createFromTemplate(
      'debezium-mariadb',
      'mariadb-capture-tables',
      SOURCE,
      { ...mariadbTemplateValues(ds.stack, PREFIX), tables: `${db.database}.${TABLE}` },
      { 'database.password': db.password },
    );
    const pgTarget = new URL(target!.url);
    await createFromTemplate(
      'debezium-jdbc',
      'jdbc-postgres-upsert',
      SINK,
      {
        connection_url: `jdbc:postgresql://${pgTarget.hostname}:${pgTarget.port}${pgTarget.pathname}`,
        username: decodeURIComponent(pgTarget.username),
        password: decodeURIComponent(pgTarget.password),
        topics: TOPIC,
        table: TARGET_TABLE,
      },
      { 'connection.password': decodeURIComponent(pgTarget.password) },
    );

    // the snapshot's rows, then live inserts, updates and deletes from the binlog
    await waitForRows([{ id: 1, name: 'apples', qty: 10 }, { id: 2, name: 'pears', qty: 20 }]);
    await maria(`INSERT INTO ${TABLE} VALUES (3, 'plums', 30)`);
    await maria(`UPDATE ${TABLE} SET qty = 11, name = 'green apples' WHERE id = 1`);
    await maria(`DELETE FROM ${TABLE} WHERE id = 2`);
    await waitForRows([{ id: 1, name: 'green apples', qty: 11 }, { id: 3, name: 'plums', qty: 30 }]);

    // both RUNNING in the view (a worker another test restarts meanwhile makes a connector UNASSIGNED for a while)
    const { cluster, flow } = await waitFor(
      async () => {
        const answer = await ds.api('GET', '/api/v1/pipelines?connect=local');
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        const cluster = answer.body.clusters.find((c: { kafkaId: string | null }) => c.kafkaId === 'local');
        const flow = cluster?.flows.find((f: { sources: { name: string }[] }) => f.sources.some((s) => s.name === SOURCE));
        const running = (nodes: { name: string; state: string }[] | undefined, name: string) => nodes?.find((n) => n.name === name)?.state === 'RUNNING';
        return running(flow?.sources, SOURCE) && running(flow?.sinks, SINK) ? { cluster, flow } : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 2_000, what: `GET /pipelines to show ${SOURCE} → ${SINK}, both RUNNING` },
    );
    expect(cluster.connectIds).toContain('local');
    const source = flow.sources.find((s: { name: string }) => s.name === SOURCE);
    expect(source).toMatchObject({ state: 'RUNNING', connectorState: 'RUNNING', topicsFrom: 'connect', tasks: { total: 1, running: 1, failed: 0 } });
    expect(source.topics).toContain(TOPIC);
    expect(source.links).toEqual({ api: `/api/v1/connect/local/connectors/${SOURCE}`, page: `/connectors/local/${SOURCE}` });
    expect(flow.topics.map((t: { name: string }) => t.name)).toContain(TOPIC);
    const sink = flow.sinks.find((s: { name: string }) => s.name === SINK);
    expect(sink).toMatchObject({ state: 'RUNNING', connectorState: 'RUNNING', topics: [TOPIC], groupId: `connect-${SINK}` });
    expect(flow.edges).toContainEqual(expect.objectContaining({ from: `source:local/${SOURCE}`, to: `topic:${TOPIC}` }));
    expect(flow.edges).toContainEqual(expect.objectContaining({ from: `topic:${TOPIC}`, to: `sink:local/${SINK}` }));

    // the sink's group commits (every 5 s on the stack): its lag reaches the sampler, and is 0 once caught up
    const deadline = Date.now() + 180_000;
    let seen: unknown;
    while (Date.now() < deadline) {
      const again = await ds.api('GET', '/api/v1/pipelines?kafka=local');
      const s = again.body.clusters[0]?.flows.flatMap((f: { sinks: unknown[] }) => f.sinks).find((x: { name: string }) => x.name === SINK);
      seen = s;
      if (s?.lag === 0) break;
      await sleep(2_000);
    }
    expect(seen).toMatchObject({ lag: 0 });

    const unknown = await ds.api('GET', '/api/v1/pipelines?cluster=local');
    expect(unknown.status).toBe(400);
  }, 900_000);
});
