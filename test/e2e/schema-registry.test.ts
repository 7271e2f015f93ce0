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
/** Registered through the console's form by the second test. */
const formRegistryId = `e2e-sr-form-${run}`;
const formSubject = `e2e-sr-form-${run}-value`;
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
    for (const name of [subject, formSubject]) {
      await registryCall(registryUrl, 'DELETE', `/subjects/${name}`).catch(() => {});
      await registryCall(registryUrl, 'DELETE', `/subjects/${name}?permanent=true`).catch(() => {});
    }
  }
  if (browser.stack) {
    for (const id of [registryId, formRegistryId]) await (await browser.api())('DELETE', `/api/v1/schema-registries/${id}`).catch(() => {});
  }
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
  it('registers a registry and a schema from forms, looks the schema up by id, deletes a version and the subject after typing its name, and shows the registry up on the dashboard', async () => {
    const { page, errors } = browser.current;
    await page.goto('/schemas');
    await page.getByRole('heading', { level: 1, name: 'Schema registry' }).waitFor();
    await page.getByTestId('open-register-registry').click();
    const form = page.getByTestId('register-registry-dialog');
    await form.getByTestId('registry-name').fill(`Form registry ${run}`);
    await form.getByTestId('registry-id').fill(formRegistryId);
    await form.getByTestId('registry-url').fill(registryUrl!);
    await form.getByTestId('registry-kafka').selectOption('local');
    await form.getByTestId('register-registry-submit').click();
    await expect.poll(() => page.getByTestId('registry-flash').textContent()).toContain(`Registered Form registry ${run}`);
    const listed = await (await browser.api())('GET', `/api/v1/schema-registries/${formRegistryId}`);
    expect(await listed.json()).toMatchObject({ url: registryUrl, kafkaClusterId: 'local' });

    // a new subject from the form: checked first, then registered (v1), then v2 the same way
    for (const schema of [v1, v2]) {
      await page.getByTestId('open-register-schema').click();
      const dialog = page.getByTestId('register-schema-dialog');
      await dialog.getByTestId('new-subject-name').fill(formSubject);
      await dialog.getByTestId('new-subject-schema').fill(JSON.stringify(schema, null, 2));
      await dialog.getByTestId('new-subject-check').click();
      await expect.poll(() => dialog.getByTestId('new-subject-verdict').textContent()).toContain('Compatible');
      await dialog.getByTestId('new-subject-register').click();
      await dialog.waitFor({ state: 'detached' });
    }
    await expect.poll(() => page.getByTestId('registry-flash').textContent()).toContain(`Registered ${formSubject} version 2`);
    const latest = await registryCall<{ id: number; version: number }>(registryUrl!, 'GET', `/subjects/${formSubject}/versions/latest`);
    expect(latest.body.version).toBe(2);

    // the schema by its id names the subject version that uses it
    await page.getByTestId('schema-id-input').fill(String(latest.body.id));
    await page.getByTestId('schema-id-lookup').click();
    await expect.poll(() => page.getByTestId('schema-by-id').textContent()).toContain(`${formSubject} v2`);
    expect(await page.getByTestId('schema-by-id').textContent()).toContain('"amount"');
    await screenshot(page, 'schema-registry-lookup-by-id');

    await page.getByTestId('schema-user').first().click();
    await page.getByRole('heading', { level: 1, name: formSubject }).waitFor();
    await expect.poll(() => page.getByTestId('subject-versions').textContent()).toBe('1, 2');
    // version 1 only: the confirm button stays disabled until the subject name is typed
    await page.getByTestId('open-delete-subject').click();
    const confirm = page.getByTestId('delete-subject-dialog');
    await confirm.getByTestId('delete-target').selectOption('1');
    expect(await confirm.getByTestId('confirm').isDisabled()).toBe(true);
    await confirm.getByTestId('typed-confirm-input').fill(formSubject);
    await confirm.getByTestId('confirm').click();
    await expect.poll(() => page.getByTestId('subject-versions').textContent()).toBe('2');
    expect((await registryCall<number[]>(registryUrl!, 'GET', `/subjects/${formSubject}/versions`)).body).toEqual([2]);

    // the whole subject, permanently
    await page.getByTestId('open-delete-subject').click();
    await confirm.getByTestId('delete-permanent').check();
    await confirm.getByTestId('typed-confirm-input').fill(formSubject);
    await confirm.getByTestId('confirm').click();
    await page.getByRole('heading', { level: 1, name: 'Schema registry' }).waitFor();
    expect((await registryCall(registryUrl!, 'GET', `/subjects/${formSubject}/versions?deleted=true`)).status).toBe(404);

    await page.goto('/');
    const healthRow = page.locator(`[data-testid="dashboard-registry"][data-registry="${formRegistryId}"]`);
    await healthRow.waitFor({ timeout: 15_000 });
    expect(await healthRow.locator('[data-status]').getAttribute('data-status')).toBe('up');
    await screenshot(page, 'dashboard-schema-registries');
    expect(errors).toEqual([]);
  }, 120_000);
});
