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
});
