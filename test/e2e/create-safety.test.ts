// Creating never replaces a live connector, and the create form's draft survives leaving it (issue #18),
// against the real server and the local stack's Connect cluster.
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { useConsole } from './console';

const CONNECT_ID = 'local';
const SOURCE_CLASS = 'org.apache.kafka.connect.file.FileStreamSourceConnector';
const FORM = `/connectors/new?connect=${CONNECT_ID}&class=${encodeURIComponent(SOURCE_CLASS)}`;

const browser = useConsole({ needsStack: 'creating connectors needs its Connect cluster' });
const created: string[] = [];

afterAll(async () => {
  if (browser.stack) {
    const call = await browser.api();
    for (const name of created) await call('DELETE', `/api/v1/connect/${CONNECT_ID}/connectors/${encodeURIComponent(name)}`);
  }
}, 60_000);

const unique = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;
const input = (page: Page, key: string) => page.locator(`[data-testid="config-field"][data-key="${key}"] input`).first();

describe('console: creating is safe', () => {
  it('refuses a name in use, with a link to the existing connector, and leaves that connector as it was', async () => {
    const { page, errors } = browser.current;
    const call = await browser.api();
    const name = unique('e2e-taken');
    const config = { 'connector.class': SOURCE_CLASS, file: '/tmp/e2e-taken.txt', topic: unique('e2e-first'), 'tasks.max': '1' };
    const answer = await call('POST', `/api/v1/connect/${CONNECT_ID}/connectors`, { name, config });
    expect(answer.status).toBe(201);
    created.push(name);

    await page.goto(FORM);
    await input(page, 'topic').waitFor();
    await input(page, 'name').fill(name);
    await input(page, 'topic').fill(unique('e2e-second'));
    await page.getByTestId('save').click();

    await expect(page.getByTestId('form-problem').textContent()).resolves.toMatch(/already exists/);
    const link = page.getByTestId('existing-connector');
    expect(await link.getAttribute('href')).toBe(`/connectors/${CONNECT_ID}/${name}`);
    const stored = (await (await call('GET', `/api/v1/connect/${CONNECT_ID}/connectors/${name}`)).json()) as { config: Record<string, string> };
    expect(stored.config.topic).toBe(config.topic);

    await link.click();
    await page.waitForURL((url) => url.pathname === `/connectors/${CONNECT_ID}/${name}`);
    expect(errors).toEqual([]);
  });

  it('warns at Validate when another connector uses the same topic prefix, linking to it', async () => {
    const { page, errors } = browser.current;
    const call = await browser.api();
    const other = unique('e2e-prefix-owner');
    const prefix = unique('e2e-prefix');
    const config = { 'connector.class': SOURCE_CLASS, file: '/tmp/e2e-prefix.txt', topic: unique('e2e-prefix-topic'), 'tasks.max': '1', 'topic.prefix': prefix };
    expect((await call('POST', `/api/v1/connect/${CONNECT_ID}/connectors`, { name: other, config })).status).toBe(201);
    created.push(other);

    await page.goto(FORM);
    await input(page, 'topic').waitFor();
    await input(page, 'name').fill(unique('e2e-prefix-second'));
    await input(page, 'topic').fill(unique('e2e-prefix-topic'));
    const extra = page.getByTestId('extra-settings');
    await extra.getByLabel('New key').fill('topic.prefix');
    await extra.getByLabel('New value').fill(prefix);
    await extra.getByRole('button', { name: 'Add' }).click();
    await page.getByTestId('validate').click();

    const warnings = page.getByTestId('form-warnings');
    await expect(warnings.textContent()).resolves.toContain(`Connector "${other}" already uses the topic prefix "${prefix}"`);
    expect(await warnings.getByRole('link', { name: `Open ${other}` }).getAttribute('href')).toBe(`/connectors/${CONNECT_ID}/${other}`);
    expect(errors).toEqual([]);
  });

  it('keeps the draft, secrets excepted, through Back and Forward, in the app and across page loads', async () => {
    const { page, errors } = browser.current;
    const name = unique('e2e-draft');
    const topic = unique('e2e-draft-topic');
    await page.goto('/connectors');
    await page.goto(FORM);
    await input(page, 'topic').waitFor();
    expect(await page.getByTestId('draft-note').count()).toBe(0);
    await input(page, 'name').fill(name);
    await input(page, 'topic').fill(topic);

    // In the app: "Change plugin" goes back to the picker, the browser's Back returns to the form.
    await page.getByTestId('change-plugin').click();
    await page.locator('[data-testid="plugin-option"]').first().waitFor();
    await page.goBack();
    await input(page, 'topic').waitFor();
    expect(await input(page, 'name').inputValue()).toBe(name);
    expect(await input(page, 'topic').inputValue()).toBe(topic);
    await page.getByTestId('draft-note').waitFor();

    // Across page loads: Back to the list, Forward to the form.
    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/connectors');
    await page.goForward();
    await input(page, 'topic').waitFor();
    expect(await input(page, 'name').inputValue()).toBe(name);
    expect(await input(page, 'topic').inputValue()).toBe(topic);

    // Start over drops it.
    await page.getByTestId('discard-draft').click();
    await page.getByTestId('draft-note').waitFor({ state: 'detached' });
    expect(await input(page, 'topic').inputValue()).toBe('');
    expect(errors).toEqual([]);
  });

  it('never keeps a secret in the draft', async () => {
    const { page } = browser.current;
    await page.goto(FORM);
    await input(page, 'topic').waitFor();
    await input(page, 'topic').fill('kept-topic');
    // FileStream has no password setting: an extra key that looks secret is held back the same way.
    const extra = page.getByTestId('extra-settings');
    await extra.getByLabel('New key').fill('x.api.password');
    await extra.getByLabel('New value').fill('never-stored-secret');
    await extra.getByRole('button', { name: 'Add' }).click();
    await page.locator('[data-testid="extra-setting"][data-key="x.api.password"]').waitFor();
    const storage = JSON.parse(await page.evaluate<string>('JSON.stringify(Object.entries(sessionStorage))')) as [string, string][];
    const stored = storage.filter(([key]) => key.startsWith('connectory:connector-draft:')).map(([, value]) => value);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toContain('kept-topic');
    expect(stored[0]).not.toContain('never-stored-secret');
  });

  it("keeps a template's blanks but not its password through a reload, and says a server id may stay blank", async () => {
    const { page, errors } = browser.current;
    const blank = (name: string) => page.getByTestId('use-template').locator(`[data-testid="placeholder"][data-name="${name}"]`);
    await page.goto('/catalog/debezium-mariadb');
    await page.getByTestId('use-template-mariadb-capture-tables').click();
    await blank('hostname').fill('db.example.internal');
    await blank('password').fill('typed-password');
    expect(await blank('server_id').inputValue()).toBe('');
    await expect(page.getByTestId('use-template').textContent()).resolves.toMatch(/Leave it blank for a fresh value per connector/);

    await page.reload();
    await page.getByTestId('use-template-mariadb-capture-tables').click();
    expect(await blank('hostname').inputValue()).toBe('db.example.internal');
    expect(await blank('password').inputValue()).toBe('');
    expect(errors).toEqual([]);
  });
});
