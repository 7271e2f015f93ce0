// The topics console against the real server and the local stack's Kafka: create from a template with every
// setting explained (then the explanations switched off, and that choice remembered), edit one setting, add
// partitions, browse messages by offset and by time, delete with typed confirmation.
import { randomBytes } from 'node:crypto';
import kafkajs, { type Admin, type Producer } from 'kafkajs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, screenshot } from '../support/browser';
import { useConsole } from './console';

const { Kafka, logLevel, ConfigResourceTypes } = kafkajs;

const SETTLE_MS = 25_000;
const run = randomBytes(3).toString('hex');
const topicName = (what: string) => `e2e-${what}-${run}`;

const browser = useConsole({ needsStack: 'topics need its Kafka' });
let admin: Admin | undefined;
let producer: Producer | undefined;
const created = new Set<string>();

beforeAll(async () => {
  const stack = browser.stack;
  if (!stack) return;
  const kafka = new Kafka({ clientId: 'connectory-e2e-topics', brokers: stack.kafka.bootstrap.split(','), logLevel: logLevel.NOTHING });
  admin = kafka.admin();
  producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
}, 90_000);

afterAll(async () => {
  if (admin && created.size) await admin.deleteTopics({ topics: [...created] }).catch(() => {});
  await Promise.all([admin?.disconnect(), producer?.disconnect()]);
}, 30_000);

const setting = (page: Page, name: string) => page.locator(`[data-testid="setting"][data-name="${name}"]`);

/** Waits for the input to hold `value` (the form fills some fields from answers that arrive after it renders). */
async function waitForValue(input: Locator, value: string): Promise<void> {
  await expect.poll(() => input.inputValue(), { timeout: SETTLE_MS }).toBe(value);
}

/** After Create: the topic's page, or the form's own complaint as the failure (instead of a bare navigation timeout). */
async function createdOrRefused(page: Page, topic: string): Promise<void> {
  const complaint = page.getByTestId('create-topic-error').or(page.getByTestId('field-error')).first();
  const created = page.waitForURL(`**/topics/local/${topic}`, { timeout: 60_000 }).then(() => 'created' as const);
  const refused = complaint.waitFor({ timeout: 60_000 }).then(() => 'refused' as const);
  // The loser times out later, after this test: mark both handled so that is not an unhandled rejection.
  created.catch(() => {});
  refused.catch(() => {});
  const outcome = await Promise.race([created, refused]);
  if (outcome === 'refused') throw new Error(`creating ${topic} was refused: ${await complaint.textContent()}`);
}

async function topicConfigs(topic: string): Promise<Record<string, string>> {
  const { resources } = await admin!.describeConfigs({ resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }], includeSynonyms: false });
  return Object.fromEntries(resources[0]!.configEntries.filter((entry) => !entry.isDefault).map((entry) => [entry.configName, entry.configValue]));
}

async function makeTopic(what: string, partitions: number, configs: Record<string, string> = {}): Promise<string> {
  const topic = topicName(what);
  created.add(topic);
  await admin!.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: partitions, replicationFactor: 1, configEntries: Object.entries(configs).map(([name, value]) => ({ name, value })) }],
  });
  return topic;
}

/** A viewer (reads everything, changes nothing), made through the API as the admin. */
async function createViewer(): Promise<{ username: string; password: string }> {
  const call = await browser.api();
  const viewer = { username: `e2e-viewer-${run}`, password: `viewer-password-${run}-long` };
  const made = await call('POST', '/api/v1/users', { ...viewer, role: 'viewer', clusters: null });
  if (!made.ok) throw new Error(`Topics test: creating a viewer answered ${made.status} ${await made.text()}`);
  return viewer;
}

async function waitUntilListed(page: Page, topic: string): Promise<void> {
  const deadline = Date.now() + SETTLE_MS;
  while (Date.now() < deadline) {
    const answer = await page.request.get(`/api/v1/clusters/local/topics?q=${encodeURIComponent(topic)}`);
    if (answer.ok() && ((await answer.json()) as { total: number }).total === 1) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`Topics test: ${topic} never appeared in GET /api/v1/clusters/local/topics`);
}

/** datetime-local text in the browser's (= this machine's) time zone, to the second. */
function localDateTime(ms: number): string {
  const at = new Date(ms);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}T${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;
}

describe('console: topics', () => {
  it('creates a topic from a template with every setting explained, then with the help switched off', async () => {
    const { page, errors } = browser.current;
    const topic = topicName('created');
    created.add(topic);
    await page.goto('/topics?cluster=local');
    await page.getByTestId('topic-row').first().waitFor({ timeout: SETTLE_MS });
    await page.getByTestId('create-topic').click();
    await page.getByRole('heading', { level: 1, name: 'Create topic' }).waitFor();

    // Every setting the broker describes is listed with its documentation.
    await setting(page, 'cleanup.policy').getByTestId('setting-help').waitFor({ timeout: SETTLE_MS });
    const settings = await page.getByTestId('setting').count();
    expect(settings).toBeGreaterThan(20);
    expect(await page.getByTestId('setting-help').count()).toBe(settings);
    await expect(setting(page, 'retention.ms').getByTestId('setting-help').textContent()).resolves.toMatch(/retain a log/i);

    // The template fills partitions and settings, and says why each is set.
    await page.getByTestId('template-compacted-state').click();
    await page.getByTestId('template-about').waitFor();
    expect(await setting(page, 'cleanup.policy').getByRole('checkbox', { name: 'compact' }).isChecked()).toBe(true);
    expect(await setting(page, 'min.cleanable.dirty.ratio').locator('input').inputValue()).toBe('0.1');
    await setting(page, 'cleanup.policy').getByTestId('setting-note').waitFor();
    expect(await page.getByTestId('topic-partitions').inputValue()).toBe('3');
    await page.getByTestId('topic-name').fill(topic);
    await setting(page, 'retention.ms').locator('input').fill('172800000');
    await expect(setting(page, 'retention.ms').textContent()).resolves.toMatch(/= 2 days/);
    // The picture shows the settings this topic sets, each with its explanation and the template's reason.
    await page.getByLabel('Only set').check();
    await screenshot(page, 'topic-create');
    await page.getByLabel('Only set').uncheck();

    // Switched off: the form turns compact, and stays so for this user after a reload.
    await page.getByTestId('help-toggle').uncheck({ force: true });
    expect(await page.getByTestId('setting-help').count()).toBe(0);
    await page.reload();
    await setting(page, 'cleanup.policy').waitFor({ timeout: SETTLE_MS });
    expect(await page.getByTestId('help-toggle').isChecked()).toBe(false);
    expect(await page.getByTestId('setting-help').count()).toBe(0);

    // Create (the reload emptied the form: fill it again, without help this time).
    await page.getByTestId('template-compacted-state').click();
    await page.getByTestId('topic-name').fill(topic);
    // One broker: the template's replication is capped once the form knows the broker count.
    await waitForValue(page.getByTestId('topic-replication'), '1');
    await page.getByTestId('create-topic-submit').click();
    await createdOrRefused(page, topic);
    await expect(page.getByTestId('flash').textContent()).resolves.toMatch(/was created with 3 partitions/);
    await page.getByTestId('partition-row').nth(2).waitFor({ timeout: SETTLE_MS });
    expect(await page.getByTestId('partition-row').count()).toBe(3);
    const configs = await topicConfigs(topic);
    expect(configs['cleanup.policy']).toBe('compact');
    expect(configs['min.cleanable.dirty.ratio']).toBe('0.1');
    expect(errors).toEqual([]);
  }, 90_000);

  it('shows a server-side field error at its field', async () => {
    const { page } = browser.current;
    await page.goto('/topics/new?cluster=local');
    await setting(page, 'min.insync.replicas').waitFor({ timeout: SETTLE_MS });
    await page.getByTestId('topic-name').fill(topicName('rejected'));
    await setting(page, 'min.insync.replicas').locator('input').fill('5');
    await page.getByTestId('create-topic-submit').click();
    const error = setting(page, 'min.insync.replicas').getByTestId('field-error');
    await error.waitFor({ timeout: SETTLE_MS });
    await expect(error.textContent()).resolves.toMatch(/replication|min\.insync|replicas/i);
    expect(new URL(page.url()).pathname).toBe('/topics/new');
  }, 60_000);

  it('searches the list on the server, debounced', async () => {
    const { page } = browser.current;
    const topic = await makeTopic('searchable', 1);
    // The server caches the topic list for a few seconds; a topic made behind its back shows up after that.
    await waitUntilListed(page, topic);
    await page.goto('/topics?cluster=local');
    await page.getByTestId('topic-row').first().waitFor({ timeout: SETTLE_MS });
    const asked: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/v1/clusters/local/topics?')) asked.push(new URL(request.url()).searchParams.get('q') ?? '');
    });
    await page.getByTestId('topic-search').pressSequentially(`searchable-${run}`, { delay: 20 });
    await page.getByTestId('topic-count').filter({ hasText: /^1 topic$/ }).waitFor({ timeout: SETTLE_MS });
    expect(await page.getByTestId('topic-row').count()).toBe(1);
    expect(await page.getByTestId('topic-row').getAttribute('data-name')).toBe(topic);
    // One request once typing paused, not one per key.
    expect(asked.filter(Boolean).length).toBeLessThanOrEqual(2);
    expect(new URL(page.url()).searchParams.get('q')).toBe(`searchable-${run}`);
  }, 60_000);

  it('changes one setting and sends only that one', async () => {
    const { page, errors } = browser.current;
    const topic = await makeTopic('edited', 1, { 'max.message.bytes': '2097152', 'retention.ms': '86400000' });
    await page.goto(`/topics/local/${topic}/settings`);
    await page.getByTestId('edit-settings').click();
    await setting(page, 'retention.ms').locator('input').fill('3600000');
    await expect(page.getByTestId('settings-footer').textContent()).resolves.toMatch(/1 change to send/);

    const patch = page.waitForRequest((request) => request.method() === 'PATCH');
    await page.getByTestId('save-settings').click();
    expect((await patch).postDataJSON()).toEqual({ configs: { set: { 'retention.ms': '3600000' } } });
    await page.getByTestId('flash').filter({ hasText: 'Saved 1 change' }).waitFor({ timeout: SETTLE_MS });

    const configs = await topicConfigs(topic);
    expect(configs['retention.ms']).toBe('3600000');
    expect(configs['max.message.bytes']).toBe('2097152');
    await expect(page.locator('[data-testid="config-row"][data-name="retention.ms"] [data-testid="config-value"]').textContent()).resolves.toBe('3600000');
    expect(errors).toEqual([]);
  }, 60_000);

  it('adds partitions and deletes the topic only after its name is typed', async () => {
    const { page, errors } = browser.current;
    const topic = await makeTopic('grown', 2);
    await page.goto(`/topics/local/${topic}`);
    await page.getByTestId('partition-row').first().waitFor({ timeout: SETTLE_MS });
    expect(await page.getByTestId('partition-row').count()).toBe(2);

    await page.getByTestId('add-partitions').click();
    await page.getByTestId('partition-count').fill('4');
    await page.getByTestId('add-partitions-submit').click();
    await page.getByTestId('flash').filter({ hasText: 'now has 4 partitions' }).waitFor({ timeout: SETTLE_MS });
    await page.getByTestId('partition-row').nth(3).waitFor();

    await page.getByTestId('delete-topic').click();
    const dialog = page.getByTestId('delete-topic-dialog');
    const confirm = dialog.getByTestId('confirm');
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByTestId('typed-confirm-input').fill(topic.slice(0, -1));
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByTestId('typed-confirm-input').fill(topic);
    await confirm.click();
    await page.waitForURL('**/topics?cluster=local');
    expect(await admin!.listTopics()).not.toContain(topic);
    created.delete(topic);
    expect(errors).toEqual([]);
  }, 60_000);

  it('offers a viewer no way to change topics', async () => {
    const { page, context, errors } = browser.current;
    const topic = await makeTopic('viewed', 1);
    const viewer = await createViewer();
    await context.clearCookies();
    await page.goto('/login');
    await login(page, browser.server, viewer);

    await page.goto('/topics?cluster=local');
    await page.getByTestId('topic-row').first().waitFor({ timeout: SETTLE_MS });
    expect(await page.getByTestId('create-topic').count()).toBe(0);
    await page.goto(`/topics/local/${topic}/settings`);
    await page.getByTestId('config-row').first().waitFor({ timeout: SETTLE_MS });
    expect(await page.getByTestId('edit-settings').count()).toBe(0);
    expect(await page.getByTestId('add-partitions').count()).toBe(0);
    expect(await page.getByTestId('delete-topic').count()).toBe(0);
    await page.goto('/topics/new?cluster=local');
    await page.getByTestId('needs-role').waitFor();
    expect(errors).toEqual([]);
  }, 60_000);

  it('browses messages by offset and by time, never more than asked', async () => {
    const { page, errors } = browser.current;
    const topic = await makeTopic('browsed', 1);
    const base = Math.floor(Date.now() / 1000) * 1000 - 120_000;
    await producer!.send({
      topic,
      messages: Array.from({ length: 30 }, (_, index) => ({
        key: `key-${index}`,
        value: JSON.stringify({ index, note: 'known message' }),
        timestamp: String(base + index * 1000),
        headers: { origin: 'e2e' },
      })),
    });

    await page.goto(`/topics/local/${topic}/messages`);
    await page.getByTestId('browse-read').waitFor({ timeout: SETTLE_MS });
    const limits = await page.getByTestId('browse-limit').locator('option').allTextContents();
    expect(Math.max(...limits.map(Number))).toBe(500);

    await page.getByTestId('browse-partition').selectOption('0');
    await page.getByTestId('browse-from-offset').check({ force: true });
    await page.getByTestId('browse-offset').fill('10');
    await page.getByTestId('browse-limit').selectOption('10');
    await page.getByTestId('browse-format-json').check({ force: true });
    await page.getByTestId('browse-read').click();
    await expect(page.getByTestId('browse-count').textContent()).resolves.toBe('10 messages');
    const offsets = await page.getByTestId('message').evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-offset'))));
    expect(offsets).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    await expect(page.getByTestId('message-value').first().textContent()).resolves.toMatch(/"index": 10/);
    await expect(page.getByTestId('message-header').first().textContent()).resolves.toBe('origin: e2e');

    // Continue where the page ended.
    await page.getByTestId('browse-more').click();
    await page.locator('[data-testid="message"][data-offset="20"]').waitFor();
    expect(await page.getByTestId('browse-offset').inputValue()).toBe('20');

    await page.getByTestId('browse-from-timestamp').check({ force: true });
    await page.getByTestId('browse-timestamp').fill(localDateTime(base + 25_000));
    await page.getByTestId('browse-read').click();
    await page.getByTestId('browse-count').filter({ hasText: /^5 messages$/ }).waitFor();
    const fromTime = await page.getByTestId('message').evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-offset'))));
    expect(fromTime).toEqual([25, 26, 27, 28, 29]);
    expect(errors).toEqual([]);
  }, 60_000);
});
