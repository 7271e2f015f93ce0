// The Migrations page against the real server, the legacy cluster and real MirrorMaker 2: the wizard refuses a
// pattern that matches nothing beside the field, then starts a migration; the progress turns ready with every
// checklist step checked by the console, and Finish removes the connectors.
import { randomBytes } from 'node:crypto';
import kafkajs from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { screenshot } from '../support/browser';
import { ensureLegacyKafka } from '../support/legacy';
import { readStack } from '../stack/state';
import { useConsole } from './console';

const { Kafka, logLevel } = kafkajs;
const suffix = randomBytes(3).toString('hex');
const TOPIC = `mig-e2e-${suffix}`;
const GROUP = `mig-e2e-group-${suffix}`;

const legacy = readStack() ? await ensureLegacyKafka() : undefined;
const browser = useConsole({ needsStack: 'a migration copies between the legacy cluster and the stack’s Kafka' });
let migrationId: string | undefined;

afterAll(async () => {
  if (!browser.stack) return;
  const call = await browser.api();
  if (migrationId) await call('POST', `/api/v1/migrations/${migrationId}/abort`, {});
  await call('DELETE', `/api/v1/clusters/local/topics/${TOPIC}`);
}, 60_000);

describe('console: migrations', () => {
  it('runs the wizard, shows the progress turn ready step by step, and finishes', async () => {
    const { page, errors } = browser.current;
    const setup = await browser.api();
    // registered as a user would (the demo's server registers it from the stack file; test servers only `local`)
    const registered = await setup('POST', '/api/v1/clusters', { id: 'legacy', name: 'Legacy cluster', bootstrapServers: [legacy!.bootstrap] });
    expect(registered.status, await registered.clone().text()).toBe(201);
    const kafka = new Kafka({ clientId: 'mig-e2e', brokers: [legacy!.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    const producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
    try {
      await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
      await producer.send({ topic: TOPIC, acks: -1, messages: Array.from({ length: 300 }, (_, i) => ({ key: `k${i}`, value: `v${i}`, partition: i % 3 })) });
      // the group's consumers have already stopped on the source: it holds committed offsets and no member
      await admin.setOffsets({ groupId: GROUP, topic: TOPIC, partitions: [0, 1, 2].map((partition) => ({ partition, offset: '90' })) });
    } finally {
      await Promise.all([admin.disconnect(), producer.disconnect()]);
    }

    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Migrations' }).click();
    await page.getByRole('heading', { level: 1, name: 'Migrations' }).waitFor();
    await page.getByTestId('migration-new').click();
    const wizard = page.getByTestId('migration-wizard');
    await wizard.getByTestId('migration-source').selectOption('legacy');
    await wizard.getByTestId('migration-target').selectOption('local');
    await expect(wizard.getByTestId('migration-connect').inputValue()).resolves.toBe('local');

    await wizard.getByTestId('migration-topics').fill('mig-e2e-matches-nothing-.*');
    await wizard.getByTestId('migration-topics-pattern').check();
    await wizard.getByTestId('migration-start').click();
    await wizard.getByTestId('migration-topics-error').getByText('matches no topic').waitFor();

    await wizard.getByTestId('migration-topics-pattern').uncheck();
    await wizard.getByTestId('migration-topics').fill(TOPIC);
    await wizard.getByTestId('migration-groups').fill(GROUP);
    await wizard.getByTestId('migration-start').click();

    const progress = page.getByTestId('migration-progress');
    await progress.waitFor();
    const steps = progress.getByTestId('migration-group').getByTestId('checklist-step');
    // the page refreshes on its own; caught up, then every step green, then ready
    await progress.getByTestId('migration-topic').first().waitFor();
    await progress.locator('[data-testid="migration-group"][data-ready="true"]').waitFor({ timeout: 120_000 });
    await expect(steps.evaluateAll((items) => items.map((item) => item.getAttribute('data-ok')))).resolves.toEqual(['true', 'true', 'true']);
    await page.locator('[data-testid="migration-progress"][data-state="ready"]').waitFor({ timeout: 60_000 });
    const call = await browser.api();
    const listed = (await (await call('GET', '/api/v1/migrations')).json()) as { items: { id: string; selection: { topics: string[] } }[] };
    migrationId = listed.items.find((m) => m.selection.topics[0] === TOPIC)?.id;
    expect(migrationId).toBeTruthy();
    // the page says plainly how many messages consumers started on the target read again
    const detail = (await (await call('GET', `/api/v1/migrations/${migrationId}`)).json()) as { groups: { predictedReRead: number }[] };
    await progress.getByText(`re-read ${detail.groups[0]!.predictedReRead} message(s)`).waitFor();
    await screenshot(page, 'migration-ready');

    await progress.getByTestId('migration-finish').click();
    await page.locator('[data-testid="migration-progress"][data-state="finished"]').waitFor({ timeout: 30_000 });
    const connectors = (await (await call('GET', '/api/v1/connect/local/connectors?size=500')).json()) as { items: { migration: string | null }[] };
    expect(connectors.items.filter((c) => c.migration === migrationId)).toEqual([]);
    migrationId = undefined;
    expect(errors).toEqual([]);
  }, 240_000);
});
