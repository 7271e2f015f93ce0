// The Alerts page against a real server and the local stack's Connect cluster: create a Slack channel (a
// recording receiver), Send test and see its answer, create a rule, watch it fire when a connector's task really
// FAILS and resolve when it is fixed; the navigation counts the firing alert meanwhile.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../support/browser';
import { connectRest, deleteConnectors } from '../support/connect';
import { RecordingReceiver } from '../support/receiver';
import { useConsole } from './console';

const browser = useConsole({ needsStack: 'the alert fires on a connector of its Connect cluster' });
const run = randomBytes(3).toString('hex');
const connector = `e2e-alert-sink-${run}`;
let receiver: RecordingReceiver;
let dir: string;

beforeAll(async () => {
  receiver = await RecordingReceiver.start();
  dir = await mkdtemp(join(tmpdir(), 'connectory-e2e-alerts-'));
});

afterAll(async () => {
  if (browser.stack) await deleteConnectors(browser.stack, [connector]);
  await receiver?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('console: Alerts', () => {
  it('creates a Slack channel, sends a test, creates a rule, and shows it fire and resolve', async () => {
    const { page, errors } = browser.current;
    const slackUrl = `${receiver.url}/services/T9/B9/${run}`;
    await page.goto('/alerts');
    await page.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor();

    const form = page.getByTestId('new-channel');
    await form.locator('select[name="kind"]').selectOption('slack');
    await form.locator('input[name="name"]').fill(`on-call-${run}`);
    await form.locator('input[name="url"]').fill(slackUrl);
    await form.getByRole('button', { name: 'Add channel' }).click();
    const channel = page.getByTestId('alert-channel').filter({ hasText: `on-call-${run}` });
    await channel.waitFor();
    await channel.getByTestId('send-test').click();
    await channel.getByTestId('test-result').filter({ hasText: '200 ok' }).waitFor();
    expect(receiver.on(`/services/T9/B9/${run}`)[0]!.json.text).toContain('[TEST]');

    const rule = page.getByTestId('new-rule');
    await rule.locator('input[name="rule-name"]').fill(`sink failed ${run}`);
    await rule.locator('select[name="condition"]').selectOption('connector-failed');
    await rule.locator('input[name="cluster"]').fill('local');
    await rule.locator('input[name="glob"]').fill(connector);
    await rule.getByLabel(`on-call-${run}`).check();
    await rule.getByRole('button', { name: 'Create rule' }).click();
    const row = page.getByTestId('alert-rule').filter({ hasText: `sink failed ${run}` });
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('ok');

    // a task that really FAILS: its output directory does not exist
    const missing = join(dir, 'not-yet');
    const api = await browser.api();
    const created = await api('PUT', `/api/v1/connect/local/connectors/${connector}`, {
      config: { 'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector', file: join(missing, 'out.txt'), topics: `e2e-alert-topic-${run}`, 'tasks.max': '1' },
    });
    expect(created.status).toBeLessThan(300);
    await page.locator(`[data-testid="alert-rule"][data-state="firing"]`).filter({ hasText: `sink failed ${run}` }).waitFor({ timeout: 90_000 });
    // the built-in "Failed connectors and tasks" rule fires for it too
    await page.locator(`[data-testid="alert"][data-rule="sink failed ${run}"]`).filter({ hasText: `${connector} task 0 FAILED` }).waitFor({ timeout: 30_000 });
    await page.getByTestId('nav-firing').waitFor();
    await screenshot(page, 'alerts-firing');
    await expect.poll(() => receiver.on(`/services/T9/B9/${run}`).length, { timeout: 30_000 }).toBe(2);

    await mkdir(missing);
    await expect
      .poll(async () => (await connectRest(browser.stack!.connect.url, 'POST', `/connectors/${connector}/restart?includeTasks=true&onlyFailed=true`)).status, { timeout: 30_000 })
      .toBeLessThan(300);
    await page.locator(`[data-testid="alert-rule"][data-state="ok"]`).filter({ hasText: `sink failed ${run}` }).waitFor({ timeout: 90_000 });
    await page.getByTestId('alert-event').filter({ hasText: connector }).filter({ hasText: 'Resolved' }).first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'alerts-resolved');
    await expect.poll(() => receiver.on(`/services/T9/B9/${run}`).length, { timeout: 30_000 }).toBe(3);
    expect(receiver.on(`/services/T9/B9/${run}`)[2]!.json.text).toContain('[RESOLVED]');
    expect(errors).toEqual([]);
  });

  it('edits a rule: the form takes its settings, saving changes the condition, and the built-in disk rule can be tuned', async () => {
    const { page, errors } = browser.current;
    await page.goto('/alerts');
    const row = page.getByTestId('alert-rule').filter({ hasText: `sink failed ${run}` });
    await row.getByTestId('edit-rule').click();
    const form = page.locator(`[data-testid="new-rule"]:not([data-editing=""])`);
    await form.waitFor();
    expect(await form.locator('input[name="rule-name"]').inputValue()).toBe(`sink failed ${run}`);
    expect(await form.locator('input[name="glob"]').inputValue()).toBe(connector);
    await form.locator('input[name="rule-name"]').fill(`quiet pipeline ${run}`);
    await form.locator('select[name="condition"]').selectOption('consumed-rate-below');
    await form.locator('input[name="cluster"]').fill('local');
    await form.locator('input[name="glob"]').fill(`group-${run}`);
    await form.locator('input[name="floor"]').fill('2.5');
    await form.getByTestId('save-rule').click();
    const edited = page.getByTestId('alert-rule').filter({ hasText: `quiet pipeline ${run}` });
    await edited.waitFor();
    expect(await edited.textContent()).toContain(`consumed-rate-below · local · group-${run} · < 2.5/s`);
    await expect(page.getByTestId('alert-rule').filter({ hasText: `sink failed ${run}` }).count()).resolves.toBe(0);

    // the built-in "Broker disk above 85%": edited to 90 % (it has no delete, it can be tuned)
    const disk = page.getByTestId('alert-rule').filter({ hasText: 'Broker disk above 85%' });
    await disk.getByTestId('edit-rule').click();
    expect(await form.locator('input[name="percent"]').inputValue()).toBe('85');
    await form.locator('input[name="percent"]').fill('90');
    await form.getByTestId('save-rule').click();
    await page.getByTestId('alert-rule').filter({ hasText: 'broker-disk-above · > 90%' }).waitFor();
    const api = await browser.api();
    const rules = (await (await api('GET', '/api/v1/alerts/rules')).json()) as { items: { name: string; builtin: boolean; condition: Record<string, unknown> }[] };
    expect(rules.items.find((r) => r.name === 'Broker disk above 85%')).toMatchObject({ builtin: true, condition: { kind: 'broker-disk-above', percent: 90 } });
    expect(rules.items.find((r) => r.name === `quiet pipeline ${run}`)!.condition).toEqual({ kind: 'consumed-rate-below', kafka: 'local', name: `group-${run}`, floor: 2.5 });
    expect(errors).toEqual([]);
  });
});
