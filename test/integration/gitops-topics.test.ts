// Issue #14's remaining parts against the real stack: topics and plugins in the desired-state files, and a
// restart planned for a connector meant to run whose task FAILED. Every run uses its own name prefix; topics it
// creates are deleted afterwards. No plugin is installed here (an install restarts the shared workers): the plan
// of a missing catalog version, the refusal of apply while it is missing, and an unknown version are checked.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { and, eq } from 'drizzle-orm';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../server/cli/connectory';
import { auditLog } from '../../server/db/tables';
import { tokenFor } from '../support/auth';
import { call, connectRest, connectTestApp, deleteConnectors, uniqueName, waitFor, type ConnectTestContext } from '../support/connect';
import { readStack } from '../stack/index';

const stack = readStack();
const SINK = 'org.apache.kafka.connect.file.FileStreamSinkConnector';

describe.runIf(stack)('plan and apply topics, plugins and restarts from files', () => {
  let ctx: ConnectTestContext;
  let server: ServerType;
  let url: string;
  let token: string;
  let work: string;
  const prefix = `${uniqueName('gto')}-`;
  const orders = `${prefix}orders`;
  const events = `${prefix}events`;
  const underscore = `_${prefix}hidden`;
  const failing = `${prefix}failing-sink`;
  const admin = new Kafka({ clientId: 'cty-gitops-topics-test', brokers: [stack?.kafka.bootstrap ?? 'unused:0'], logLevel: logLevel.NOTHING }).admin();

  const api = (method: string, apiPath: string, body?: unknown) => call(ctx.testApp, method, apiPath, ctx.operator, body);
  const cli = async (...args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      env: { CONNECTORY_URL: url, CONNECTORY_TOKEN: token, NO_COLOR: '1' },
      cwd: work,
    });
    return { code, stdout, stderr };
  };
  const planJson = async (...args: string[]) => {
    const run = await cli('plan', ...args, '--prefix', prefix, '--output', 'json');
    return { ...run, body: run.stdout ? JSON.parse(run.stdout) : undefined };
  };
  const topicDoc = (name: string, body: string) => `apiVersion: connectory/v1\nkind: Topic\nkafka: local\nname: ${name}\n${body}`;
  const writeFiles = async (folder: string, files: Record<string, string>) => {
    await rm(path.join(work, folder), { recursive: true, force: true });
    await mkdir(path.join(work, folder), { recursive: true });
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(work, folder, name), text);
  };
  const liveTopic = async (name: string) => {
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [name] })).topics;
    const described = await admin.describeConfigs({ resources: [{ type: 2, name }], includeSynonyms: false });
    const own = Object.fromEntries(described.resources[0]!.configEntries.filter((entry) => !entry.isDefault && entry.configSource === 1).map((entry) => [entry.configName, entry.configValue]));
    return { partitions: metadata!.partitions.length, config: own };
  };
  const topicNames = async () => new Set(await admin.listTopics());

  beforeAll(async () => {
    ctx = await connectTestApp(stack!, { captureLogs: true });
    token = (await tokenFor(ctx.testApp, 'operator')).token;
    server = await new Promise<ServerType>((resolve) => {
      const started = serve({ fetch: ctx.testApp.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(started));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    work = await mkdtemp(path.join(tmpdir(), 'cty-gitops-topics-it-'));
    await admin.connect();
  });

  afterAll(async () => {
    if (stack) await deleteConnectors(stack, [failing]);
    const mine = [...(await topicNames().catch(() => new Set<string>()))].filter((name) => name.startsWith(prefix) || name === underscore);
    if (mine.length > 0) await admin.deleteTopics({ topics: mine }).catch(() => undefined);
    await admin.disconnect();
    await new Promise((resolve) => server?.close(resolve));
    await ctx?.testApp.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('creates topics from files, shows a config and partition change field by field, and exports the same files again', async () => {
    await writeFiles('topics', {
      'orders.yaml': topicDoc(orders, 'partitions: 2\nreplicationFactor: 1\nconfig:\n  cleanup.policy: compact\n  retention.ms: 3600000\n'),
      'events.yaml': topicDoc(events, 'partitions: 1\n'),
    });
    const plan = await planJson('-f', 'topics');
    expect(plan.code, plan.stderr).toBe(2);
    const topicsPlan = plan.body.plans[0];
    expect(topicsPlan.kafka).toBe('local');
    expect(topicsPlan.topics.map((topic: { action: string; name: string }) => [topic.action, topic.name])).toEqual([
      ['create', events],
      ['create', orders],
    ]);
    expect(topicsPlan.topics[1].fields).toContainEqual({ key: 'config.cleanup.policy', change: 'added', after: 'compact' });

    const applied = await cli('apply', '-f', 'topics', '--prefix', prefix, '--auto-approve');
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Applied 2 changes on Kafka cluster "local"');
    expect(await liveTopic(orders)).toEqual({ partitions: 2, config: { 'cleanup.policy': 'compact', 'retention.ms': '3600000' } });
    const audits = await ctx.testApp.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'topic.create'), eq(auditLog.objectId, orders)));
    expect(audits).toHaveLength(1);
    expect((await planJson('-f', 'topics')).code).toBe(0);

    // Export writes the same topics back (non-default configs only).
    const exported = await cli('export', '--connect', 'local', '--kafka', 'local', '--prefix', prefix, '-d', 'exported');
    expect(exported.code, exported.stderr).toBe(0);
    const folder = path.join(work, 'exported', 'topics', 'local');
    expect((await readdir(folder)).sort()).toEqual([`${events}.yaml`, `${orders}.yaml`]);
    const ordersFile = await readFile(path.join(folder, `${orders}.yaml`), 'utf8');
    expect(ordersFile).toContain('partitions: 2');
    expect(ordersFile).toContain('cleanup.policy: compact');
    expect(ordersFile).not.toContain('segment.bytes');
    const fromExport = await planJson('-f', path.join('exported', 'topics'));
    expect(fromExport.code, fromExport.stderr).toBe(0);

    // A change in the files: one config changed, one removed, one partition more.
    await writeFiles('topics', {
      'orders.yaml': topicDoc(orders, 'partitions: 3\nconfig:\n  cleanup.policy: delete\n'),
      'events.yaml': topicDoc(events, 'partitions: 1\n'),
    });
    const changed = await planJson('-f', 'topics');
    expect(changed.code, changed.stderr).toBe(2);
    const update = changed.body.plans[0].topics.find((topic: { name: string }) => topic.name === orders);
    expect(update).toEqual({
      action: 'update',
      name: orders,
      fields: [
        { key: 'partitions', change: 'changed', before: '2', after: '3' },
        { key: 'config.cleanup.policy', change: 'changed', before: 'compact', after: 'delete' },
        { key: 'config.retention.ms', change: 'removed', before: '3600000' },
      ],
    });
    const human = await cli('plan', '-f', 'topics', '--prefix', prefix);
    expect(human.stdout).toContain(`~ update topic ${orders}`);
    expect(human.stdout).toContain('~ config.cleanup.policy: compact → delete');
    const again = await cli('apply', '-f', 'topics', '--prefix', prefix, '--auto-approve');
    expect(again.code, again.stderr).toBe(0);
    expect(await liveTopic(orders)).toEqual({ partitions: 3, config: { 'cleanup.policy': 'delete' } });
  });

  it('refuses a partition decrease and a replication-factor change with errors naming the field, changing nothing', async () => {
    await writeFiles('shrink', { 'orders.yaml': topicDoc(orders, 'partitions: 1\nreplicationFactor: 3\nconfig:\n  cleanup.policy: delete\n') });
    const plan = await planJson('-f', 'shrink');
    expect(plan.code).toBe(1);
    const change = plan.body.plans[0].topics[0];
    expect(change.errors.map((error: { name: string }) => error.name)).toEqual(['partitions', 'replicationFactor']);
    expect(change.errors[0].errors[0]).toContain('can add partitions but never remove them');
    expect(change.errors[1].errors[0]).toContain('not supported by apply yet');
    const applied = await cli('apply', '-f', 'shrink', '--prefix', prefix, '--auto-approve');
    expect(applied.code).toBe(1);
    expect(applied.stdout).toContain('! partitions:');
    const direct = await api('POST', '/api/v1/apply', { kafka: 'local', prefix, fingerprint: plan.body.plans[0].fingerprint, topics: [{ name: orders, partitions: 1 }] });
    expect(direct.status, JSON.stringify(direct.body)).toBe(400);
    expect(direct.body.error.code).toBe('invalid_topic');
    expect((await liveTopic(orders)).partitions).toBe(3);
  });

  it('prunes only topics missing from the files within the prefix, never internal or "_"-named ones', async () => {
    await admin.createTopics({ topics: [{ topic: underscore, numPartitions: 1 }] });
    await writeFiles('pruned', { 'orders.yaml': topicDoc(orders, 'partitions: 3\nconfig:\n  cleanup.policy: delete\n') });
    const plan = await planJson('-f', 'pruned', '--prune');
    expect(plan.code, plan.stderr).toBe(2);
    const deletes = plan.body.plans[0].topics.filter((topic: { action: string }) => topic.action === 'delete').map((topic: { name: string }) => topic.name);
    expect(deletes).toEqual([events]);

    // A prefix matching only "_"-named topics, and Kafka's own topics by name: nothing to delete or manage.
    const hidden = await api('POST', '/api/v1/plan', { kafka: 'local', prefix: '_', prune: true, topics: [] });
    expect(hidden.status, JSON.stringify(hidden.body)).toBe(200);
    expect(hidden.body.topics.filter((topic: { action: string }) => topic.action === 'delete')).toEqual([]);
    const internal = await api('POST', '/api/v1/plan', { kafka: 'local', topics: [{ name: '__consumer_offsets' }, { name: 'connect-configs' }] });
    expect(internal.status).toBe(200);
    for (const topic of internal.body.topics) expect(topic.errors[0].errors[0]).toContain('is internal');

    const applied = await cli('apply', '-f', 'pruned', '--prefix', prefix, '--prune', '--auto-approve');
    expect(applied.code, applied.stderr).toBe(0);
    await waitFor('the pruned topic to be gone', async () => ((await topicNames()).has(events) ? undefined : true));
    const names = await topicNames();
    expect(names.has(orders)).toBe(true);
    expect(names.has(underscore)).toBe(true);
  });

  it('refuses an apply whose topics moved since the plan (409 naming the topic)', async () => {
    await writeFiles('stale', { 'orders.yaml': topicDoc(orders, 'partitions: 3\nconfig:\n  cleanup.policy: delete\n  retention.ms: 60000\n') });
    const plan = await planJson('-f', 'stale');
    expect(plan.code, plan.stderr).toBe(2);
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: 2, name: orders, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }] });
    const { fingerprint, observed } = plan.body.plans[0];
    const refused = await api('POST', '/api/v1/apply', { kafka: 'local', prefix, fingerprint, observed, topics: [{ name: orders, partitions: 3, config: { 'cleanup.policy': 'delete', 'retention.ms': '60000' } }] });
    expect(refused.status, JSON.stringify(refused.body)).toBe(409);
    expect(refused.body.error.code).toBe('plan_stale');
    expect(refused.body.error.message).toContain(`topic:${orders} (changed)`);
    expect((await liveTopic(orders)).config['retention.ms']).toBeUndefined();
  });

  it('plans a missing catalog plugin as an install, refuses to apply before it is installed, and rejects an unknown version at plan time', async () => {
    const pluginDoc = (version: string) => `apiVersion: connectory/v1\nkind: Plugin\nconnect: local\ncatalog: camel-timer-source\nversion: ${version}\n`;
    await writeFiles('plugins', { 'timer.yaml': pluginDoc('0.5.0') });
    const plan = await planJson('-f', 'plugins');
    expect(plan.code, plan.stderr).toBe(2);
    const [install] = plan.body.plans[0].plugins;
    expect(install).toMatchObject({ action: 'install', name: 'camel-timer-source', version: '0.5.0', install: { catalog: { id: 'camel-timer-source', version: '0.5.0' } } });
    expect(Object.keys(install.workers).sort()).toEqual(stack!.connect.workers.map((worker) => worker.url).sort());
    const human = await cli('plan', '-f', 'plugins', '--prefix', prefix);
    expect(human.stdout).toContain('+ install plugin camel-timer-source 0.5.0');

    const refused = await api('POST', '/api/v1/apply', { connect: 'local', prefix, fingerprint: plan.body.plans[0].fingerprint, plugins: [{ catalog: { id: 'camel-timer-source', version: '0.5.0' } }] });
    expect(refused.status, JSON.stringify(refused.body)).toBe(409);
    expect(refused.body.error.code).toBe('plugins_not_installed');

    await writeFiles('plugins', { 'timer.yaml': pluginDoc('9.9.9-never') });
    const unknown = await cli('plan', '-f', 'plugins', '--prefix', prefix);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('has no version 9.9.9-never');
    const installs = await api('GET', '/api/v1/connect/local/installs');
    expect(installs.body.items.filter((operation: { plugin: string }) => operation.plugin === 'camel-timer-source')).toEqual([]);
  });

  it('plans a restart for a connector meant to run whose task FAILED, and apply restarts only the failed instances', async () => {
    const dir = path.join(work, 'sink-out');
    const file = path.join(dir, 'out.txt');
    const config = { 'connector.class': SINK, topics: orders, file, 'tasks.max': '1' };
    // The folder does not exist yet: the sink task fails opening its file.
    expect((await api('POST', '/api/v1/connect/local/connectors', { name: failing, config })).status).toBe(201);
    await waitFor('the sink task to fail', async () => {
      const status = (await connectRest(stack!.connect.url, 'GET', `/connectors/${failing}/status`)).body;
      return status?.tasks?.[0]?.state === 'FAILED' ? true : undefined;
    });
    const doc = `apiVersion: connectory/v1\nkind: Connector\nconnect: local\nname: ${failing}\nconfig:\n${Object.entries(config).map(([key, value]) => `  ${key}: ${value}`).join('\n')}\n`;
    await writeFiles('restart', { 'sink.yaml': doc });
    const plan = await planJson('-f', 'restart');
    expect(plan.code, plan.stderr).toBe(2);
    expect(plan.body.plans[0].changes).toEqual([{ action: 'restart', name: failing, class: SINK, fields: [], failed: ['task 0'] }]);

    await mkdir(dir, { recursive: true });
    const applied = await cli('apply', '-f', 'restart', '--prefix', prefix, '--auto-approve');
    expect(applied.code, applied.stderr).toBe(0);
    await waitFor('the restarted task to run', async () => {
      const status = (await connectRest(stack!.connect.url, 'GET', `/connectors/${failing}/status`)).body;
      return status?.tasks?.[0]?.state === 'RUNNING' ? true : undefined;
    });
    const restarts = await ctx.testApp.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'connector.restart'), eq(auditLog.objectId, failing)));
    expect(restarts).toHaveLength(1);
    expect(restarts[0]!.details).toMatchObject({ includeTasks: true, onlyFailed: true });
    expect((await planJson('-f', 'restart')).code).toBe(0);
    const applies = await ctx.testApp.database.db.select().from(auditLog).where(eq(auditLog.action, 'gitops.apply'));
    expect(applies.filter((entry) => JSON.stringify(entry.details).includes(failing))).toHaveLength(1);
  });
});
