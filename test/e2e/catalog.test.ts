// The catalog, one-click install and the Plugins page against the real server and the local stack: Debezium
// MariaDB is downloaded from the stack's Maven mirror (checked against the catalog's SHA-512), pushed to both
// workers one at a time while the progress page follows over server-sent events, and the Plugins page then
// shows it on both workers. Then change data capture in clicks: a connector from each Debezium template
// (MariaDB from the catalog page, PostgreSQL from a shared link), rows inserted into the stack's databases,
// and their change events read in the topic's message browser. Both plugins are installed by the tests: one an
// earlier run left on the workers (plugin folders survive stack:down) is uninstalled first through the product's
// uninstall API, so the install path always runs. Plugins that were not there before, and what the tests
// created, are removed afterwards, leaving the stack as found.
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../support/browser';
import { dropReplicationSlots, insertMariadbCustomer, insertPostgresCustomer, mariadbTemplateValues, postgresTemplateValues } from '../support/cdc';
import { useConsole, type ApiCall } from './console';

const CONNECT_ID = 'local';
const ENTRY = 'debezium-mariadb';
/** The newest catalog version: what anyone else on the shared stack would install too. */
const VERSION = '3.5.0.Final';
const CONNECTOR_CLASS = 'io.debezium.connector.mariadb.MariaDbConnector';
// Download, then per worker: push, restart, rejoin and list the classes (10–20 s each).
const INSTALL_TIMEOUT_MS = 300_000;

const PG_ENTRY = 'debezium-postgres';
const PG_CLASS = 'io.debezium.connector.postgresql.PostgresConnector';
const CDC_TIMEOUT_MS = 120_000;
const suffix = randomBytes(3).toString('hex');

const browser = useConsole({
  needsStack: 'installs need its Connect workers',
  env: (stack): Record<string, string> => (stack ? { MAVEN_BASE_URL: stack.mavenMirror.url } : {}),
});
let workerUrls: string[] = [];
/** Folders that were on the workers before the tests: uninstalled first, and left installed afterwards. */
const presentBefore = new Set<string>();
const createdConnectors: string[] = [];
const slots: string[] = [];

beforeAll(async () => {
  workerUrls = browser.stack?.connect.workers.map((worker) => worker.url) ?? [];
  if (!browser.stack) return;
  const call = await browser.api();
  for (const entry of [ENTRY, PG_ENTRY]) {
    if (!(await folderPresent(call, entry))) continue;
    presentBefore.add(entry);
    await uninstallQuietly(call, entry);
    if (await folderPresent(call, entry)) throw new Error(`Test setup: ${entry} is still on a worker after its uninstall`);
  }
}, INSTALL_TIMEOUT_MS * 2);

afterAll(async () => {
  if (!browser.stack) return;
  const call = await browser.api();
  for (const name of createdConnectors) await call('DELETE', `/api/v1/connect/${CONNECT_ID}/connectors/${encodeURIComponent(name)}`);
  await dropReplicationSlots(browser.stack, slots);
  for (const entry of [ENTRY, PG_ENTRY]) if (!presentBefore.has(entry)) await uninstallQuietly(call, entry);
}, INSTALL_TIMEOUT_MS * 2);

async function folderPresent(call: ApiCall, entry: string): Promise<boolean> {
  const answer = await call('GET', `/api/v1/connect/${CONNECT_ID}/plugins/installed`);
  if (!answer.ok) throw new Error(`Test setup: GET plugins/installed answered ${answer.status}`);
  const body = (await answer.json()) as { workers: { plugins: { name: string }[] }[] };
  return body.workers.some((worker) => worker.plugins.some((plugin) => plugin.name === entry));
}

async function uninstallQuietly(call: ApiCall, entry: string): Promise<void> {
  if (!(await folderPresent(call, entry))) return;
  const started = await call('POST', `/api/v1/connect/${CONNECT_ID}/uninstalls`, { plugin: entry });
  if (!started.ok) throw new Error(`Test cleanup: uninstall answered ${started.status}: ${await started.text()}`);
  const { id } = (await started.json()) as { id: string };
  const deadline = Date.now() + INSTALL_TIMEOUT_MS - 30_000;
  while (Date.now() < deadline) {
    const { state } = (await (await call('GET', `/api/v1/installs/${id}`)).json()) as { state: string };
    if (state === 'succeeded') return;
    if (state === 'failed' || state === 'rolled_back') throw new Error(`Test cleanup: uninstall of ${entry} ended ${state}`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  throw new Error(`Test cleanup: uninstall of ${entry} did not finish in time`);
}

/** Fills the template's blanks in the "use template" dialog and continues to the connector form. */
async function fillBlanks(page: Page, values: Record<string, string>): Promise<void> {
  const dialog = page.getByTestId('use-template');
  await dialog.waitFor();
  await dialog.getByTestId('template-cluster').selectOption(CONNECT_ID);
  for (const [name, value] of Object.entries(values)) await dialog.locator(`[data-testid="placeholder"][data-name="${name}"]`).fill(value);
  await dialog.getByTestId('template-continue').click();
  await dialog.waitFor({ state: 'hidden' });
}

/** Names the connector in the generated form, saves it, and waits until it and its task run. */
async function saveAndRun(page: Page, name: string): Promise<void> {
  await page.locator('[data-testid="config-field"][data-key="name"] input').fill(name);
  await page.getByTestId('save').click();
  createdConnectors.push(name);
  await page.waitForURL((url) => url.pathname === `/connectors/${CONNECT_ID}/${name}`, { timeout: 60_000 });
  await page.locator('[data-testid="connector-state"] [data-state="RUNNING"]').first().waitFor({ timeout: CDC_TIMEOUT_MS });
}

// Debezium marks the snapshot's last row; rows inserted after it arrive as change events ("op": "c"), not reads
const SNAPSHOT_DONE = /"snapshot":\s*"last"/;

/** Reads the topic's newest messages in the message browser until one carries `text`. */
async function readChangeEvent(page: Page, topic: string, text: string | RegExp): Promise<string> {
  await page.goto(`/topics/${CONNECT_ID}/${encodeURIComponent(topic)}/messages`);
  const deadline = Date.now() + CDC_TIMEOUT_MS;
  for (;;) {
    // the topic appears with the connector's first event; until then the page says it does not exist
    const read = page.locator('[data-testid="browse-read"]:not([disabled])');
    if (await read.waitFor({ timeout: 10_000 }).then(() => true, () => false)) {
      await page.getByTestId('browse-from-latest').check({ force: true });
      await read.click();
      await page.locator('[data-testid="browse-read"]:not([disabled])').waitFor({ timeout: 30_000 });
      const match = page.getByTestId('message-value').filter({ hasText: text });
      if ((await match.count()) > 0) return (await match.first().textContent()) ?? '';
    }
    if (Date.now() > deadline) throw new Error(`no change event with "${text}" in ${topic} within ${CDC_TIMEOUT_MS / 1000} s`);
    await page.waitForTimeout(2_000);
    await page.reload();
  }
}

describe('console: catalog and plugin delivery', () => {
  it('finds Debezium MariaDB, installs it with one click and follows every worker live to the end', async () => {
    const { page, errors } = browser.current;
    await page.goto('/catalog');
    await page.getByTestId('catalog-grid').waitFor();
    expect(await page.getByTestId('catalog-card').count()).toBeGreaterThanOrEqual(5);
    await screenshot(page, 'catalog');

    // Search and category narrow the cards; both live in the address bar.
    await page.getByTestId('catalog-search').fill('mariadb binlog');
    await expect.poll(() => page.getByTestId('catalog-card').count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('q')).toBe('mariadb binlog');
    await page.getByTestId('catalog-search').fill('');
    await page.getByTestId('category-cdc').click();
    const cards = page.getByTestId('catalog-card');
    await expect.poll(() => cards.count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('[data-testid="catalog-card"][data-id="kafka-filestream"]').count()).toBe(0);

    const card = page.locator(`[data-testid="catalog-card"][data-id="${ENTRY}"]`);
    await expect(card.getByTestId('latest-version').textContent()).resolves.toBe(VERSION);
    await card.getByTestId('catalog-card-link').click();
    await page.waitForURL((url) => url.pathname === `/catalog/${ENTRY}`);

    // The entry: versions with coordinates, checksum, size and Kafka range; docs and templates.
    const version = page.locator(`[data-testid="version-row"][data-version="${VERSION}"]`);
    await expect(version.getByTestId('coordinates').textContent()).resolves.toBe(`io.debezium:debezium-connector-mariadb:${VERSION}:plugin:tar.gz`);
    await expect(version.textContent()).resolves.toMatch(/25\.7 MB · SHA-512 94309fdfdb9744b5/);
    await expect(version.textContent()).resolves.toMatch(/>=3\.9\.0 <5\.0\.0/);
    expect(await page.getByTestId('docs-link').getAttribute('href')).toMatch(/^https:\/\/debezium\.io\//);
    await page.locator('[data-testid="catalog-template"][data-id="mariadb-capture-tables"]').waitFor();

    // One click, one confirmation naming the cluster and the version.
    await page.getByTestId('install').click();
    const dialog = page.getByTestId('install-dialog');
    await dialog.getByTestId('install-version').selectOption(VERSION);
    await dialog.getByTestId('install-cluster').selectOption(CONNECT_ID);
    await expect(dialog.getByTestId('install-summary').textContent()).resolves.toMatch(new RegExp(`${ENTRY} ${VERSION.replace(/\./g, '\\.')} on Connect cluster Local stack \\(2 workers\\)`));
    await dialog.getByTestId('confirm-install').click();

    // The progress page, fed by the server's event stream while the operation runs.
    await page.waitForURL((url) => url.pathname.startsWith('/installs/'), { timeout: 120_000 });
    const operationPath = new URL(page.url()).pathname;
    await page.locator('[data-testid="step"][data-state="running"]').first().waitFor({ timeout: 120_000 });
    await expect.poll(() => page.getByTestId('connection').textContent(), { timeout: 20_000 }).toMatch(/Live/);
    const workers = page.getByTestId('worker-progress');
    expect(await workers.count()).toBe(workerUrls.length);
    // every worker has its row; the order workers go in is the orchestrator's choice, not the stack file's
    const shownWorkers = await workers.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-worker')));
    expect([...shownWorkers].sort()).toEqual([...workerUrls].sort());

    await page.locator('[data-testid="operation"][data-state="succeeded"]').waitFor({ timeout: INSTALL_TIMEOUT_MS });
    for (const url of workerUrls) {
      const worker = page.locator(`[data-testid="worker-progress"][data-worker="${url}"]`);
      expect(await worker.getAttribute('data-state')).toBe('succeeded');
      expect(await worker.locator('[data-testid="step"][data-state="succeeded"]').count()).toBe(3);
    }
    await page.getByTestId('operation-succeeded').waitFor();
    // What comes next: the catalog's template for the class the workers now list, as a link to the form.
    const next = new URL((await page.locator('[data-testid="next-template"][data-id="mariadb-capture-tables"]').getAttribute('href'))!, 'http://x');
    expect(next.pathname).toBe('/connectors/new');
    expect(Object.fromEntries(next.searchParams)).toEqual({ connect: CONNECT_ID, class: CONNECTOR_CLASS, template: `${ENTRY}/mariadb-capture-tables` });
    await screenshot(page, 'install-progress');

    // Reopened later, the same page rebuilds from the server.
    await page.reload();
    await page.locator('[data-testid="operation"][data-state="succeeded"]').waitFor();
    expect(await page.locator('[data-testid="step"][data-state="succeeded"]').count()).toBe(workerUrls.length * 3);
    expect(new URL(page.url()).pathname).toBe(operationPath);
    expect(errors).toEqual([]);
  }, INSTALL_TIMEOUT_MS + 60_000);

  it('shows the plugin on both workers, with the install in the history and a way to create a connector', async () => {
    const { page, errors } = browser.current;
    await page.goto('/plugins');

    const folder = page.locator(`[data-testid="plugin-folder"][data-name="${ENTRY}"]`);
    await folder.waitFor();
    expect(await folder.getAttribute('data-drift')).toBe('false');
    for (const url of workerUrls) {
      const cell = folder.locator(`[data-testid="folder-cell"][data-worker="${url}"]`);
      expect(await cell.getAttribute('data-present')).toBe('yes');
      expect(await cell.getAttribute('data-loaded')).toBe('true');
      await expect(cell.textContent()).resolves.toMatch(VERSION);
    }

    // What each worker really lists on its own GET /connector-plugins.
    const row = page.locator(`[data-testid="class-row"][data-class="${CONNECTOR_CLASS}"]`);
    await row.waitFor();
    expect(await row.locator('[data-testid="class-cell"][data-listed="true"]').count()).toBe(workerUrls.length);
    expect(await row.getAttribute('data-drift')).toBe('false');
    const create = new URL((await row.getByTestId('create-connector').getAttribute('href'))!, 'http://x');
    expect(create.pathname).toBe('/connectors/new');
    expect(Object.fromEntries(create.searchParams)).toEqual({ connect: CONNECT_ID, class: CONNECTOR_CLASS });

    const operation = page.locator('[data-testid="operation-row"][data-state="succeeded"]').filter({ hasText: ENTRY }).first();
    await operation.waitFor();
    await screenshot(page, 'plugins');

    await operation.click();
    await page.waitForURL((url) => url.pathname.startsWith('/installs/'));
    await page.locator('[data-testid="operation"][data-state="succeeded"]').waitFor();
    expect(errors).toEqual([]);
  }, 90_000);

  it('creates a MariaDB CDC connector from the catalog template and shows the inserted row as a change event', async () => {
    const { page, errors } = browser.current;
    const stack = browser.stack!;
    const name = `e2e-cdc-mariadb-${suffix}`;
    const prefix = `e2e_maria_${suffix}`;

    await page.goto(`/catalog/${ENTRY}`);
    await page.getByTestId('use-template-mariadb-capture-tables').click();
    await fillBlanks(page, mariadbTemplateValues(stack, prefix));
    // The generated form, filled from the template, with the link saying where it came from.
    await page.waitForURL((url) => url.pathname === '/connectors/new');
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ connect: CONNECT_ID, class: CONNECTOR_CLASS, template: `${ENTRY}/mariadb-capture-tables` });
    expect(await page.locator('[data-testid="config-field"][data-key="topic.prefix"] input').inputValue()).toBe(prefix);
    await screenshot(page, 'cdc-connector-form');
    await saveAndRun(page, name);
    const topic = `${prefix}.${stack.mariadb.database}.customers`;
    await readChangeEvent(page, topic, SNAPSHOT_DONE);

    const email = `e2e-${suffix}@maria.example`;
    await insertMariadbCustomer(stack, { first: 'Grace', last: 'Maria', email });
    const event = await readChangeEvent(page, topic, email);
    expect(event).toMatch(/"op":\s*"c"/);
    expect(event).toMatch(/"first_name":\s*"Grace"/);
    // Read as a change: newest first, so the insert heads the list as op c, its row shown before the folded event.
    const newest = page.getByTestId('message').first();
    expect(await newest.getByTestId('change-event').getAttribute('data-op')).toBe('c');
    await expect(newest.getByTestId('change-op').textContent()).resolves.toMatch(/c · insert/);
    await expect(newest.getByTestId('change-row').textContent()).resolves.toMatch(/first_name\s*Grace.*email\s*e2e-/s);
    expect(await newest.locator('details').first().evaluate((details) => (details as unknown as { open: boolean }).open)).toBe(false);
    const offsets = await page.getByTestId('message').evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-offset'))));
    expect(offsets.length).toBeGreaterThan(1);
    expect(offsets).toEqual([...offsets].sort((a, b) => b - a));
    // Searching what was read finds the row by a value of it.
    await page.getByTestId('browse-search').fill(email);
    await expect(page.getByTestId('browse-matches').textContent()).resolves.toMatch(/^1 of \d+ match$/);
    await screenshot(page, 'cdc-change-event');
    expect(errors).toEqual([]);
  }, CDC_TIMEOUT_MS * 3);

  it('installs Debezium PostgreSQL, opens its template from a shared link and shows the inserted row as a change event', async () => {
    const { page, errors } = browser.current;
    const stack = browser.stack!;
    const name = `e2e-cdc-postgres-${suffix}`;
    const prefix = `e2e_pg_${suffix}`;
    const slot = `e2e_${suffix}`;

    await page.goto(`/catalog/${PG_ENTRY}`);
    await page.locator('[data-testid="catalog-entry"]').waitFor();
    // never on the workers here: beforeAll uninstalled what an earlier run left
    await page.getByTestId('install').click();
    const dialog = page.getByTestId('install-dialog');
    await dialog.getByTestId('install-cluster').selectOption(CONNECT_ID);
    await dialog.getByTestId('confirm-install').click();
    await page.waitForURL((url) => url.pathname.startsWith('/installs/'), { timeout: 120_000 });
    await page.locator('[data-testid="operation"][data-state="succeeded"]').waitFor({ timeout: INSTALL_TIMEOUT_MS });
    expect(await folderPresent(await browser.api(), PG_ENTRY)).toBe(true);

    // A link someone shared (or a reload): nothing was handed over in memory, so the page asks for the blanks.
    const link = `/connectors/new?connect=${CONNECT_ID}&class=${PG_CLASS}&template=${PG_ENTRY}/postgres-capture-tables`;
    await page.goto(link);
    slots.push(slot);
    await fillBlanks(page, postgresTemplateValues(stack, prefix, slot));
    expect(await page.locator('[data-testid="config-field"][data-key="slot.name"] input').inputValue()).toBe(slot);
    await saveAndRun(page, name);
    const topic = `${prefix}.public.customers`;
    await readChangeEvent(page, topic, SNAPSHOT_DONE);

    const email = `e2e-${suffix}@pg.example`;
    await insertPostgresCustomer(stack, { first: 'Grace', last: 'Postgres', email });
    const event = await readChangeEvent(page, topic, email);
    expect(event).toMatch(/"op":\s*"c"/);
    expect(errors).toEqual([]);
  }, INSTALL_TIMEOUT_MS + CDC_TIMEOUT_MS * 3);
});
