// The Pipelines page against the real server and the stack: a FileStream source writing a topic that a FileStream
// sink reads shows as one flow, source → topic → sink, both green (RUNNING), and each part opens its own page.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { screenshot } from '../support/browser';
import { useConsole } from './console';

// Above the page's 10 s refresh, so a connector that starts late is still seen.
const SETTLE_MS = 60_000;
const suffix = randomBytes(3).toString('hex');
const SOURCE = `cty-e2e-pipe-src-${suffix}`;
const SINK = `cty-e2e-pipe-sink-${suffix}`;
const TOPIC = `cty-e2e-pipe-${suffix}`;

const browser = useConsole({ needsStack: 'the flow is made of connectors on its Connect workers' });
const work = mkdtempSync(join(tmpdir(), 'pipelines-e2e-'));

afterAll(async () => {
  if (browser.stack) {
    const call = await browser.api();
    for (const name of [SOURCE, SINK]) await call('DELETE', `/api/v1/connect/local/connectors/${name}`);
    await call('DELETE', `/api/v1/clusters/local/topics/${TOPIC}`);
  }
  rmSync(work, { recursive: true, force: true });
}, 60_000);

describe('console: pipelines', () => {
  it('draws source → topic → sink with their states, and links each part to its page', async () => {
    const { page, errors } = browser.current;
    const call = await browser.api();
    const input = join(work, 'in.txt');
    writeFileSync(input, 'one\ntwo\n');
    for (const [name, config] of [
      [SOURCE, { 'connector.class': 'org.apache.kafka.connect.file.FileStreamSourceConnector', 'tasks.max': '1', file: input, topic: TOPIC }],
      [SINK, { 'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector', 'tasks.max': '1', file: join(work, 'out.txt'), topics: TOPIC }],
    ] as const) {
      // other tests restart the shared workers: a PUT refused by a worker down or a rebalance (502, 409) is sent again
      let put = await call('PUT', `/api/v1/connect/local/connectors/${name}`, { config });
      for (let tries = 0; (put.status === 502 || put.status === 409) && tries < 30; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        put = await call('PUT', `/api/v1/connect/local/connectors/${name}`, { config });
      }
      expect([200, 201], await put.clone().text()).toContain(put.status);
    }

    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pipelines' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pipelines' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/pipelines');

    const flow = page.locator('[data-testid="pipeline-flow"]', { has: page.locator(`[data-testid="pipeline-source"][data-name="${SOURCE}"]`) });
    // the page refreshes on its own: both connectors turn RUNNING without a reload
    await flow.locator(`[data-testid="pipeline-source"][data-name="${SOURCE}"][data-state="RUNNING"]`).waitFor({ timeout: SETTLE_MS });
    await flow.locator(`[data-testid="pipeline-sink"][data-name="${SINK}"][data-state="RUNNING"]`).waitFor({ timeout: SETTLE_MS });
    await expect(flow.locator(`[data-testid="pipeline-topic"][data-name="${TOPIC}"]`).count()).resolves.toBe(1);
    await expect(flow.locator(`[data-testid="pipeline-sink"][data-name="${SINK}"] [data-status]`).first().getAttribute('data-status')).resolves.toBe('up');

    // the sink's group commits every 5 s on the stack; its lag comes from the offset sampler and reaches 0
    await flow.locator(`[data-testid="pipeline-sink"][data-name="${SINK}"] [data-testid="pipeline-sink-lag"]`, { hasText: /^0$/ }).waitFor({ timeout: SETTLE_MS });
    await screenshot(page, 'pipelines');

    await flow.locator(`[data-testid="pipeline-topic"][data-name="${TOPIC}"]`).click();
    await page.waitForURL((url) => url.pathname === `/topics/local/${TOPIC}`);
    await page.goBack();
    await flow.locator(`[data-testid="pipeline-sink"][data-name="${SINK}"]`).click();
    await page.waitForURL((url) => url.pathname === `/connectors/local/${SINK}`);
    await page.getByRole('heading', { level: 1, name: SINK }).waitFor();
    expect(errors).toEqual([]);
  }, 180_000);
});
