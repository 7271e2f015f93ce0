// What a connector is doing, on its page: records per second read from Kafka while a FileStream source really
// produces (lines appended to its file), the topic it writes as a link, and a FileStream sink's consumer group
// with its per-task progress.
import { randomBytes } from 'node:crypto';
import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshot } from '../support/browser';
import { waitFor } from '../support/wait';
import { useConnectorScratch } from './connector-scratch';
import { useConsole } from './console';

const CONNECT_ID = 'local';
const STATE_TIMEOUT_MS = 60_000;

const browser = useConsole({ needsStack: 'connector activity needs its Connect cluster and Kafka' });
const scratch = useConnectorScratch(browser, 'activity');

const unique = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;

describe('console: connector activity', () => {
  it('shows records per second above zero while a source produces, its topic as a link, and a sink’s group with per-task progress', async () => {
    const { page, errors } = browser.current;
    const source = unique('e2e-activity-src');
    const sink = unique('e2e-activity-sink');
    const topic = unique('e2e-activity-lines');
    const input = path.join(scratch.dir, `${source}.txt`);
    await writeFile(input, 'first\n');
    const call = await browser.api();
    const answer = await call('POST', `/api/v1/connect/${CONNECT_ID}/connectors`, {
      name: source,
      config: { 'connector.class': 'FileStreamSource', file: input, topic, 'tasks.max': '1' },
    });
    expect(answer.status).toBe(201);
    scratch.connectors.push(source);
    scratch.topics.push(topic);

    // The rows keep coming while the page is watched: a line every 50 ms.
    let written = 0;
    const writer = setInterval(() => void appendFile(input, `line ${++written}\n`), 50);
    try {
      await page.goto(`/connectors/${CONNECT_ID}/${source}`);
      const rate = page.getByTestId('records-per-sec');
      const perSec = await waitFor(
        async () => {
          const value = Number((await rate.getAttribute('data-value', { timeout: 1_000 })) || 0);
          return value > 0 ? value : undefined;
        },
        { what: 'records per second above zero on the source page', timeoutMs: STATE_TIMEOUT_MS, intervalMs: 500 },
      );
      expect(perSec).toBeGreaterThan(0);
      await expect(rate.textContent()).resolves.not.toMatch(/measuring/);
      await expect(page.getByTestId('last-record').textContent()).resolves.not.toMatch(/none yet/);
      const link = page.locator('[data-testid="activity-topic"]', { hasText: topic });
      await link.waitFor({ timeout: STATE_TIMEOUT_MS });
      expect(await link.getAttribute('href')).toBe(`/topics/local/${topic}/messages`);
      await screenshot(page, 'connector-activity-source');
    } finally {
      clearInterval(writer);
    }

    const output = path.join(scratch.dir, `${sink}.txt`);
    const sinkAnswer = await call('POST', `/api/v1/connect/${CONNECT_ID}/connectors`, {
      name: sink,
      config: { 'connector.class': 'FileStreamSink', file: output, topics: topic, 'tasks.max': '1' },
    });
    expect(sinkAnswer.status).toBe(201);
    scratch.connectors.push(sink);
    await page.goto(`/connectors/${CONNECT_ID}/${sink}`);
    await expect(page.getByTestId('lag').textContent({ timeout: STATE_TIMEOUT_MS })).resolves.toContain(`connect-${sink}`);
    // The sink's one task owns the topic's partition once its consumer joined the group.
    const row = page.locator('[data-testid="task-progress-row"][data-task="0"]');
    await waitFor(async () => ((await row.textContent({ timeout: 1_000 })) ?? '').includes(`${topic}[0]`), {
      what: 'task 0 listed with the topic partition it consumes',
      timeoutMs: STATE_TIMEOUT_MS,
      intervalMs: 500,
    });
    await waitFor(async () => Number((await page.getByTestId('position').textContent({ timeout: 1_000 }))?.replace(/\D/g, '') || 0) > 0, {
      what: 'the sink to have consumed records',
      timeoutMs: STATE_TIMEOUT_MS,
      intervalMs: 500,
    });
    expect(errors).toEqual([]);
  });
});
