// The catalog, one-click install and the Plugins page against the real server and the local stack: Debezium
// MariaDB is downloaded from the stack's Maven mirror (checked against the catalog's SHA-512), pushed to both
// workers one at a time while the progress page follows over server-sent events, and the Plugins page then
// shows it on both workers. A plugin the test installed is uninstalled afterwards, leaving the stack as found.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readStack } from '../stack/state';
import { login, screenshot, useBrowser } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';
import { assertUiBuilt, e2eBackend, type E2eBackend } from './environment';

const CONNECT_ID = 'local';
const ENTRY = 'debezium-mariadb';
/** The newest catalog version: what anyone else on the shared stack would install too. */
const VERSION = '3.5.0.Final';
const CONNECTOR_CLASS = 'io.debezium.connector.mariadb.MariaDbConnector';
// Download, then per worker: push, restart, rejoin and list the classes (10–20 s each).
const INSTALL_TIMEOUT_MS = 300_000;

let backend: E2eBackend | undefined;
let server: RunningServer | undefined;
let workerUrls: string[] = [];
/** False when the folder was on the workers before: then the test leaves it there. */
let installedByTest = false;

beforeAll(async () => {
  assertUiBuilt();
  backend = await e2eBackend();
  const stack = readStack();
  workerUrls = stack?.connect.workers.map((worker) => worker.url) ?? [];
  server = await startServer({ ...backend.env, ...(stack ? { MAVEN_BASE_URL: stack.mavenMirror.url } : {}) });
  if (stack) installedByTest = !(await folderPresent(await apiSession(server)));
}, 90_000);

afterAll(async () => {
  if (server && installedByTest) await uninstallQuietly(await apiSession(server));
  await server?.stop();
  await backend?.dispose();
}, INSTALL_TIMEOUT_MS);

const browser = useBrowser(() => server?.url);

beforeEach(async ({ skip }) => {
  if (!server) throw new Error('Browser tests: the server did not start (see the beforeAll error)');
  if (!backend?.stack) skip('the local stack is not up (no .stack/stack.json): installs need its Connect workers');
  await login(browser.current.page, server);
}, 60_000);

type Call = (method: string, apiPath: string, body?: unknown) => Promise<Response>;

/** Cookie session for setup and cleanup: the same public API the console uses. */
async function apiSession(running: RunningServer): Promise<Call> {
  const answer = await fetch(`${running.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(running.admin),
  });
  if (!answer.ok) throw new Error(`Test setup: login answered ${answer.status}`);
  const cookie = answer.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  const { csrfToken } = (await answer.json()) as { csrfToken: string };
  return (method, apiPath, body) =>
    fetch(`${running.url}${apiPath}`, {
      method,
      headers: { cookie, 'X-CSRF-Token': csrfToken, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}

async function folderPresent(call: Call): Promise<boolean> {
  const answer = await call('GET', `/api/v1/connect/${CONNECT_ID}/plugins/installed`);
  if (!answer.ok) throw new Error(`Test setup: GET plugins/installed answered ${answer.status}`);
  const body = (await answer.json()) as { workers: { plugins: { name: string }[] }[] };
  return body.workers.some((worker) => worker.plugins.some((plugin) => plugin.name === ENTRY));
}

async function uninstallQuietly(call: Call): Promise<void> {
  if (!(await folderPresent(call))) return;
  const started = await call('POST', `/api/v1/connect/${CONNECT_ID}/uninstalls`, { plugin: ENTRY });
  if (!started.ok) throw new Error(`Test cleanup: uninstall answered ${started.status}: ${await started.text()}`);
  const { id } = (await started.json()) as { id: string };
  const deadline = Date.now() + INSTALL_TIMEOUT_MS - 30_000;
  while (Date.now() < deadline) {
    const { state } = (await (await call('GET', `/api/v1/installs/${id}`)).json()) as { state: string };
    if (state === 'succeeded') return;
    if (state === 'failed' || state === 'rolled_back') throw new Error(`Test cleanup: uninstall of ${ENTRY} ended ${state}`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  throw new Error(`Test cleanup: uninstall of ${ENTRY} did not finish in time`);
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
});
