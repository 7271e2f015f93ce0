// The Security page against the real server and the local stack's broker (KRaft StandardAuthorizer): add ACLs
// from the consumer template, see them listed, delete one with confirmation; kafkajs checks what the broker holds.
import { randomBytes } from 'node:crypto';
import kafkajs, { type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, screenshot } from '../support/browser';
import { useConsole } from './console';

const { Kafka, logLevel, AclResourceTypes, AclOperationTypes, AclPermissionTypes, ResourcePatternTypes } = kafkajs;
const run = randomBytes(3).toString('hex');
const principal = `User:e2e-${run}`;
const topic = `e2e-acl-orders-${run}`;
const group = `e2e-acl-billing-${run}`;
const byPrincipal = { resourceType: AclResourceTypes.ANY, principal, resourcePatternType: ResourcePatternTypes.ANY, operation: AclOperationTypes.ANY, permissionType: AclPermissionTypes.ANY };

const browser = useConsole({ needsStack: 'ACLs live on its Kafka broker' });
let admin: Admin | undefined;

beforeAll(async () => {
  const stack = browser.stack;
  if (!stack) return;
  admin = new Kafka({ clientId: 'connectory-e2e-acls', brokers: stack.kafka.bootstrap.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, replicationFactor: 1 }] });
});

afterAll(async () => {
  await admin?.deleteAcls({ filters: [byPrincipal] }).catch(() => {});
  await admin?.deleteTopics({ topics: [topic] }).catch(() => {});
  await admin?.disconnect();
});

const brokerAcls = async () => (await admin!.describeAcls(byPrincipal)).resources.flatMap((r) => r.acls.map((acl) => `${r.resourceName}:${acl.operation}`)).sort();

describe('console: Security (ACLs)', () => {
  it('adds ACLs from a template, lists them, and deletes one after confirmation', async () => {
    const { page, errors } = browser.current;
    await page.goto('/security?cluster=local');
    await page.getByRole('heading', { level: 1, name: 'Security' }).waitFor();

    await page.getByTestId('acl-create').click();
    const dialog = page.getByTestId('create-acl-dialog');
    await dialog.waitFor();
    await page.getByTestId('acl-kind').selectOption('consumer');
    await page.getByTestId('acl-principal').fill(principal);
    await page.getByTestId('acl-field-topic').fill(topic);
    await page.getByTestId('acl-field-group').fill(group);
    await page.getByTestId('acl-preview-button').click();
    await expect.poll(() => page.getByTestId('acl-preview').locator('li').count()).toBe(3);
    await screenshot(page, 'security-acl-template');
    await page.getByTestId('create-acl-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('flash').filter({ hasText: 'Created 3 ACLs' }).waitFor();

    await page.getByTestId('acl-filter-principal').fill(principal);
    const rows = page.getByTestId('acl-row');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(3);
    expect(await rows.filter({ hasText: group }).count()).toBe(1);
    // READ = 3, DESCRIBE = 8 in kafkajs's AclOperationTypes
    expect(await brokerAcls()).toEqual([`${group}:3`, `${topic}:3`, `${topic}:8`].sort());
    await screenshot(page, 'security-acls');

    const describeRow = rows.filter({ hasText: 'DESCRIBE' });
    expect(await describeRow.count()).toBe(1);
    await describeRow.getByTestId('acl-delete').click();
    const confirm = page.getByTestId('acl-delete-dialog');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain(`${principal} DESCRIBE on topic ${topic}`);
    await confirm.getByTestId('confirm').click();
    await confirm.waitFor({ state: 'hidden' });
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
    expect(await brokerAcls()).toEqual([`${group}:3`, `${topic}:3`].sort());

    // In context: the topic's ACLs tab lists what applies to it (other runs' wildcard bindings may show too).
    await page.goto(`/topics/local/${topic}/acls`);
    const inContext = page.getByTestId('resource-acls').getByTestId('acl-row').filter({ hasText: principal });
    await expect.poll(() => inContext.count(), { timeout: 10_000 }).toBe(1);
    expect(await inContext.textContent()).toContain('READ');
    expect(await page.getByTestId('resource-acls').getByTestId('acl-delete').count()).toBe(0);
    expect(errors).toEqual([]);
  }, 90_000);

  it('shows a viewer the ACLs but no way to change them', async () => {
    const { page, context, errors } = browser.current;
    const call = await browser.api();
    const viewer = { username: `e2e-acl-viewer-${run}`, password: `viewer-password-${run}-long` };
    const made = await call('POST', '/api/v1/users', { ...viewer, role: 'viewer', clusters: null });
    expect(made.status).toBe(201);
    const granted = await call('POST', '/api/v1/clusters/local/acls', { principal, operation: 'WRITE', permissionType: 'ALLOW', resourceType: 'TOPIC', resourceName: topic, patternType: 'LITERAL' });
    expect(granted.status).toBe(201);

    await context.clearCookies();
    await page.goto('/login');
    await login(page, browser.server, viewer);
    await page.goto(`/security?cluster=local&principal=${encodeURIComponent(principal)}`);
    const rows = page.getByTestId('acl-row').filter({ hasText: 'WRITE' });
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
    expect(await page.getByTestId('acl-delete').count()).toBe(0);
    expect(await page.getByTestId('acl-create').count()).toBe(0);
    expect(errors).toEqual([]);
  }, 60_000);
});
