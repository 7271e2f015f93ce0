// Consumer groups against the real server and the local stack's Kafka: a real kafkajs group that consumes slower
// than a producer writes, so it builds lag; its page with the lag chart, and the broker's and topic's traffic charts; then, with the consumer stopped, an
// offsets reset previewed (dry run) before it is applied.
import { randomBytes } from 'node:crypto';
import kafkajs, { type Admin, type Consumer, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../support/browser';
import { useConsole } from './console';

const { Kafka, logLevel } = kafkajs;

// The page refreshes every 10 s; the server samples offsets every second in this test.
const SETTLE_MS = 30_000;
const run = randomBytes(3).toString('hex');
const topic = `e2e-lag-${run}`;
const groupId = `e2e-billing-${run}`;
const PARTITIONS = 3;

const browser = useConsole({ needsStack: 'consumer groups need its Kafka', env: () => ({ METRICS_SAMPLE_INTERVAL_SECONDS: '1' }) });
let admin: Admin | undefined;
let producer: Producer | undefined;
let consumer: Consumer | undefined;
let producing: ReturnType<typeof setInterval> | undefined;
let produced = 0;

beforeAll(async () => {
  const stack = browser.stack;
  if (!stack) return;
  const kafka = new Kafka({ clientId: 'connectory-e2e-groups', brokers: stack.kafka.bootstrap.split(','), logLevel: logLevel.NOTHING });
  admin = kafka.admin();
  producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }] });
  // About 40 messages a second in, about 15 a second out: the group falls steadily behind.
  producing = setInterval(() => {
    const messages = Array.from({ length: 4 }, () => ({ key: `customer-${produced % 13}`, value: JSON.stringify({ order: produced++ }) }));
    producer?.send({ topic, messages }).catch(() => {});
  }, 100);
  consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: () => new Promise((resolve) => setTimeout(resolve, 65)) });
}, 120_000);

afterAll(async () => {
  clearInterval(producing);
  await consumer?.disconnect().catch(() => {});
  await admin?.deleteGroups([groupId]).catch(() => {});
  await admin?.deleteTopics({ topics: [topic] }).catch(() => {});
  await Promise.all([admin?.disconnect(), producer?.disconnect()]);
}, 60_000);

const numberIn = (text: string | null) => Number((text ?? '').replace(/[^\d.]/g, ''));

describe('console: consumer groups', () => {
  it('lists the group with its lag, status and consumption rate', async () => {
    const { page, errors } = browser.current;
    await page.goto(`/consumer-groups?cluster=local&q=${groupId}`);
    const row = page.locator(`[data-testid="group-row"][data-group="${groupId}"]`);
    await row.waitFor({ timeout: SETTLE_MS });
    await expect.poll(async () => numberIn(await row.getByTestId('group-lag').textContent()), { timeout: SETTLE_MS, interval: 1_000 }).toBeGreaterThan(0);
    expect(await row.locator('[data-lag-status]').getAttribute('data-lag-status')).toMatch(/^(OK|WARN|STALL|STOP|ERR|REWIND)$/);
    expect(await row.locator('[data-state]').getAttribute('data-state')).toBe('Stable');
    expect(errors).toEqual([]);
  }, 60_000);

  it('shows members, per-partition lag and a chart of the last hour', async () => {
    const { page, errors } = browser.current;
    await page.goto(`/consumer-groups/local/${groupId}`);
    await page.getByRole('heading', { level: 1, name: groupId }).waitFor();
    await page.getByTestId('group-member').first().waitFor({ timeout: SETTLE_MS });
    expect(await page.getByTestId('group-member').count()).toBe(1);
    expect(await page.getByTestId('partition-lag-row').count()).toBe(PARTITIONS);

    // The chart draws the sampler's series; a few seconds of 1 s samples give it a line to draw.
    const chart = page.getByTestId('lag-chart');
    await expect
      .poll(async () => Number(await chart.getAttribute('data-points')), { timeout: SETTLE_MS, interval: 1_000 })
      .toBeGreaterThanOrEqual(8);
    expect(await chart.locator('path.line.lag').count()).toBeGreaterThan(0);
    expect(await chart.locator('path.line.produce').count()).toBeGreaterThan(0);
    await expect.poll(async () => numberIn(await page.getByTestId('group-lag').locator('.value').textContent())).toBeGreaterThan(0);
    await expect.poll(async () => numberIn(await page.getByTestId('group-cmps').locator('.value').textContent())).toBeGreaterThan(0);

    // Hovering reads the values at that moment.
    const box = await chart.locator('svg').boundingBox();
    if (box) await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2);
    await page.getByTestId('chart-readout').waitFor();

    // Offsets cannot be reset while the consumer is in the group.
    expect(await page.getByTestId('reset-offsets').isDisabled()).toBe(true);
    await screenshot(page, 'consumer-group');
    expect(errors).toEqual([]);
  }, 90_000);

  it('charts the stored history of the last day with the consumption peak marked', async () => {
    const { page, errors } = browser.current;
    await page.goto(`/consumer-groups/local/${groupId}`);
    await page.getByRole('heading', { level: 1, name: groupId }).waitFor();
    const chart = page.getByTestId('lag-chart');
    // The history job rolls complete minutes up once a minute: the first 1 min point comes within about a minute
    // of the server's start. Switching ranges loads the stored history again.
    await expect
      .poll(
        async () => {
          await page.getByTestId('chart-range').getByText('Last hour').click();
          await page.getByTestId('chart-range').getByText('Day').click();
          await page.getByText('Last day', { exact: true }).waitFor();
          await page.waitForLoadState('networkidle');
          return Number(await chart.getAttribute('data-points'));
        },
        { timeout: 150_000, interval: 5_000 },
      )
      .toBeGreaterThanOrEqual(1);
    const peak = chart.getByTestId('chart-peak');
    await peak.waitFor();
    expect(Number(await peak.getAttribute('data-value'))).toBeGreaterThan(0);
    expect(await peak.textContent()).toMatch(/peak .+\/s/);
    await screenshot(page, 'consumer-group-day');

    // The same rollup holds each broker's disk use: its page charts it, highest point marked.
    const brokerId = browser.stack!.kafka.nodes?.[0]?.nodeId ?? 1;
    await page.goto(`/brokers/local/${brokerId}`);
    const disk = page.getByTestId('disk-chart');
    await expect.poll(async () => Number(await disk.getAttribute('data-points')), { timeout: 30_000, interval: 1_000 }).toBeGreaterThanOrEqual(1);
    expect(await disk.getByTestId('disk-peak').textContent()).toMatch(/peak \d/);
    await screenshot(page, 'broker-disk');

    // Bytes in and out come from two traffic readings a minute apart; the page is read again until they are there.
    const pointsAfterReload = async (testid: string) => {
      await page.reload();
      await page.getByTestId(testid).waitFor();
      await page.waitForLoadState('networkidle');
      return Number(await page.getByTestId(testid).getAttribute('data-points'));
    };
    await expect.poll(() => pointsAfterReload('broker-traffic-chart'), { timeout: 120_000, interval: 5_000 }).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('broker-traffic-chart-peak').textContent()).toMatch(/peak .+\/s/);
    await screenshot(page, 'broker-traffic');

    // The topic page charts the topic's traffic from the same readings: messages in with the peak, bytes in, size.
    await page.goto(`/topics/local/${topic}`);
    // A topic created after the server's first reading has no rate for its first minute (unknown, not zero): the
    // peak comes with the first minute measured from two readings.
    const messagesPeak = async () => {
      await pointsAfterReload('topic-messages-chart');
      const peak = page.getByTestId('topic-messages-chart-peak');
      return (await peak.count()) === 0 ? 0 : Number(await peak.getAttribute('data-value'));
    };
    await expect.poll(messagesPeak, { timeout: 150_000, interval: 5_000 }).toBeGreaterThan(0);
    expect(Number(await page.getByTestId('topic-size-chart').getAttribute('data-points'))).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'topic-traffic');
    expect(errors).toEqual([]);
  }, 420_000);

  it('resets the offsets of the stopped group after a dry-run preview', async () => {
    const { page, errors } = browser.current;
    clearInterval(producing);
    await consumer?.disconnect();
    consumer = undefined;

    await page.goto(`/consumer-groups/local/${groupId}`);
    // The page refreshes itself: once the group is empty, the reset is allowed.
    await page.locator('[data-state="Empty"]').first().waitFor({ timeout: SETTLE_MS });
    const reset = page.getByTestId('reset-offsets');
    await expect.poll(() => reset.isEnabled(), { timeout: SETTLE_MS }).toBe(true);
    await reset.click();

    const dialog = page.getByTestId('reset-offsets-dialog');
    await dialog.getByTestId('reset-to-latest').check({ force: true });
    let wrote = false;
    page.on('request', (request) => {
      if (request.url().includes('/reset-offsets') && request.postDataJSON()?.dryRun === false) wrote = true;
    });
    await dialog.getByTestId('reset-preview-button').click();
    await dialog.getByTestId('reset-preview').waitFor({ timeout: SETTLE_MS });
    expect(await dialog.getByTestId('reset-preview-row').count()).toBe(PARTITIONS);
    expect(wrote).toBe(false);

    // The preview did not move anything: the committed offsets are still behind.
    const before = await admin!.fetchOffsets({ groupId, topics: [topic] });
    const ends = await admin!.fetchTopicOffsets(topic);
    const lagBefore = ends.reduce((sum, end) => {
      const committed = before[0]!.partitions.find((partition) => partition.partition === end.partition)!;
      return sum + Number(end.high) - Number(committed.offset);
    }, 0);
    expect(lagBefore).toBeGreaterThan(0);

    await dialog.getByTestId('reset-confirm').click();
    await page.getByTestId('flash').filter({ hasText: 'were reset' }).waitFor({ timeout: SETTLE_MS });
    expect(wrote).toBe(true);
    const after = await admin!.fetchOffsets({ groupId, topics: [topic] });
    for (const end of ends) {
      const committed = after[0]!.partitions.find((partition) => partition.partition === end.partition)!;
      expect(Number(committed.offset)).toBe(Number(end.high));
    }
    expect(errors).toEqual([]);
  }, 90_000);
});
