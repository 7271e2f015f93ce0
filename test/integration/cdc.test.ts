/**
 * Change data capture from the catalog, end to end on the stack: Debezium MariaDB and Debezium PostgreSQL
 * installed through the orchestrator (real archives from the loopback Maven mirror, checked against the
 * catalog's sha512), a connector made from each entry's template, rows inserted, change events read from Kafka.
 * Each plugin is installed by the test itself: one an earlier run left on the workers (plugin folders survive
 * stack:down) is uninstalled first through the product's uninstall API, so the install path always runs. The
 * plugins stay installed afterwards, as the next run or another test may find them; the connectors go.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropReplicationSlots, insertMariadbCustomer, insertPostgresCustomer, mariadbTemplateValues, postgresTemplateValues } from '../support/cdc';
import { connectorStates, describeOperation, finished, readTopic, sleep, startDeliveryServer, waitForOperation, type DeliveryServer } from '../support/delivery';

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
  await dropReplicationSlots(ds.stack, slots).catch(() => {});
  await ds.close();
}, 120_000);

async function pluginOnWorkers(name: string): Promise<number> {
  const installed = await ds.api('GET', '/api/v1/connect/local/plugins/installed');
  expect(installed.status, JSON.stringify(installed.body)).toBe(200);
  return installed.body.workers.filter((worker: { plugins: { name: string }[] }) => worker.plugins.some((plugin) => plugin.name === name)).length;
}

/** Installs a catalog version through the orchestrator, after uninstalling whatever an earlier run left there. */
async function installFresh(id: string, version: string, connectorClass: string): Promise<void> {
  if ((await pluginOnWorkers(id)) > 0) {
    const removing = await ds.api('POST', '/api/v1/connect/local/uninstalls', { plugin: id });
    expect(removing.status, JSON.stringify(removing.body)).toBe(202);
    const removed = await waitForOperation(ds.api, removing.body.id, finished);
    expect(removed.state, describeOperation(removed)).toBe('succeeded');
    expect(await pluginOnWorkers(id)).toBe(0);
  }
  const accepted = await ds.api('POST', '/api/v1/connect/local/installs', { catalog: { id, version } });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
  expect(accepted.body.kind).toBe('install');
  const operation = await waitForOperation(ds.api, accepted.body.id, finished);
  expect(operation.state, describeOperation(operation)).toBe('succeeded');
  expect(operation.classes).toContain(connectorClass);
  expect(await pluginOnWorkers(id)).toBe(ds.stack.connect.workers.length);
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
    await installFresh('debezium-mariadb', '3.5.0.Final', 'io.debezium.connector.mariadb.MariaDbConnector');
    const entry = (await ds.api('GET', '/api/v1/catalog')).body.items.find((e: { id: string }) => e.id === 'debezium-mariadb');
    expect(entry.installedOn.find((i: { connectId: string }) => i.connectId === 'local')).toMatchObject({ status: 'installed', versions: ['3.5.0.Final'], updateAvailable: false });

    const db = ds.stack.mariadb;
    const prefix = `cty_it_maria_${suffix}`;
    await createFromTemplate('debezium-mariadb', 'mariadb-capture-tables', `cty-it-mariadb-${suffix}`, mariadbTemplateValues(ds.stack, prefix), { 'database.password': db.password });

    const email = `cdc-${suffix}@maria.example`;
    await insertMariadbCustomer(ds.stack, { first: 'Ada', last: 'Maria', email });
    const values = await readTopic(ds.stack.kafka.bootstrap, `${prefix}.${db.database}.customers`, (v) => v.some((value) => afterImage(value)?.email === email));
    expect(values.map((v) => afterImage(v)?.email)).toContain('sally.thomas@acme.com'); // the snapshot came first
  }, 900_000);

  it('installs Debezium PostgreSQL and streams inserted rows into Kafka', async () => {
    await installFresh('debezium-postgres', '3.7.0.Final', 'io.debezium.connector.postgresql.PostgresConnector');
    const source = ds.stack.sourcePostgres;
    const prefix = `cty_it_pg_${suffix}`;
    const slot = `cty_it_${suffix}`;
    slots.push(slot);
    await createFromTemplate('debezium-postgres', 'postgres-capture-tables', `cty-it-postgres-${suffix}`, postgresTemplateValues(ds.stack, prefix, slot), { 'database.password': source.password });

    const email = `cdc-${suffix}@pg.example`;
    await insertPostgresCustomer(ds.stack, { first: 'Ada', last: 'Postgres', email });
    const values = await readTopic(ds.stack.kafka.bootstrap, `${prefix}.public.customers`, (v) => v.some((value) => afterImage(value)?.email === email));
    expect(values.length).toBeGreaterThan(1);
    await ds.api('DELETE', `/api/v1/connect/local/connectors/cty-it-postgres-${suffix}`);
  }, 900_000);

  it('offers each converter once, although both Debezium plugins bundle the same ones', async () => {
    // Connect's validation lists a class once per plugin that carries it; a form keyed by value broke on that
    const validation = await ds.api('PUT', '/api/v1/connect/local/plugins/org.apache.kafka.connect.file.FileStreamSourceConnector/validate', {
      config: { name: `cty-it-dupes-${suffix}`, 'connector.class': 'org.apache.kafka.connect.file.FileStreamSourceConnector' },
    });
    expect(validation.status, JSON.stringify(validation.body)).toBe(200);
    const converters = validation.body.fields.find((field: { name: string }) => field.name === 'value.converter').recommendedValues as string[];
    expect(converters).toContain('io.debezium.converters.CloudEventsConverter');
    expect(converters.length).toBe(new Set(converters).size);
  });
});
