// The connectors console against the real server and the local stack's Connect cluster (`local`, two
// workers with Kafka's FileStream connectors): create through the form generated from the plugin's
// config definition, see the plugin's validation at the field, run, pause, read a real task failure.
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from '../support/browser';
import { useConnectorScratch } from './connector-scratch';
import { useConsole } from './console';

const CONNECT_ID = 'local';
const SOURCE_CLASS = 'org.apache.kafka.connect.file.FileStreamSourceConnector';
// Connect answers state changes a moment after accepting them; the pages refresh every 5–10 s.
const STATE_TIMEOUT_MS = 30_000;

const browser = useConsole({ needsStack: 'connectors need its Connect cluster' });
const scratch = useConnectorScratch(browser, 'connectors');

const unique = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;
const field = (page: Page, key: string) => page.locator(`[data-testid="config-field"][data-key="${key}"]`);
const stateOf = (scope: Page | Locator, state: string) => scope.locator(`[data-state="${state}"]`).first();

describe('console: connectors', () => {
  it('creates a FileStream source through the generated form, with validation at the field, then pauses it', async () => {
    const { page, errors } = browser.current;
    const name = unique('e2e-source');
    const topic = unique('e2e-lines');
    const file = path.join(scratch.dir, `${name}.txt`);
    await writeFile(file, 'first line\nsecond line\n');

    await page.goto('/connectors');
    await page.getByTestId('new-connector').click();
    await page.getByTestId('pick-cluster').selectOption(CONNECT_ID);
    await page.locator(`[data-testid="plugin-option"][data-class="${SOURCE_CLASS}"]`).click();

    // The form comes from the plugin's definition: typed inputs, required marks, help text.
    await field(page, 'topic').waitFor();
    expect(await page.getByTestId('toggle-help').isChecked()).toBe(true);
    await expect(field(page, 'topic').getByTestId('field-help').textContent()).resolves.toMatch(/topic to publish/i);
    await expect(field(page, 'topic').textContent()).resolves.toMatch(/Required/);
    expect(await field(page, 'tasks.max').getAttribute('data-type')).toBe('INT');
    expect(await field(page, 'connector.class').locator('input').inputValue()).toBe(SOURCE_CLASS);

    // Help is each user's choice, kept in this browser; low-importance settings wait behind a toggle.
    await page.getByTestId('toggle-help').uncheck();
    expect(await page.getByTestId('field-help').count()).toBe(0);
    await page.reload();
    await field(page, 'topic').waitFor();
    expect(await page.getByTestId('toggle-help').isChecked()).toBe(false);
    await page.getByTestId('toggle-help').check();
    await field(page, 'topic').getByTestId('field-help').waitFor();
    expect(await field(page, 'batch.size').count()).toBe(0);
    await page.getByTestId('toggle-advanced').check();
    await expect(field(page, 'batch.size').textContent()).resolves.toMatch(/Low/);
    await page.getByTestId('toggle-advanced').uncheck();

    await field(page, 'name').locator('input').fill(name);
    await field(page, 'file').locator('input').fill(file);
    await field(page, 'tasks.max').locator('input').fill('0');
    await page.getByTestId('save').click();

    // The plugin's own validation, each error at its field; nothing was created.
    await expect(field(page, 'topic').getByTestId('field-error').textContent()).resolves.toMatch(/Missing required configuration "topic"/);
    await expect(field(page, 'tasks.max').getByTestId('field-error').textContent()).resolves.toMatch(/at least 1/);
    expect(await field(page, 'tasks.max').locator('input').getAttribute('aria-invalid')).toBe('true');
    expect(await field(page, 'file').getByTestId('field-error').count()).toBe(0);
    await expect(page.getByTestId('form-problem').textContent()).resolves.toMatch(/2 problems/);
    await screenshot(page, 'connector-form');

    await field(page, 'topic').locator('input').fill(topic);
    await field(page, 'tasks.max').locator('input').fill('1');
    // Once errors show, the form follows the fixes: each error clears at its field.
    await field(page, 'topic').getByTestId('field-error').waitFor({ state: 'detached' });
    await page.getByTestId('save').click();
    scratch.connectors.push(name);

    await page.waitForURL((url) => url.pathname === `/connectors/${CONNECT_ID}/${name}`);
    await expect(page.getByTestId('flash').textContent()).resolves.toMatch(/was created/);
    await stateOf(page.getByTestId('connector-state'), 'RUNNING').waitFor({ timeout: STATE_TIMEOUT_MS });

    await page.goto(`/connectors?q=${name}`);
    const row = page.locator(`[data-testid="connector-row"][data-name="${name}"]`);
    await stateOf(row, 'RUNNING').waitFor({ timeout: STATE_TIMEOUT_MS });
    await expect(row.textContent()).resolves.toMatch(/source.*FileStreamSourceConnector/is);
    await stateOf(row.getByTestId('task-counts'), 'running').waitFor({ timeout: STATE_TIMEOUT_MS });

    await row.click();
    await page.waitForURL((url) => url.pathname === `/connectors/${CONNECT_ID}/${name}`);
    await page.getByTestId('action-pause').click();
    await stateOf(page.getByTestId('connector-state'), 'PAUSED').waitFor({ timeout: STATE_TIMEOUT_MS });
    await page.getByTestId('action-resume').waitFor();
    expect(errors).toEqual([]);
  });

  it("shows a failed task's trace, restarts only what failed, and deletes after typing the name", async () => {
    const { page, errors } = browser.current;
    const name = unique('e2e-failing-sink');
    // /proc refuses new files: the task fails for real when it opens its output.
    const unwritable = `/proc/${name}.txt`;
    const call = await browser.api();
    const answer = await call('PUT', `/api/v1/connect/${CONNECT_ID}/connectors/${name}`, {
      config: { 'connector.class': 'FileStreamSink', topics: unique('e2e-sink-in'), file: unwritable, 'tasks.max': '1' },
    });
    expect(answer.status).toBe(201);
    scratch.connectors.push(name);

    await page.goto(`/connectors/${CONNECT_ID}/${name}`);
    const task = page.locator('[data-testid="task-row"][data-task-id="0"][data-state="FAILED"]');
    await task.waitFor({ timeout: STATE_TIMEOUT_MS });
    const trace = page.getByTestId('trace').first();
    // headlined by the real cause (the file), not the ConnectException that wraps it
    await expect(trace.locator('summary').textContent()).resolves.toMatch(/Task 0 failed:/);
    await expect(trace.getByTestId('failure-cause').textContent()).resolves.toContain(unwritable);
    expect(await trace.getByTestId('failure-cause').textContent()).not.toMatch(/ConnectException/);
    expect(await trace.getByTestId('trace-text').isVisible()).toBe(false);
    await trace.locator('summary').click();
    const text = trace.getByTestId('trace-text');
    await text.waitFor();
    await expect(text.textContent()).resolves.toContain(unwritable);
    await expect(text.textContent()).resolves.toMatch(/\n\s+at org\.apache\.kafka\.connect\./);
    await screenshot(page, 'connector-detail');

    // In the list beside whatever else this run created: the failure shows in the task counts.
    await page.goto('/connectors?q=e2e-');
    const row = page.locator(`[data-testid="connector-row"][data-name="${name}"]`);
    await stateOf(row.getByTestId('task-counts'), 'failed').waitFor({ timeout: STATE_TIMEOUT_MS });
    await screenshot(page, 'connectors-list');
    await row.getByRole('link', { name }).click();
    await page.getByTestId('restart-menu').waitFor();

    await page.getByTestId('restart-menu').click();
    await page.getByTestId('restart-failed').click();
    await expect(page.getByTestId('flash').textContent()).resolves.toMatch(/Failed instances are restarting/);

    await page.getByTestId('action-delete').click();
    const dialog = page.getByTestId('delete-connector-dialog');
    const confirm = dialog.getByTestId('confirm');
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByTestId('delete-confirm-name').fill(name.slice(0, -1));
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByTestId('delete-confirm-name').fill(name);
    await confirm.click();
    await page.waitForURL((url) => url.pathname === '/connectors');
    await page.getByTestId('connector-results').waitFor();
    await page.locator(`[data-testid="connector-row"][data-name="${name}"]`).waitFor({ state: 'detached' });
    expect((await call('GET', `/api/v1/connect/${CONNECT_ID}/connectors/${name}`)).status).toBe(404);
    scratch.connectors.splice(scratch.connectors.indexOf(name), 1);
    expect(errors).toEqual([]);
  });

  it('creates a connector from a template: fill its blanks, then continue in the form', async () => {
    const { page, errors } = browser.current;
    const templateId = unique('e2e-template');
    const name = unique('e2e-from-template');
    const file = path.join(scratch.dir, `${name}.txt`);
    await writeFile(file, 'templated line\n');
    const call = await browser.api();
    const template = await call('POST', '/api/v1/templates', {
      id: templateId,
      name: `File to topic ${templateId}`,
      description: 'Streams the lines of a file into a topic.',
      connectorClass: SOURCE_CLASS,
      config: { 'connector.class': SOURCE_CLASS, file: '${file}', topic: '${topic}', 'tasks.max': '1' },
      placeholders: [
        { name: 'file', description: 'Absolute path of the file on every worker' },
        { name: 'topic', description: 'Where the lines go', default: unique('e2e-templated') },
      ],
    });
    expect(template.status).toBe(201);
    try {
      await page.goto('/connectors/new');
      await page.getByTestId('from-template').click();
      const picker = page.getByTestId('template-picker');
      await picker.locator(`[data-testid="template-option"][data-id="${templateId}"]`).click();
      await picker.getByTestId('template-render').click();
      await expect(picker.getByTestId('field-error').textContent()).resolves.toMatch(/Fill this in/);
      await picker.locator('[data-placeholder="file"]').fill(file);
      await picker.getByTestId('template-render').click();

      await field(page, 'topic').waitFor();
      expect(await field(page, 'file').locator('input').inputValue()).toBe(file);
      expect(await field(page, 'topic').locator('input').inputValue()).toMatch(/^e2e-templated-/);
      await field(page, 'name').locator('input').fill(name);
      await page.getByTestId('save').click();
      scratch.connectors.push(name);
      await page.waitForURL((url) => url.pathname === `/connectors/${CONNECT_ID}/${name}`);
      await stateOf(page.getByTestId('connector-state'), 'RUNNING').waitFor({ timeout: STATE_TIMEOUT_MS });

      const history = await call('GET', `/api/v1/connect/${CONNECT_ID}/connectors/${name}/history`);
      const versions = (await history.json()) as { items: { source: string; actor: string }[] };
      expect(versions.items[0]).toMatchObject({ source: 'connectory', actor: 'admin' });
      expect(errors).toEqual([]);
    } finally {
      await call('DELETE', `/api/v1/templates/${templateId}`);
    }
  });
});
