// The Schema registry pages against a real Apicurio Registry and the stack's broker: a subject found by search in
// the list, two versions compared side by side, and an Avro message in the wire format shown decoded in the topic's
// message browser with its subject and version.
import { randomBytes } from 'node:crypto';
import avro from 'avsc';
import kafkajs, { type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../support/browser';
import { registryCall, testSchemaRegistry } from '../support/schema-registry';
import { useConsole } from './console';

const { Kafka, logLevel } = kafkajs;
const run = randomBytes(3).toString('hex');
const topic = `e2e-sr-orders-${run}`;
const subject = `${topic}-value`;
const registryId = `e2e-sr-${run}`;
const v1 = { type: 'record', name: 'Order', namespace: 'e2e', fields: [{ name: 'id', type: 'string' }] };
const v2 = { ...v1, fields: [...v1.fields, { name: 'amount', type: 'int', default: 0 }] };

const browser = useConsole({ needsStack: 'the registry decodes messages on its Kafka broker' });
let admin: Admin | undefined;
let registryUrl: string | undefined;

beforeAll(async () => {
  const stack = browser.stack;
  if (!stack) return;
  registryUrl = await testSchemaRegistry(stack);
  const api = await browser.api();
  const created = await api('POST', '/api/v1/schema-registries', { id: registryId, name: 'E2E registry', url: registryUrl, kafkaClusterId: 'local' });
  expect(created.status).toBe(201);
  admin = new Kafka({ clientId: 'connectory-e2e-sr', brokers: stack.kafka.bootstrap.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, replicationFactor: 1 }] });
}, 180_000);

afterAll(async () => {
  if (registryUrl) {
    await registryCall(registryUrl, 'DELETE', `/subjects/${subject}`).catch(() => {});
    await registryCall(registryUrl, 'DELETE', `/subjects/${subject}?permanent=true`).catch(() => {});
  }
  if (browser.stack) await (await browser.api())('DELETE', `/api/v1/schema-registries/${registryId}`).catch(() => {});
  await admin?.deleteTopics({ topics: [topic] }).catch(() => {});
  await admin?.disconnect();
});

describe('console: Schema registry', () => {
  it('finds a subject, compares two versions side by side, and shows a decoded message with its subject', async () => {
    const { page, errors } = browser.current;
    await registryCall(registryUrl!, 'POST', `/subjects/${subject}/versions`, { schema: JSON.stringify(v1) });
    const second = await registryCall<{ id: number }>(registryUrl!, 'POST', `/subjects/${subject}/versions`, { schema: JSON.stringify(v2) });
    const value = Buffer.concat([Buffer.from([0, 0, 0, 0, 0]), avro.Type.forSchema(v2 as avro.Schema).toBuffer({ id: 'o-42', amount: 1999 })]);
    value.writeUInt32BE(second.body.id, 1);
    const producer = new Kafka({ clientId: 'connectory-e2e-sr-p', brokers: browser.stack!.kafka.bootstrap.split(','), logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'o-42', value }] });
    await producer.disconnect();

    await page.goto(`/schemas?registry=${registryId}`);
    await page.getByRole('heading', { level: 1, name: 'Schema registry' }).waitFor();
    await page.getByTestId('subject-search').fill(run);
    const row = page.getByTestId('subject-row').filter({ hasText: subject });
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain('AVRO');
    await screenshot(page, 'schema-registry-subjects');

    await row.getByRole('link', { name: subject }).click();
    await page.getByRole('heading', { level: 1, name: subject }).waitFor();
    await expect.poll(() => page.getByTestId('subject-versions').textContent()).toBe('1, 2');
    const added = page.getByTestId('schema-diff').locator('tr[data-kind="added"]');
    await expect.poll(() => added.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect((await added.allTextContents()).join('\n')).toContain('"amount"');
    await screenshot(page, 'schema-registry-diff');

    await page.goto(`/topics/local/${topic}/messages`);
    await page.getByTestId('browse-read').waitFor({ timeout: 15_000 });
    await page.getByTestId('browse-format-json').check({ force: true });
    await page.getByTestId('browse-read').click();
    const badge = page.getByTestId('message-value-schema').first();
    await badge.waitFor({ timeout: 15_000 });
    expect(await badge.textContent()).toBe(`avro · ${subject} v2`);
    await expect(page.getByTestId('message-value').first().textContent()).resolves.toMatch(/"amount": 1999/);
    await screenshot(page, 'schema-registry-decoded-message');
    expect(errors).toEqual([]);
  }, 120_000);
});
