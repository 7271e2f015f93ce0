// The pipeline template in clicks: "Replicate a MariaDB table into PostgreSQL" from the Pipelines page, one form
// for the Debezium MariaDB source and the JDBC sink, then the flow drawn with the sink RUNNING and its lag, and the
// MariaDB row in the PostgreSQL table. Prints the time from the click on Create to the row in PostgreSQL.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../support/browser';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { waitFor } from '../support/wait';
import { useConsole, type ApiCall } from './console';

const run = promisify(execFile);
const suffix = randomBytes(3).toString('hex');
const NAME = `tpl-e2e-pt-${suffix}`;
const TABLE = `r3_e2e_pt_${suffix}`;
const browser = useConsole({ needsStack: 'the pipeline runs on its MariaDB, Connect workers and PostgreSQL' });
let target: TestDatabase | undefined;
let pg: postgres.Sql | undefined;

const maria = async (sql: string) => {
  const db = browser.stack!.mariadb;
  await run('mariadb', ['-h', db.host, '-P', String(db.port), '-u', db.user, `-p${db.password}`, db.database, '-N', '-e', sql]);
};

const PLUGINS = [
  ['debezium-mariadb', '3.5.0.Final'],
  ['debezium-jdbc', '3.6.0.Final'],
] as const;
const INSTALL_TIMEOUT_MS = 420_000;

async function ensureInstalled(call: ApiCall, id: string, version: string): Promise<void> {
  const installed = (await (await call('GET', '/api/v1/connect/local/plugins/installed')).json()) as { workers: { plugins: { name: string }[] }[] };
  expect(installed.workers.length).toBeGreaterThan(0);
  if (installed.workers.every((w) => w.plugins.some((p) => p.name === id))) return;
  const accepted = await call('POST', '/api/v1/connect/local/installs', { catalog: { id, version } });
  const body = (await accepted.json()) as { id: string };
  expect(accepted.status, JSON.stringify(body)).toBe(202);
  const operation = await waitFor(
    async () => {
      const current = (await (await call('GET', `/api/v1/installs/${body.id}`)).json()) as { state: string; error: string | null };
      return ['succeeded', 'failed', 'rolled_back'].includes(current.state) ? current : undefined;
    },
    { timeoutMs: INSTALL_TIMEOUT_MS, intervalMs: 1_000, what: `the install of ${id}` },
  );
  expect(operation, JSON.stringify(operation)).toMatchObject({ state: 'succeeded' });
}

// The plugins this template needs, installed through the install flow when a worker lacks them: on a clean clone
// the browser tests run before the integration tests that would otherwise have left them there.
beforeAll(async () => {
  if (!browser.stack) return;
  const call = await browser.api();
  for (const [id, version] of PLUGINS) await ensureInstalled(call, id, version);
}, 2 * INSTALL_TIMEOUT_MS);

afterAll(async () => {
  if (browser.stack) {
    const call = await browser.api();
    for (const name of [`${NAME}-source`, `${NAME}-sink`]) await call('DELETE', `/api/v1/connect/local/connectors/${name}`);
    await maria(`DROP TABLE IF EXISTS ${TABLE}`).catch(() => {});
    for (const topic of [NAME, `${NAME}.schema-history`, `${NAME}.${browser.stack.mariadb.database}.${TABLE}`]) await call('DELETE', `/api/v1/clusters/local/topics/${encodeURIComponent(topic)}?confirm=${encodeURIComponent(topic)}`);
  }
  await pg?.end({ timeout: 5 });
  await target?.drop();
}, 120_000);

describe('console: a pipeline from a template', () => {
  it('builds MariaDB → PostgreSQL from one form and shows the sink catching up while the row arrives', async () => {
    const { page, errors } = browser.current;
    const stack = browser.stack!;
    target = await createTestDatabase();
    pg = postgres(target.url, { max: 1, onnotice: () => {} });
    await maria(`CREATE TABLE ${TABLE} (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL)`);
    await maria(`INSERT INTO ${TABLE} VALUES (1, 'from mariadb')`);

    await page.goto('/pipelines');
    await page.getByTestId('open-pipeline-template').click();
    const dialog = page.getByTestId('pipeline-template-dialog');
    await dialog.getByTestId('pipeline-name').fill(NAME);
    const db = stack.mariadb;
    const pgUrl = new URL(target.url);
    const fill = (part: string, blank: string, value: string) => dialog.getByTestId(`blank-${part}-${blank}`).fill(value);
    await fill('source', 'hostname', db.host);
    await fill('source', 'port', String(db.port));
    await fill('source', 'user', db.user);
    await fill('source', 'password', db.password);
    await fill('source', 'database', db.database);
    await fill('source', 'tables', `${db.database}.${TABLE}`);
    // prefilled from the Kafka cluster the Connect cluster is linked to
    expect(await dialog.getByTestId('blank-source-kafka_bootstrap_servers').inputValue()).toBe(stack.kafka.bootstrap);
    await fill('sink', 'connection_url', `jdbc:postgresql://${pgUrl.hostname}:${pgUrl.port}${pgUrl.pathname}`);
    await fill('sink', 'username', decodeURIComponent(pgUrl.username));
    await fill('sink', 'password', decodeURIComponent(pgUrl.password));
    await fill('sink', 'table', 'copied');
    const clicked = Date.now();
    await dialog.getByTestId('pipeline-create').click();
    await dialog.waitFor({ state: 'detached', timeout: 60_000 });
    expect(await page.getByTestId('pipelines-flash').textContent()).toContain(`${NAME}-sink`);

    let firstRowMs: number | undefined;
    const deadline = Date.now() + 240_000;
    while (firstRowMs === undefined && Date.now() < deadline) {
      const rows = await pg.unsafe('select id, name from copied').catch(() => []);
      if (rows.length === 1 && rows[0]!.name === 'from mariadb') firstRowMs = Date.now() - clicked;
      else await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(firstRowMs, 'the MariaDB row in PostgreSQL').toBeDefined();
    console.log(`pipeline template: create clicked → first row in PostgreSQL in ${(firstRowMs! / 1000).toFixed(1)} s`);

    // the page draws the flow by itself (10 s refresh): the sink RUNNING, with its progress (lag)
    const sink = page.locator(`[data-testid="pipeline-sink"][data-name="${NAME}-sink"][data-state="RUNNING"]`);
    await sink.waitFor({ timeout: 120_000 });
    await expect.poll(() => sink.getByTestId('pipeline-sink-lag').textContent(), { timeout: 120_000 }).toBe('0');
    await screenshot(page, 'pipeline-from-template');
    expect(errors).toEqual([]);
  }, 600_000);
});
