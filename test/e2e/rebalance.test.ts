// Rebalancing in the browser, on the three-broker cluster: the dashboard and the brokers page point at skewed
// disks, "Recommend a rebalance" shows the plan, OK runs it, the throttle changes while it runs, progress goes to
// done and no throttle is left; then a topic's replication factor changes by entering a number, and its preferred
// leaders are elected. kafkajs checks what the brokers hold.
import { randomBytes } from 'node:crypto';
import kafkajs, { type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../support/browser';
import { ensureMultiBrokerKafka } from '../support/multi-broker';
import { useConsole } from './console';

const { Kafka, logLevel } = kafkajs;
const run = randomBytes(3).toString('hex');
const clusterId = `rebalance-${run}`;
const skewed = [0, 1].map((i) => `rebalance-skew-${i}-${run}`);
const rfTopic = `rebalance-rf-${run}`;
const PARTITIONS = 6;

const browser = useConsole({ needsStack: 'the three-broker cluster starts beside the local stack' });
let admin: Admin | undefined;

beforeAll(async () => {
  if (!browser.stack) return;
  const multi = await ensureMultiBrokerKafka();
  const kafka = new Kafka({ clientId: 'connectory-e2e-rebalance', brokers: multi.bootstrap.split(','), logLevel: logLevel.NOTHING });
  admin = kafka.admin();
  await admin.connect();
  // every replica on broker 1, with ~1.5 MB per partition: a throttle of 1 MiB/s keeps the plan running for seconds
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      ...skewed.map((topic) => ({ topic, replicaAssignment: Array.from({ length: PARTITIONS }, (_, partition) => ({ partition, replicas: [1] })) })),
      { topic: rfTopic, replicaAssignment: [0, 1, 2].map((partition) => ({ partition, replicas: [partition + 1] })) },
    ],
  });
  const producer = kafka.producer();
  await producer.connect();
  const value = 'x'.repeat(10_000);
  for (const topic of skewed) {
    for (let batch = 0; batch < 15; batch += 1) {
      await producer.send({ topic, acks: -1, messages: Array.from({ length: 60 }, (_, i) => ({ value, partition: i % PARTITIONS })) });
    }
  }
  await producer.send({ topic: rfTopic, acks: -1, messages: Array.from({ length: 30 }, (_, i) => ({ value: `m${i}`, partition: i % 3 })) });
  await producer.disconnect();
  const api = await browser.api();
  const registered = await api('POST', '/api/v1/clusters', { id: clusterId, name: 'Three brokers (rebalance e2e)', bootstrapServers: multi.bootstrap.split(',') });
  expect(registered.status, await registered.clone().text()).toBe(201);
}, 240_000);

afterAll(async () => {
  await admin?.deleteTopics({ topics: [...skewed, rfTopic] }).catch(() => {});
  await admin?.disconnect();
});

/** Every `*.replication.throttled.*` config on the brokers and on the given topics. */
async function throttlesLeft(topics: string[]): Promise<string[]> {
  const { resources } = await admin!.describeConfigs({
    includeSynonyms: false,
    resources: [...[1, 2, 3].map((id) => ({ type: 4, name: String(id) })), ...topics.map((name) => ({ type: 2, name }))],
  });
  return resources.flatMap((r) => r.configEntries.filter((e) => e.configName.includes('replication.throttled') && e.configValue && !e.isDefault).map((e) => `${r.resourceName}:${e.configName}`));
}

describe('console: rebalancing', () => {
  it('recommends a rebalance from the dashboard, runs it after OK with a throttle changed mid-flight, and follows it to done', async () => {
    const { page, errors } = browser.current;
    await page.goto('/');
    const card = page.getByTestId(`dashboard-kafka-${clusterId}`);
    const hint = card.getByTestId('imbalance-hint');
    await hint.waitFor({ timeout: 30_000 });
    expect(await hint.textContent()).toMatch(/out of balance: the fullest holds \d+\.\d\d× the mean/);
    await hint.getByRole('link', { name: 'Recommend a rebalance' }).click();

    await page.getByRole('heading', { level: 1, name: 'Brokers' }).waitFor();
    expect(page.url()).toContain(`cluster=${clusterId}`);
    await page.getByTestId('imbalance-hint').waitFor();
    expect(await page.getByTestId('disk-imbalance').textContent()).toMatch(/disk max\/mean \d+\.\d\d \(balanced up to 1\.10\)/);
    await page.getByTestId('recommend-rebalance').click();

    const plan = page.getByTestId('rebalance-plan');
    await plan.waitFor();
    expect(await plan.getByTestId('plan-state').textContent()).toBe('proposed');
    const header = (await plan.locator('header').textContent()) ?? '';
    const [, before, after] = /max\/mean disk (\d+\.\d\d) → (\d+\.\d\d)/.exec(header) ?? [];
    expect(Number(before)).toBeGreaterThan(1.1);
    expect(Number(after)).toBeLessThanOrEqual(1.1);
    // the moves of our skewed topics leave broker 1, each with its bytes and why
    const ours = plan.locator('tbody tr').filter({ hasText: skewed[0]! });
    expect(await ours.count()).toBeGreaterThan(0);
    expect(await ours.first().textContent()).toMatch(/1 → [23].*(disk|replicas|leaders)pending/);
    // nothing moved before OK
    const partitionsOf = async (topic: string) => (await admin!.fetchTopicMetadata({ topics: [topic] })).topics[0]!.partitions;
    expect((await partitionsOf(skewed[0]!)).every((p) => p.replicas.join() === '1')).toBe(true);
    await screenshot(page, 'rebalance-plan');

    await plan.getByLabel('Throttle in MiB/s').fill('1');
    await plan.getByRole('button', { name: 'OK, run it' }).click();
    await expect.poll(() => plan.getByTestId('plan-state').textContent(), { timeout: 15_000 }).toBe('executing');
    await plan.getByTestId('throttle-applied').filter({ hasText: 'on the brokers: 1 MiB/s' }).waitFor({ timeout: 15_000 });
    expect(await plan.getByTestId('plan-progress').textContent()).toMatch(/\d+ of \d+ moves done · .+ of .+ copied/);
    expect((await throttlesLeft(skewed)).length).toBeGreaterThan(0);
    await screenshot(page, 'rebalance-running');

    await plan.getByLabel('Throttle in MiB/s').fill('200');
    await plan.getByTestId('change-throttle').click();
    await plan.getByTestId('throttle-applied').filter({ hasText: 'on the brokers: 200 MiB/s' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => plan.getByTestId('plan-state').textContent(), { timeout: 120_000, interval: 1_000 }).toBe('done');
    const progress = (await plan.getByTestId('plan-progress').textContent()) ?? '';
    const [, done, total] = /(\d+) of (\d+) moves done/.exec(progress) ?? [];
    expect(Number(done)).toBe(Number(total));
    await screenshot(page, 'rebalance-done');
    // throttles are removed right after the end: wait for it rather than for the page
    await expect.poll(() => throttlesLeft(skewed), { timeout: 30_000 }).toEqual([]);
    expect((await partitionsOf(skewed[0]!)).some((p) => p.replicas.join() !== '1')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('changes a topic’s replication factor by a number through the same plan view, refusing a number above the brokers', async () => {
    const { page, errors } = browser.current;
    await page.goto(`/topics/${clusterId}/${rfTopic}/settings`);
    const input = page.getByTestId('replication-factor');
    await input.waitFor();
    const form = page.getByRole('form', { name: 'Replication factor' });

    await input.fill('4');
    await form.getByRole('button', { name: 'Plan' }).click();
    expect(await form.getByRole('alert').textContent()).toMatch(/replication factor 4 is more than the 3 broker/);

    await input.fill('2');
    await form.getByRole('button', { name: 'Plan' }).click();
    const plan = page.getByTestId('rebalance-plan');
    await plan.waitFor();
    expect(await plan.locator('details tbody tr').count()).toBe(3);
    await plan.getByRole('button', { name: 'OK, run it' }).click();
    await expect.poll(() => plan.getByTestId('plan-state').textContent(), { timeout: 120_000, interval: 1_000 }).toBe('done');
    await expect
      .poll(async () => (await admin!.fetchTopicMetadata({ topics: [rfTopic] })).topics[0]!.partitions.map((p) => `${p.replicas.length}/${p.isr.length}`), { timeout: 30_000 })
      .toEqual(['2/2', '2/2', '2/2']);
    await expect.poll(() => throttlesLeft([rfTopic]), { timeout: 30_000 }).toEqual([]);

    // the preferred leaders of the topic: nothing to elect after a plan that kept each leader first
    await page.getByTestId('elect-leaders-button').click();
    await page.getByTestId('elect-leaders-result').filter({ hasText: /0 elected · 3 already led by their preferred replica · 0 failed/ }).waitFor();
    await screenshot(page, 'replication-factor-done');
    expect(errors).toEqual([]);
  });
  it('takes a broker’s disk capacity entered by a cluster manager, shown with where it comes from', async () => {
    const { page, errors } = browser.current;
    await page.goto(`/brokers?cluster=${clusterId}`);
    const section = page.getByTestId('broker-hosts');
    await section.locator('summary').click();
    const row = section.getByTestId('broker-host-2');
    await row.filter({ hasText: 'log dir volume' }).waitFor();
    await row.getByRole('button', { name: 'Edit' }).click();
    await section.getByTestId('host-capacity').fill('500');
    await section.getByRole('button', { name: 'Save' }).click();
    await row.filter({ hasText: /500(\.0)? GiB\s*entered/ }).waitFor();
    await screenshot(page, 'broker-hosts');
    await row.getByRole('button', { name: 'Edit' }).click();
    await section.getByTestId('host-capacity').fill('');
    await section.getByRole('button', { name: 'Save' }).click();
    await row.filter({ hasText: 'log dir volume' }).waitFor();
    expect(errors).toEqual([]);
  });
});
