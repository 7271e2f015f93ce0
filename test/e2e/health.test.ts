import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectFreshScreenshot, screenshot } from '../support/browser';
import { useConsole } from './console';

// Above the page's 10 s refresh, so a component that comes up late is still seen.
const SETTLE_MS = 25_000;

const browser = useConsole();


const byStatus = (page: Page, testId: string, status: string) =>
  page.locator(`[data-testid="${testId}"][data-status="${status}"]`);

describe('console: health page', () => {
  it('lands on the health page and shows the database up', async () => {
    const { page, errors } = browser.current;
    await page.goto('/health');

    await page.getByRole('heading', { level: 1, name: 'Health' }).waitFor();
    const database = byStatus(page, 'health-database', 'up');
    await database.waitFor({ timeout: SETTLE_MS });
    expect(await database.getAttribute('data-kind')).toBe(browser.databaseKind);
    await expect(page.getByTestId('health-last-checked').textContent()).resolves.toMatch(/Last checked/);
    expect(await page.getByTestId('health-error').count()).toBe(0);
    expect(await page.title()).toBe('Health · Connectory');
    expect(errors).toEqual([]);
  }, 60_000);

  it('shows the local Kafka and Connect clusters up when the stack is running', async ({ skip }) => {
    const stack = browser.stack;
    if (!stack) skip('local stack is not up (no .stack/stack.json)');
    const { page } = browser.current;
    await page.goto('/health');

    await byStatus(page, 'kafka-cluster-local', 'up').waitFor({ timeout: SETTLE_MS });
    const connect = byStatus(page, 'connect-cluster-local', 'up');
    await connect.waitFor({ timeout: SETTLE_MS });
    const workers = connect.getByTestId('connect-worker');
    expect(await workers.count()).toBe(stack?.connect.workers.length);
    expect(await connect.locator('[data-testid="connect-worker"][data-status="up"]').count()).toBe(stack?.connect.workers.length);
    await byStatus(page, 'health-overall', 'ok').waitFor({ timeout: SETTLE_MS });
  }, 60_000);

  it('navigates to another page through the nav and back', async () => {
    const { page, errors } = browser.current;
    await page.goto('/health');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await page.getByTestId('health-database').waitFor({ timeout: SETTLE_MS });

    await nav.getByRole('link', { name: 'Connectors' }).click();
    await page.getByRole('heading', { level: 1, name: 'Connectors' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/connectors');
    expect(await nav.getByRole('link', { name: 'Connectors' }).getAttribute('aria-current')).toBe('page');

    await nav.getByRole('link', { name: 'Health' }).click();
    await page.getByTestId('health-database').waitFor({ timeout: SETTLE_MS });
    expect(new URL(page.url()).pathname).toBe('/health');

    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Connectors' }).waitFor();
    expect(errors).toEqual([]);
  }, 60_000);

  it('serves deep links through the SPA fallback', async () => {
    const { page } = browser.current;
    await page.goto('/consumer-groups');
    await page.getByRole('heading', { level: 1, name: 'Consumer groups' }).waitFor();
    await page.goto('/no/such/page');
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
  }, 60_000);

  it('says so plainly when the API cannot be reached', async () => {
    const { page } = browser.current;
    await page.goto('/health');
    await page.getByTestId('health-database').waitFor({ timeout: SETTLE_MS });

    await page.route('**/api/v1/health', (route) => route.abort('connectionrefused'));
    await page.getByTestId('health-refresh').click();
    const banner = page.getByTestId('health-error');
    await banner.waitFor();
    await expect(banner.textContent()).resolves.toMatch(/Cannot reach the Connectory API/);
    // The last good answer stays on screen, marked as such.
    await expect(banner.textContent()).resolves.toMatch(/Showing the last answer/);

    await page.unroute('**/api/v1/health');
    await page.getByTestId('health-refresh').click();
    await banner.waitFor({ state: 'detached' });
  }, 60_000);

  it('saves a screenshot of the health page', async () => {
    const { page, errors } = browser.current;
    const started = Date.now();
    await page.goto('/health');
    await page.getByTestId('health-database').waitFor({ timeout: SETTLE_MS });
    if (browser.stack) await byStatus(page, 'connect-cluster-local', 'up').waitFor({ timeout: SETTLE_MS });
    expect(await page.getByTestId('health-error').count(), 'an error banner in the picture').toBe(0);
    await expectFreshScreenshot(await screenshot(page, 'health'), started);
    expect(errors).toEqual([]);
  }, 60_000);
});
