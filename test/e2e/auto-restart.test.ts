// The auto-restart panel on the connector page against the real server, whose connector watch (every second
// here) restarts for real: a FileStream sink fails while its directory is missing; once it exists, an operator
// turns auto-restart on in the panel, the server restarts the failed task, and the panel shows the count.
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshot } from '../support/browser';
import { useConnectorScratch } from './connector-scratch';
import { useConsole } from './console';

const CONNECT_ID = 'local';
const STATE_TIMEOUT_MS = 30_000;

const browser = useConsole({ needsStack: 'auto-restart needs its Connect cluster', env: () => ({ CONNECTOR_WATCH_INTERVAL_SECONDS: '1' }) });
const scratch = useConnectorScratch(browser, 'auto-restart');

describe('console: auto-restart', () => {
  it('shows the policy, is turned on in the panel, and shows the count after the server restarted the failed task', async () => {
    const { page, errors } = browser.current;
    const name = `e2e-auto-restart-${randomBytes(3).toString('hex')}`;
    const missingDir = path.join(scratch.dir, 'later');
    const call = await browser.api();
    const answer = await call('PUT', `/api/v1/connect/${CONNECT_ID}/connectors/${name}`, {
      config: { 'connector.class': 'FileStreamSink', topics: `${name}-in`, file: path.join(missingDir, 'out.txt'), 'tasks.max': '1' },
    });
    expect(answer.status).toBe(201);
    scratch.connectors.push(name);

    await page.goto(`/connectors/${CONNECT_ID}/${name}`);
    await page.locator('[data-testid="task-row"][data-task-id="0"][data-state="FAILED"]').waitFor({ timeout: STATE_TIMEOUT_MS });
    const panel = page.getByTestId('auto-restart');
    // Off by default: failing, and nobody restarts it.
    await expect(panel.getByTestId('auto-restart-policy').textContent()).resolves.toBe('Off');
    expect(await panel.textContent()).toContain('built-in default');
    expect(await panel.getByTestId('auto-restart-count').getAttribute('data-value')).toBe('0');

    await mkdir(missingDir);
    await panel.getByTestId('auto-restart-edit').click();
    const dialog = page.getByTestId('auto-restart-dialog');
    await dialog.getByTestId('auto-restart-enabled').check();
    await dialog.getByTestId('auto-restart-max').fill('3');
    await dialog.getByTestId('auto-restart-schedule').fill('120');
    await dialog.getByTestId('auto-restart-save').click();
    await expect(page.getByTestId('flash').textContent()).resolves.toMatch(/Auto-restart policy saved/);
    // the panel reads the policy again after the save: wait for that answer rather than the first paint
    await panel.locator('[data-testid="auto-restart-policy"][data-enabled="true"]').waitFor();
    await expect(panel.getByTestId('auto-restart-policy').textContent()).resolves.toBe('On, up to 3');
    expect(await panel.textContent()).toContain("this connector's own policy");

    // The server's watch sees the FAILED task and restarts it; the panel and the task row follow.
    await panel.locator('[data-testid="auto-restart-count"][data-value="1"]').waitFor({ timeout: STATE_TIMEOUT_MS });
    await expect(panel.getByTestId('auto-restart-count').textContent()).resolves.toBe('1 of 3');
    await expect(panel.getByTestId('auto-restart-next').textContent()).resolves.toMatch(/in \d+ (minutes?|seconds?)/);
    await page.locator('[data-testid="task-row"][data-task-id="0"][data-state="RUNNING"]').waitFor({ timeout: STATE_TIMEOUT_MS });
    await screenshot(page, 'connector-auto-restart');

    const audit = (await (await call('GET', `/api/v1/audit?action=connector.restart`)).json()) as { items: { actor: string; objectId: string }[] };
    const entries = audit.items.filter((entry) => entry.objectId === name);
    expect(entries).toEqual([expect.objectContaining({ actor: 'auto-restart' })]);
    expect(errors).toEqual([]);
  });

  it("sets the Connect cluster's default on the Clusters page, and a connector without its own follows it", async () => {
    const { page, errors } = browser.current;
    await page.goto('/clusters');
    const cell = page.locator(`[data-testid="connect-cluster-row"][data-id="${CONNECT_ID}"]`).getByTestId('cluster-auto-restart');
    await cell.waitFor();
    await expect(cell.textContent()).resolves.toContain('off');
    await cell.getByTestId('cluster-auto-restart-edit').click();
    const dialog = page.getByTestId('auto-restart-dialog');
    await expect(dialog.textContent()).resolves.toContain(`Default auto-restart on ${CONNECT_ID}`);
    await dialog.getByTestId('auto-restart-enabled').check();
    await dialog.getByTestId('auto-restart-max').fill('4');
    await dialog.getByTestId('auto-restart-save').click();
    await page.locator(`[data-testid="connect-cluster-row"][data-id="${CONNECT_ID}"] [data-testid="cluster-auto-restart"][data-enabled="true"]`).waitFor();
    await expect(cell.textContent()).resolves.toContain('on, up to 4 restarts');

    const call = await browser.api();
    const saved = (await (await call('GET', `/api/v1/connect/${CONNECT_ID}/auto-restart`)).json()) as { source: string; policy: { enabled: boolean; maxRestarts: number } };
    expect(saved).toMatchObject({ source: 'cluster', policy: { enabled: true, maxRestarts: 4 } });
    // a connector with no policy of its own now runs under the cluster's
    const name = `e2e-auto-restart-default-${randomBytes(3).toString('hex')}`;
    const put = await call('PUT', `/api/v1/connect/${CONNECT_ID}/connectors/${name}`, { config: { 'connector.class': 'FileStreamSink', topics: `${name}-in`, file: path.join(scratch.dir, `${name}.txt`), 'tasks.max': '1' } });
    expect(put.status).toBe(201);
    scratch.connectors.push(name);
    const connectorView = (await (await call('GET', `/api/v1/connect/${CONNECT_ID}/connectors/${name}/auto-restart`)).json()) as { source: string; policy: { maxRestarts: number } };
    expect(connectorView).toMatchObject({ source: 'cluster', policy: { maxRestarts: 4 } });
    const audit = (await (await call('GET', '/api/v1/audit')).json()) as { items: { action: string; objectId: string | null }[] };
    expect(audit.items.some((entry) => entry.action === 'auto-restart.policy.update' && entry.objectId === CONNECT_ID)).toBe(true);
    // the cluster is shared with the other browser tests, whose failed connectors must stay failed
    expect((await call('PUT', `/api/v1/connect/${CONNECT_ID}/auto-restart`, { enabled: false })).status).toBe(200);
    expect(errors).toEqual([]);
  });
});
