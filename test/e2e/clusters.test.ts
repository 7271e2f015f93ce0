// The clusters page against the real server: the local stack's clusters with their live status, and
// registering, editing and removing clusters, including one that cannot be reached ("save anyway").
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from '../support/browser';
import { useConsole } from './console';

// Nothing listens on the discard port: connecting is refused at once.
const CLOSED = '127.0.0.1:9';
// The page asks /api/v1/health every 15 s; its first answer comes at once.
const STATUS_TIMEOUT_MS = 25_000;

const browser = useConsole();


const unique = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;
const kafkaRow = (page: Page, id: string) => page.locator(`[data-testid="kafka-cluster-row"][data-id="${id}"]`);
const connectRow = (page: Page, id: string) => page.locator(`[data-testid="connect-cluster-row"][data-id="${id}"]`);

async function removeCluster(page: Page, row: ReturnType<typeof kafkaRow>) {
  await row.getByRole('button', { name: 'Remove' }).click();
  await page.getByTestId('remove-cluster-dialog').getByTestId('confirm').click();
  await row.waitFor({ state: 'detached' });
}

describe('console: clusters', () => {
  it('shows the local stack clusters up, with every worker', async ({ skip }) => {
    if (!browser.stack) skip('the local stack is not up (no .stack/stack.json)');
    const { page, errors } = browser.current;
    await page.goto('/clusters');
    await kafkaRow(page, 'local').locator('[data-status="up"]').waitFor({ timeout: STATUS_TIMEOUT_MS });
    const connect = connectRow(page, 'local');
    await connect.locator('[data-status="up"]').first().waitFor({ timeout: STATUS_TIMEOUT_MS });
    expect(await connect.locator('li[data-status="up"]').count()).toBe(browser.stack?.connect.workers.length);
    expect(errors).toEqual([]);
  });

  it('registers a Kafka cluster it cannot reach only when told to save anyway, edits and removes it', async () => {
    const { page, errors } = browser.current;
    const id = unique('e2e-kafka');
    await page.goto('/clusters');
    await page.getByTestId('register-kafka').click();
    const dialog = page.getByTestId('kafka-cluster-dialog');

    // The server's own validation lands at its field.
    await dialog.getByLabel('Id', { exact: true }).fill('Not A Slug');
    await dialog.getByLabel('Name', { exact: true }).fill('Unreachable Kafka');
    await dialog.getByLabel('Bootstrap servers').fill(CLOSED);
    await dialog.getByTestId('kafka-cluster-submit').click();
    await expect(dialog.getByTestId('field-error').first().textContent()).resolves.toMatch(/slug/);

    await dialog.getByLabel('Id', { exact: true }).fill(id);
    await dialog.getByTestId('kafka-cluster-submit').click();
    const notice = dialog.getByTestId('unreachable');
    await expect(notice.textContent()).resolves.toMatch(/ECONNREFUSED 127\.0\.0\.1:9/);
    await notice.getByTestId('save-anyway').click();
    await dialog.waitFor({ state: 'hidden' });

    const row = kafkaRow(page, id);
    await expect(page.getByTestId('flash').textContent()).resolves.toMatch(/without a working connection/);
    await row.locator('[data-status="down"]').waitFor({ timeout: STATUS_TIMEOUT_MS });

    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByTestId('kafka-cluster-dialog');
    expect(await edit.getByLabel('Id', { exact: true }).getAttribute('readonly')).not.toBeNull();
    await edit.getByLabel('Name', { exact: true }).fill('Still unreachable Kafka');
    await edit.getByTestId('kafka-cluster-submit').click();
    await edit.getByTestId('save-anyway').click();
    await row.filter({ hasText: 'Still unreachable Kafka' }).waitFor();

    await removeCluster(page, row);
    expect(errors).toEqual([]);
  });

  it('registers a Connect cluster whose worker is down after "save anyway", then removes it', async () => {
    const { page, errors } = browser.current;
    const id = unique('e2e-connect');
    await page.goto('/clusters');
    await page.getByTestId('register-connect').click();
    const dialog = page.getByTestId('connect-cluster-dialog');
    await dialog.getByLabel('Id', { exact: true }).fill(id);
    await dialog.getByLabel('Name', { exact: true }).fill('Unreachable Connect');
    await dialog.getByTestId('connect-cluster-submit').click();
    await expect(dialog.getByTestId('field-error').textContent()).resolves.toMatch(/at least one worker/);

    await dialog.getByTestId('worker-url').fill(`http://${CLOSED}`);
    await dialog.getByTestId('connect-cluster-submit').click();
    const notice = dialog.getByTestId('unreachable');
    await expect(notice.textContent()).resolves.toMatch(new RegExp(`Connect cluster "${id}".*ECONNREFUSED`, 's'));
    await notice.getByTestId('save-anyway').click();
    await dialog.waitFor({ state: 'hidden' });

    const row = connectRow(page, id);
    await row.locator('span[data-status="down"]').waitFor({ timeout: STATUS_TIMEOUT_MS });
    await expect(row.textContent()).resolves.toMatch(/ECONNREFUSED/);
    await screenshot(page, 'clusters');

    await removeCluster(page, row);
    expect(errors).toEqual([]);
  });
});
