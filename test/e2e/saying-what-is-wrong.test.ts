// Saying what is wrong (issue #18), in a real browser against the real server and the local stack: a failed
// task's headline names its real cause, the list's badge shows the worse of connector and tasks, a failed
// Validate lists each message at the top and shows the first error, and a failed sign-in is in the audit log
// without its password.
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { openPage, screenshot } from '../support/browser';
import { waitFor } from '../support/wait';
import { useConsole } from './console';

const CONNECT_ID = 'local';
const SOURCE_CLASS = 'org.apache.kafka.connect.file.FileStreamSourceConnector';
const FORM = `/connectors/new?connect=${CONNECT_ID}&class=${encodeURIComponent(SOURCE_CLASS)}`;

const browser = useConsole({ needsStack: 'connectors need its Connect cluster' });
const created: string[] = [];
const users: string[] = [];

afterAll(async () => {
  if (!browser.stack) return;
  const call = await browser.api();
  for (const name of created) await call('DELETE', `/api/v1/connect/${CONNECT_ID}/connectors/${encodeURIComponent(name)}`);
  for (const id of users) await call('DELETE', `/api/v1/users/${id}`);
}, 60_000);

const unique = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;
const input = (page: Page, key: string) => page.locator(`[data-testid="config-field"][data-key="${key}"] input`).first();

interface Detail {
  state: string;
  tasks: { id: number; state: string; cause: { message: string; exception: string | null; hint: string | null } | null }[];
}

describe('console: saying what is wrong', () => {
  it('headlines a failed task by its real cause with a hint, and the list shows an amber "Running · 1 task failed"', async () => {
    const { page, errors } = browser.current;
    const call = await browser.api();
    const name = unique('e2e-wrong-file');
    // A path through a regular file: the worker's open fails ("Not a directory"), as an unreadable file would
    // for a non-root worker; Connect wraps it in a ConnectException whose trace carries the cause below.
    const file = `/etc/passwd/${name}.txt`;
    const answer = await call('POST', `/api/v1/connect/${CONNECT_ID}/connectors`, { name, config: { 'connector.class': SOURCE_CLASS, file, topic: name, 'tasks.max': '1' } });
    expect(answer.status).toBe(201);
    created.push(name);

    const detail = await waitFor(
      async () => {
        const body = (await (await call('GET', `/api/v1/connect/${CONNECT_ID}/connectors/${name}`)).json()) as Detail;
        return body.state === 'RUNNING' && body.tasks[0]?.state === 'FAILED' ? body : undefined;
      },
      { what: 'the task to fail', timeoutMs: 60_000 },
    );
    expect(detail.tasks[0]!.cause).toEqual({ message: `${file}: Not a directory`, exception: 'java.nio.file.FileSystemException', hint: expect.stringMatching(/cannot open the file/) });

    await page.goto(`/connectors?connectId=${CONNECT_ID}&q=${name}`);
    const row = page.locator(`[data-testid="connector-row"][data-name="${name}"]`);
    await row.waitFor();
    const badge = row.locator('[data-state="RUNNING"]');
    expect(await badge.getAttribute('data-tone')).toBe('degraded');
    await expect(badge.textContent()).resolves.toMatch(/Running · 1 task failed/);
    // amber is the warning tone, never the green of a healthy connector
    expect(await badge.locator('[data-status]').getAttribute('data-status')).toBe('degraded');

    await row.getByRole('link', { name }).click();
    await page.waitForURL((url) => url.pathname === `/connectors/${CONNECT_ID}/${name}`);
    const task = page.locator('[data-testid="task-row"][data-task-id="0"]');
    await task.waitFor();
    const trace = page.getByTestId('trace').first();
    await expect(trace.getByTestId('failure-cause').textContent()).resolves.toBe(`${file}: Not a directory`);
    await expect(trace.getByTestId('failure-hint').textContent()).resolves.toMatch(/cannot open the file/);
    // the headline is readable without opening or scrolling the trace
    expect(await trace.getByTestId('failure-cause').isVisible()).toBe(true);
    expect(await trace.getByTestId('trace-text').isVisible()).toBe(false);
    await expect(page.getByTestId('connector-state').textContent()).resolves.toMatch(/Running · 1 task failed/);
    await screenshot(page, 'failed-task-cause');
    expect(errors).toEqual([]);
  });

  it('lists each problem of a failed Validate at the top, brings the first one into view, and Create names each message', async () => {
    const { page, errors } = browser.current;
    await page.goto(FORM);
    await input(page, 'topic').waitFor();
    await input(page, 'name').fill(unique('e2e-invalid'));
    await input(page, 'tasks.max').fill('lots');
    // required by the definition: marked before anything is validated
    expect(await page.locator('[data-testid="config-field"][data-key="topic"]').getAttribute('data-required')).toBe('true');
    await expect(page.locator('[data-testid="config-field"][data-key="topic"] [data-testid="required"]').textContent()).resolves.toBe('Required');
    expect(await page.locator('[data-testid="config-field"][data-key="file"] [data-testid="required"]').count()).toBe(0);

    await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
    await page.getByTestId('validate').click();

    const banner = page.getByTestId('form-problem');
    await banner.waitFor();
    const items = banner.getByTestId('form-problem-item');
    await waitFor(async () => (await items.count()) >= 2, { what: 'both problems in the banner' });
    const texts = await items.allTextContents();
    expect(texts.some((text) => /tasks\.max/.test(text) && /Invalid value lots for configuration tasks\.max/.test(text))).toBe(true);
    expect(texts.some((text) => /topic/.test(text) && /Missing required configuration "topic"/.test(text))).toBe(true);
    // the first error in the form is scrolled into view and focused
    await page.waitForFunction(`(() => {
      const first = document.querySelector('[data-testid="connector-form"] [data-invalid]');
      if (!first) return false;
      const box = first.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    })()`);
    expect(await page.locator('[data-testid="connector-form"] [data-invalid]').first().getAttribute('data-key')).toBe('tasks.max');
    expect(await page.evaluate(`document.activeElement?.closest('[data-testid="config-field"]')?.getAttribute('data-key')`)).toBe('tasks.max');

    await page.getByTestId('save').click();
    await banner.getByText(/The plugin found \d+ problems: nothing was saved/).waitFor();
    const afterSave = await banner.getByTestId('form-problem-item').allTextContents();
    expect(afterSave.some((text) => /Missing required configuration "topic"/.test(text))).toBe(true);
    expect(page.url()).toContain('/connectors/new');
    expect(errors).toEqual([]);
  });

  it('records a failed sign-in in the audit log with the name tried, the address and the reason, never the password', async () => {
    const { page, errors } = browser.current;
    const call = await browser.api();
    const username = unique('e2e-wrong-login');
    const made = await call('POST', '/api/v1/users', { username, password: `right-${randomBytes(8).toString('hex')}`, role: 'viewer' });
    expect(made.status).toBe(201);
    users.push(((await made.json()) as { id: string }).id);
    const triedPassword = `tried-${randomBytes(8).toString('hex')}`;

    // a visitor of their own, signed out
    const visitor = await openPage(page.context().browser()!, browser.server.url);
    try {
      await visitor.page.goto('/login');
      await visitor.page.getByLabel('Username').fill(username);
      await visitor.page.getByLabel('Password').fill(triedPassword);
      await visitor.page.getByRole('button', { name: 'Sign in' }).click();
      await visitor.page.getByTestId('login-error').waitFor();
    } finally {
      await visitor.context.close();
    }

    await page.goto(`/audit?actor=${encodeURIComponent(username)}`);
    const row = page.locator('[data-testid="audit-row"][data-action="auth.login"]');
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    const text = (await row.textContent()) ?? '';
    expect(text).toContain(username);
    expect(text).toContain('127.0.0.1');
    expect(text).toMatch(/Failure/);
    await expect(row.getByTestId('audit-reason').textContent()).resolves.toBe('wrong password');
    await row.getByTestId('audit-details-toggle').click();
    await page.getByTestId('audit-details').waitFor();
    expect(await page.content()).not.toContain(triedPassword);

    const listed = (await (await call('GET', `/api/v1/audit?actor=${encodeURIComponent(username)}`)).json()) as { items: { action: string; outcome: string; sourceIp: string | null; details: unknown }[] };
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).toMatchObject({ action: 'auth.login', outcome: 'failure', sourceIp: '127.0.0.1', details: { reason: 'wrong password' } });
    expect(JSON.stringify(listed)).not.toContain(triedPassword);
    expect(errors).toEqual([]);
  });
});
