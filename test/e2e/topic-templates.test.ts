// Topic templates of your own: the topic create form saved as a template for Kafka cluster `local` only, seen on
// the Templates page (scope shown, built-in ones marked and read-only), a topic created from it on `local`, the
// template absent from the form of another Kafka cluster (the same broker registered under a second id, so that
// form works as any other), then edited to every cluster and deleted on the Templates page.
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../support/browser';
import { useConsole } from './console';

const SETTLE_MS = 25_000;
const suffix = randomBytes(3).toString('hex');
const TEMPLATE = `e2e-topic-tpl-${suffix}`;
const TOPIC = `e2e-from-own-template-${suffix}`;
const TWIN = `e2e-twin-${suffix}`;
const CONNECTOR_TEMPLATES = ['everywhere', 'local', 'twin'].map((scope) => `e2e-${scope}-${suffix}`);

const browser = useConsole({ needsStack: 'topics are created on its Kafka' });

beforeAll(async () => {
  const stack = browser.stack;
  if (!stack) return;
  const call = await browser.api();
  const kafka = await call('POST', '/api/v1/clusters', { id: TWIN, name: 'The same broker, another id', bootstrapServers: stack.kafka.bootstrap.split(',') });
  if (kafka.status !== 201) throw new Error(`Topic templates test: registering Kafka ${TWIN} answered ${kafka.status} ${await kafka.text()}`);
  const connect = await call('POST', '/api/v1/connect', { id: TWIN, name: 'The same workers, another id', workers: stack.connect.workers.map((worker) => ({ url: worker.url })) });
  if (connect.status !== 201) throw new Error(`Topic templates test: registering Connect ${TWIN} answered ${connect.status} ${await connect.text()}`);
}, 60_000);

afterAll(async () => {
  if (!browser.stack) return;
  const call = await browser.api();
  await call('DELETE', `/api/v1/clusters/local/topics/${TOPIC}?confirm=${TOPIC}`);
  await call('DELETE', `/api/v1/topic-templates/${TEMPLATE}`);
  for (const id of CONNECTOR_TEMPLATES) await call('DELETE', `/api/v1/templates/${id}`);
  await call('DELETE', `/api/v1/connect/${TWIN}`);
  await call('DELETE', `/api/v1/clusters/${TWIN}`);
}, 60_000);

const setting = (page: Page, name: string) => page.locator(`[data-testid="setting"][data-name="${name}"]`);

/** The create form of a cluster, once its templates and the broker's settings are there. */
async function openCreateForm(page: Page, cluster: string): Promise<void> {
  await page.goto(`/topics/new?cluster=${cluster}`);
  await page.getByTestId('template-cdc-changelog').waitFor({ timeout: SETTLE_MS });
  await setting(page, 'retention.ms').waitFor({ timeout: SETTLE_MS });
}

describe('console: topic templates of your own', () => {
  it('saves the topic form as a template for one cluster, lists it, creates a topic from it there and not elsewhere', async () => {
    const { page, errors } = browser.current;
    const call = await browser.api();

    await openCreateForm(page, 'local');
    await expect.poll(() => page.getByTestId('topic-replication').inputValue(), { timeout: SETTLE_MS }).toBe('1');
    await page.getByTestId('topic-partitions').fill('4');
    await setting(page, 'retention.ms').locator('input').fill('7200000');
    await page.getByTestId('save-topic-template').click();
    const dialog = page.getByTestId('save-topic-template-dialog');
    await dialog.getByTestId('topic-template-name').fill(`Two-hour events ${suffix}`);
    await dialog.getByTestId('topic-template-id').fill(TEMPLATE);
    await dialog.getByTestId('topic-template-description').fill('Four partitions, two hours of retention');
    // the clusters arrive after the dialog opens: choose once `local` is offered
    await dialog.locator('[data-testid="topic-template-scope"] option[value="local"]').waitFor({ state: 'attached' });
    await dialog.getByTestId('topic-template-scope').selectOption('local');
    await expect(dialog.getByTestId('topic-template-summary').textContent()).resolves.toContain('retention.ms = 7200000');
    await dialog.getByTestId('save-topic-template-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('topic-template-saved').waitFor();

    const saved = (await (await call('GET', `/api/v1/topic-templates/${TEMPLATE}`)).json()) as Record<string, unknown>;
    expect(saved).toMatchObject({ builtIn: false, kafkaClusterId: 'local', partitions: 4, replicationFactor: 1, configs: { 'retention.ms': '7200000' } });

    // The Templates page: connector and topic templates, this one scoped to local, built-in ones read-only.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Templates' }).click();
    await page.getByRole('heading', { level: 2, name: 'Topic templates' }).waitFor();
    const card = page.locator(`[data-testid="topic-template-card"][data-template="${TEMPLATE}"]`);
    await card.waitFor();
    expect(await card.getByTestId('template-scope-tag').textContent()).toBe('Only Kafka cluster local');
    expect(await card.getByTestId('topic-template-facts').textContent()).toContain('4 partitions');
    expect(await card.getByTestId('edit-topic-template').count()).toBe(1);
    const builtIn = page.locator('[data-testid="topic-template-card"][data-template="cdc-changelog"]');
    expect(await builtIn.getByTestId('template-scope-tag').textContent()).toContain('Built-in');
    expect(await builtIn.getByTestId('edit-topic-template').count()).toBe(0);
    await screenshot(page, 'templates-topic');

    // A topic from it on local: the picker offers it and fills the form as saved.
    await openCreateForm(page, 'local');
    const option = page.getByTestId(`template-${TEMPLATE}`);
    await option.waitFor();
    await option.click();
    expect(await page.getByTestId('topic-partitions').inputValue()).toBe('4');
    expect(await setting(page, 'retention.ms').locator('input').inputValue()).toBe('7200000');
    await page.getByTestId('topic-name').fill(TOPIC);
    const created = page.waitForResponse((response) => response.request().method() === 'POST' && response.url().endsWith('/api/v1/clusters/local/topics'));
    await page.getByTestId('create-topic-submit').click();
    const answer = await created;
    expect(answer.status(), await answer.text()).toBe(201);
    expect(await answer.json()).toMatchObject({ name: TOPIC, partitions: 4, template: TEMPLATE, configs: { 'retention.ms': '7200000' } });
    await page.waitForURL(`**/topics/local/${TOPIC}`, { timeout: SETTLE_MS });

    // Another Kafka cluster's form offers the built-in templates but not this one.
    await openCreateForm(page, TWIN);
    expect(await page.getByTestId(`template-${TEMPLATE}`).count()).toBe(0);
    const elsewhere = (await (await call('GET', `/api/v1/topic-templates?cluster=${TWIN}`)).json()) as { items: { id: string }[] };
    expect(elsewhere.items.map((item) => item.id)).not.toContain(TEMPLATE);

    // Edited on the Templates page: shared with every cluster now, one more setting; then deleted.
    await page.goto('/templates');
    await card.waitFor();
    await card.getByTestId('edit-topic-template').click();
    const edit = page.getByTestId('edit-topic-template-dialog');
    await edit.getByTestId('edit-topic-template-scope').selectOption('');
    await edit.getByTestId('edit-topic-template-add').click();
    await edit.getByTestId('edit-topic-template-key').last().fill('cleanup.policy');
    await edit.getByTestId('edit-topic-template-value').last().fill('delete');
    await edit.getByTestId('edit-topic-template-submit').click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(() => card.getByTestId('template-scope-tag').textContent()).toBe('Every cluster');
    const edited = (await (await call('GET', `/api/v1/topic-templates/${TEMPLATE}`)).json()) as Record<string, unknown>;
    expect(edited).toMatchObject({ kafkaClusterId: null, partitions: 4, configs: { 'retention.ms': '7200000', 'cleanup.policy': 'delete' } });

    await card.getByTestId('delete-topic-template').click();
    await page.getByTestId('delete-topic-template-dialog').getByTestId('confirm').click();
    await card.waitFor({ state: 'detached' });
    expect((await call('GET', `/api/v1/topic-templates/${TEMPLATE}`)).status).toBe(404);
    expect(errors).toEqual([]);
  }, 150_000);

  it('offers on the New connector page only the connector templates usable on the chosen Connect cluster', async () => {
    const { page, errors } = browser.current;
    const call = await browser.api();
    const [everywhere, local, twin] = CONNECTOR_TEMPLATES as [string, string, string];
    for (const [id, connectClusterId] of [[everywhere, null], [local, 'local'], [twin, TWIN]] as const) {
      const made = await call('POST', '/api/v1/templates', {
        id,
        name: `File source ${id}`,
        connectorClass: 'org.apache.kafka.connect.file.FileStreamSourceConnector',
        config: { topic: '${topic}', 'tasks.max': '1' },
        placeholders: [{ name: 'topic', description: 'Where the lines go' }],
        connectClusterId,
      });
      expect(made.status, await made.clone().text()).toBe(201);
    }
    const picker = page.getByTestId('template-picker');
    /** Opens the picker, waits until it offers exactly `expected` (the list arrives after it opens), closes it. */
    const offers = async (expected: string[]) => {
      await page.getByTestId('from-template').click();
      const ids = () => picker.getByTestId('template-option').evaluateAll((options) => options.map((option) => option.getAttribute('data-id')).sort());
      await expect.poll(ids, { timeout: SETTLE_MS }).toEqual([...expected].sort());
      await page.keyboard.press('Escape');
      await picker.waitFor({ state: 'hidden' });
    };

    await page.goto('/connectors/new?connect=local');
    await offers([everywhere, local]);
    // another Connect cluster chosen on the page: the picker reads the templates again, for that cluster
    await page.getByTestId('pick-cluster').selectOption(TWIN);
    await offers([everywhere, twin]);
    expect(errors).toEqual([]);
  }, 90_000);
});
