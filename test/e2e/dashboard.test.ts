import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectFreshScreenshot, screenshot } from '../support/browser';
import { useConsole } from './console';

// Above the page's 10 s refresh, so a part that answers late is still seen.
const SETTLE_MS = 25_000;

const browser = useConsole();


const byStatus = (page: Page, testId: string, status: string) => page.locator(`[data-testid="${testId}"][data-status="${status}"]`);

describe('console: dashboard', () => {
  it('is the landing page, with the local Kafka cluster and its numbers', async ({ skip }) => {
    if (!browser.stack) skip('local stack is not up (no .stack/stack.json)');
    const { page, errors } = browser.current;
    await page.goto('/');

    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    expect(await page.title()).toBe('Dashboard · Connectory');
    const kafka = byStatus(page, 'dashboard-kafka-local', 'up');
    await kafka.waitFor({ timeout: SETTLE_MS });
    await expect(kafka.getByTestId('stat-brokers').textContent()).resolves.toMatch(/(\d+) \/ \1/);
    await expect(kafka.getByTestId('stat-brokers').textContent()).resolves.toMatch(/controller: broker \d+/);
    const topics = Number((await kafka.getByTestId('stat-topics').locator('.value').textContent())?.replace(/\D/g, ''));
    expect(topics).toBeGreaterThan(0);
    await expect(kafka.getByTestId('stat-offline').locator('.value').textContent()).resolves.toBe('0');
    // Every lag status is in the legend, zero or not, so the card reads the same on every cluster.
    const legend = kafka.getByTestId('groups-by-status').locator('li');
    expect(await legend.count()).toBeGreaterThanOrEqual(6);
    expect(await page.getByTestId('dashboard-error').count()).toBe(0);
    expect(errors).toEqual([]);
  }, 60_000);

  it('shows the Connect cluster with connectors by state and each worker host from its agent', async ({ skip }) => {
    const stack = browser.stack;
    if (!stack) skip('local stack is not up (no .stack/stack.json)');
    const { page } = browser.current;
    await page.goto('/');

    const connect = byStatus(page, 'dashboard-connect-local', 'up');
    await connect.waitFor({ timeout: SETTLE_MS });
    await connect.getByTestId('connectors-by-state').waitFor();
    const workers = connect.getByTestId('dashboard-worker');
    expect(await workers.count()).toBe(stack?.connect.workers.length);
    // Disk, memory and load of each host, as meters a screen reader can read.
    for (const worker of await workers.all()) {
      await worker.getByTestId('node-health').waitFor({ timeout: SETTLE_MS });
      expect(await worker.getByRole('meter').count()).toBe(3);
      const disk = Number(await worker.getByTestId('node-disk').getByRole('meter').getAttribute('aria-valuenow'));
      expect(disk).toBeGreaterThan(0);
      expect(disk).toBeLessThanOrEqual(100);
    }
  }, 60_000);

  it('keeps Health in the navigation, now at /health', async () => {
    const { page, errors } = browser.current;
    await page.goto('/');
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Dashboard' }).getAttribute('aria-current')).toBe('page');

    await nav.getByRole('link', { name: 'Health' }).click();
    await page.getByTestId('health-database').waitFor({ timeout: SETTLE_MS });
    expect(new URL(page.url()).pathname).toBe('/health');
    expect(await nav.getByRole('link', { name: 'Health' }).getAttribute('aria-current')).toBe('page');
    expect(await nav.getByRole('link', { name: 'Dashboard' }).getAttribute('aria-current')).toBeNull();

    await nav.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    expect(errors).toEqual([]);
  }, 60_000);

  it('says so when the dashboard cannot be loaded, and recovers', async () => {
    const { page } = browser.current;
    await page.route('**/api/v1/dashboard', (route) => route.abort('connectionrefused'));
    await page.goto('/');
    const banner = page.getByTestId('dashboard-error');
    await banner.waitFor();
    await expect(banner.textContent()).resolves.toMatch(/Cannot reach the Connectory API/);

    await page.unroute('**/api/v1/dashboard');
    await page.getByTestId('dashboard-refresh').click();
    await banner.waitFor({ state: 'detached' });
  }, 60_000);

  it('saves a screenshot of the dashboard', async () => {
    const { page, errors } = browser.current;
    const started = Date.now();
    await page.goto('/');
    if (browser.stack) {
      await byStatus(page, 'dashboard-kafka-local', 'up').waitFor({ timeout: SETTLE_MS });
      await page.getByTestId('node-health').first().waitFor({ timeout: SETTLE_MS });
    } else {
      await page.getByTestId('dashboard-updated').filter({ hasText: 'Updated' }).waitFor({ timeout: SETTLE_MS });
    }
    expect(await page.getByTestId('dashboard-error').count(), 'an error banner in the picture').toBe(0);
    await expectFreshScreenshot(await screenshot(page, 'dashboard'), started);
    expect(errors).toEqual([]);
  }, 60_000);
});
