/**
 * Change data capture from the catalog, end to end on the stack: Debezium MariaDB and Debezium PostgreSQL
 * installed through the orchestrator (real archives from the loopback Maven mirror, checked against the
 * catalog's sha512), a connector made from each entry's template, rows inserted, change events read from Kafka.
 * The plugins stay installed afterwards (reinstalling costs two worker restarts each); the connectors go.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorStates, describeOperation, finished, readTopic, sleep, startDeliveryServer, waitForOperation, type DeliveryServer } from '../support/delivery';

const run = promisify(execFile);
const suffix = Date.now().toString(36);
let ds: DeliveryServer;
const connectors: string[] = [];
const slots: string[] = [];

beforeAll(async () => {
  ds = await startDeliveryServer();
});

afterAll(async () => {
  if (!ds) return;
  for (const name of connectors) await ds.api('DELETE', `/api/v1/connect/local/connectors/${name}`).catch(() => {});
  await dropSlots().catch(() => {});
  await ds.close();
}, 120_000);

/** Installs a catalog version unless every worker already runs it (an earlier run left it there). */
async function ensureInstalled(id: string, version: string, connectorClass: string): Promise<void> {
  const entry = (await ds.api('GET', '/api/v1/catalog')).body.items.find((e: { id: string }) => e.id === id);
  const local = entry.installedOn.find((i: { connectId: string }) => i.connectId === 'local');
  if (local?.versions.includes(version) && local.workers === ds.stack.connect.workers.length) return;
  const accepted = await ds.api('POST', '/api/v1/connect/local/installs', { catalog: { id, version } });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
  const operation = await waitForOperation(ds.api, accepted.body.id, finished);
  expect(operation.state, describeOperation(operation)).toBe('succeeded');
  expect(operation.classes).toContain(connectorClass);
}

async function createFromTemplate(entry: string, template: string, name: string, values: Record<string, string>, secrets: Record<string, string>): Promise<void> {
  const rendered = await ds.api('POST', `/api/v1/catalog/${entry}/templates/${template}/render`, { values });
  expect(rendered.status, JSON.stringify(rendered.body)).toBe(200);
  // the rendered config comes back with secrets masked, like every response: the caller puts its own in
  const config = { ...rendered.body.config, ...secrets };
  const put = await ds.api('PUT', `/api/v1/connect/local/connectors/${name}`, { config });
  expect(put.status, JSON.stringify(put.body)).toBe(201);
  connectors.push(name);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const states = await connectorStates(ds.stack, name);
    if (states?.connector === 'RUNNING' && states.tasks.length > 0 && states.tasks.every((t) => t === 'RUNNING')) return;
    if (states?.tasks.includes('FAILED') || Date.now() > deadline) throw new Error(`connector ${name}: ${JSON.stringify(states)}`);
    await sleep(1_000);
  }
}

/** Debezium's JSON value (schemas on): the `after` image of a change event. */
function afterImage(value: string): Record<string, unknown> | undefined {
  const parsed = JSON.parse(value) as { payload?: { after?: Record<string, unknown> } };
  return parsed.payload?.after ?? undefined;
}

async function dropSlots(): Promise<void> {
  const source = ds.stack.sourcePostgres;
  const sql = postgres({ host: source.host, port: source.port, user: source.adminUser ?? source.user, password: source.adminPassword ?? source.password, database: source.database, max: 1 });
  try {
    // the slot stays active until the deleted connector's task has stopped
    const deadline = Date.now() + 30_000;
    for (const slot of slots) {
      while ((await sql`select active from pg_replication_slots where slot_name = ${slot}`)[0]?.active && Date.now() < deadline) await sleep(1_000);
      await sql`select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = ${slot} and not active`;
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

describe('CDC from the catalog', () => {
  it('lists the catalog with versions, coordinates, checksums and templates', async () => {
    const list = await ds.api('GET', '/api/v1/catalog');
    expect(list.status).toBe(200);
    expect(list.body.items.map((e: { id: string }) => e.id)).toEqual(expect.arrayContaining(['debezium-mariadb', 'debezium-postgres']));
    const entry = await ds.api('GET', '/api/v1/catalog/debezium-mariadb');
    expect(entry.status).toBe(200);
    const version = entry.body.versions.find((v: { version: string }) => v.version === '3.5.0.Final');
    expect(version).toMatchObject({ license: 'Apache-2.0', connectorClasses: [{ class: 'io.debezium.connector.mariadb.MariaDbConnector', type: 'source' }] });
    expect(version.artifacts[0]).toMatchObject({ coordinates: 'io.debezium:debezium-connector-mariadb:3.5.0.Final:plugin:tar.gz', sha512: expect.stringMatching(/^[0-9a-f]{128}$/) });
    expect(entry.body.templates[0]).toMatchObject({ id: 'mariadb-capture-tables', connectorClass: 'io.debezium.connector.mariadb.MariaDbConnector' });
    expect((await ds.api('GET', '/api/v1/catalog/no-such-entry')).status).toBe(404);
  });

  it('installs Debezium MariaDB and streams inserted rows into Kafka', async () => {
    await ensureInstalled('debezium-mariadb', '3.5.0.Final', 'io.debezium.connector.mariadb.MariaDbConnector');
    const entry = (await ds.api('GET', '/api/v1/catalog')).body.items.find((e: { id: string }) => e.id === 'debezium-mariadb');
    expect(entry.installedOn.find((i: { connectId: string }) => i.connectId === 'local')).toMatchObject({ status: 'installed', versions: ['3.5.0.Final'], updateAvailable: false });

    const db = ds.stack.mariadb;
    const prefix = `cty_it_maria_${suffix}`;
    await createFromTemplate('debezium-mariadb', 'mariadb-capture-tables', `cty-it-mariadb-${suffix}`, {
      hostname: db.host,
      port: String(db.port),
      user: db.user,
      password: db.password,
      server_id: String(200_000 + Math.floor(Math.random() * 100_000)),
      database: db.database,
      tables: `${db.database}.customers`,
      topic_prefix: prefix,
      kafka_bootstrap_servers: ds.stack.kafka.bootstrap,
      schema_history_topic: `${prefix}.schema-history`,
    }, { 'database.password': db.password });

    const email = `cdc-${suffix}@maria.example`;
    await run('mariadb', ['-h', db.host, '-P', String(db.port), '-u', db.user, `-p${db.password}`, db.database, '-e', `INSERT INTO customers (first_name, last_name, email) VALUES ('Ada', 'Maria', '${email}')`]);
    const values = await readTopic(ds.stack.kafka.bootstrap, `${prefix}.${db.database}.customers`, (v) => v.some((value) => afterImage(value)?.email === email));
    expect(values.map((v) => afterImage(v)?.email)).toContain('sally.thomas@acme.com'); // the snapshot came first
  }, 900_000);

  it('installs Debezium PostgreSQL and streams inserted rows into Kafka', async () => {
    await ensureInstalled('debezium-postgres', '3.7.0.Final', 'io.debezium.connector.postgresql.PostgresConnector');
    const source = ds.stack.sourcePostgres;
    const prefix = `cty_it_pg_${suffix}`;
    const slot = `cty_it_${suffix}`;
    slots.push(slot);
    await createFromTemplate('debezium-postgres', 'postgres-capture-tables', `cty-it-postgres-${suffix}`, {
      hostname: source.host,
      port: String(source.port),
      user: source.user,
      password: source.password,
      database: source.database,
      tables: 'public.customers',
      topic_prefix: prefix,
      publication: 'dbz_publication',
      publication_autocreate: 'disabled',
      slot_name: slot,
    }, { 'database.password': source.password });

    const email = `cdc-${suffix}@pg.example`;
    const sql = postgres({ host: source.host, port: source.port, user: source.user, password: source.password, database: source.database, max: 1 });
    try {
      await sql`insert into customers (first_name, last_name, email) values ('Ada', 'Postgres', ${email})`;
    } finally {
      await sql.end({ timeout: 5 });
    }
    const values = await readTopic(ds.stack.kafka.bootstrap, `${prefix}.public.customers`, (v) => v.some((value) => afterImage(value)?.email === email));
    expect(values.length).toBeGreaterThan(1);
    await ds.api('DELETE', `/api/v1/connect/local/connectors/cty-it-postgres-${suffix}`);
  }, 900_000);
});
