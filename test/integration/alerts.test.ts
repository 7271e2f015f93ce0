// Alerts on the real stack: a FileStreamSink whose task really FAILS on the two-worker Connect cluster reaches a
// recording Slack receiver once, its fix once as resolved, with no duplicates across 10 evaluation cycles; and
// a server killed with notifications in the outbox delivers them after the restart, once each by dedupe key.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kafkajs, { type Admin, type Consumer, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffsetSampler } from '../../server/metrics/sampler';
import { AlertEvaluator, OutboxDispatcher, verifySignature } from '../../server/alerts';
import { DEFAULT_ALERT_SETTINGS } from '../../server/alerts/settings';
import { ConnectorWatch } from '../../server/connectors/watch';
import { openDatabase } from '../../server/db';
import { alertOutbox } from '../../server/db/tables';
import { call, connectRest, connectTestApp, deleteConnectors, sleep, uniqueName, waitFor, type ConnectTestContext } from '../support/connect';
import { startDeliveryServer, type DeliveryServer } from '../support/delivery';
import { RecordingReceiver } from '../support/receiver';
import { readStack } from '../stack/index';

const stack = readStack();
const SINK = 'org.apache.kafka.connect.file.FileStreamSinkConnector';

describe.runIf(stack)('alerts on the real Connect cluster', () => {
  let ctx: ConnectTestContext;
  let receiver: RecordingReceiver;
  let watch: ConnectorWatch;
  let outbox: OutboxDispatcher;
  let evaluator: AlertEvaluator;
  let dir: string;
  const created: string[] = [];

  beforeAll(async () => {
    ctx = await connectTestApp(stack!);
    receiver = await RecordingReceiver.start();
    dir = await mkdtemp(join(tmpdir(), 'connectory-alerts-'));
    const { db } = ctx.testApp.database;
    watch = new ConnectorWatch({ db, clients: ctx.testApp.clients, logger: ctx.testApp.logger, intervalMs: 1_000 });
    evaluator = new AlertEvaluator({ db, logger: ctx.testApp.logger, consoleUrl: 'http://console.test' });
    evaluator.attach(watch);
    outbox = new OutboxDispatcher({ db, secrets: ctx.testApp.secrets, logger: ctx.testApp.logger, settings: { ...DEFAULT_ALERT_SETTINGS, outboxPollMs: 200 } });
    watch.start();
    outbox.start();
  });

  afterAll(async () => {
    await watch?.stop();
    await outbox?.stop();
    if (stack) await deleteConnectors(stack, created);
    await receiver?.close();
    await ctx?.testApp.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('a FAILED task: one Slack message naming connector, task and the error, a Jira issue, a signed webhook; fixed: one resolved, a comment on that issue; nothing twice', async () => {
    const api = (method: string, path: string, body?: unknown, headers = ctx.operator) => call(ctx.testApp, method, path, headers, body);
    const slack = `${receiver.url}/services/T1/B1/${uniqueName('slack')}`;
    const path = new URL(slack).pathname;
    const channel = await api('POST', '/api/v1/alerts/channels', { kind: 'slack', name: 'on-call', url: slack, shared: true }, ctx.admin);
    expect(channel.status, JSON.stringify(channel.body)).toBe(201);
    const jira = await api('POST', '/api/v1/alerts/channels', { kind: 'jira-cloud', name: 'jira', url: receiver.url, project: 'OPS', email: 'oncall@acme.io', apiToken: 'jira-api-token', shared: true }, ctx.admin);
    const hookPath = `/${uniqueName('hook')}`;
    const hook = await api('POST', '/api/v1/alerts/channels', { kind: 'webhook', name: 'hook', url: `${receiver.url}${hookPath}`, secret: 'whsec-integration-0123456789', shared: true }, ctx.admin);
    const name = uniqueName('alert-sink');
    const rule = await api('POST', '/api/v1/alerts/rules', { name: 'sink failed', condition: { kind: 'connector-failed', connect: 'local', name }, channels: [channel.body.id, jira.body.id, hook.body.id] });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);

    // the task opens its file when it starts; the directory does not exist, so it FAILS
    const missing = join(dir, 'not-yet');
    created.push(name);
    const put = await api('PUT', `/api/v1/connect/local/connectors/${name}`, { config: { 'connector.class': SINK, file: join(missing, 'out.txt'), topics: uniqueName('alert-topic'), 'tasks.max': '1' } });
    expect(put.status, JSON.stringify(put.body)).toBeLessThan(300);
    const [firing] = await receiver.waitForRequests('the Slack firing message', (all) => all.some((r) => r.path === path), 90_000);
    const message = receiver.on(path)[0]!.json;
    expect(message.text).toContain(name);
    expect(message.blocks[1].text.text).toMatch(new RegExp(`Connector ${name} task 0 FAILED: .*(NoSuchFileException|Couldn't find or create file)`));
    expect(message.blocks[2].text.text).toContain(`http://console.test/connectors/local/${name}`);
    expect(firing).toBeDefined();

    const cycles = evaluator.cycles;
    await waitFor('10 more evaluation cycles', async () => (evaluator.cycles >= cycles + 10 ? true : undefined), { timeoutMs: 60_000 });
    expect(receiver.on(path)).toHaveLength(1);

    // fixed: the directory exists and the task is restarted
    await mkdir(missing);
    await waitFor('the task restarted', async () => {
      const answer = await connectRest(stack!.connect.url, 'POST', `/connectors/${name}/restart?includeTasks=true&onlyFailed=true`);
      return answer.status < 300 ? true : undefined;
    });
    await receiver.waitForRequests('the Slack resolved message', () => receiver.on(path).length >= 2, 90_000);
    expect(receiver.on(path)[1]!.json.text).toContain('[RESOLVED]');
    const after = evaluator.cycles;
    await waitFor('10 more evaluation cycles', async () => (evaluator.cycles >= after + 10 ? true : undefined), { timeoutMs: 60_000 });
    expect(receiver.on(path)).toHaveLength(2);
    const events = await api('GET', '/api/v1/alerts/events');
    expect(events.body.items.filter((e: { ruleId: string }) => e.ruleId === rule.body.id).map((e: { state: string }) => e.state)).toEqual(['resolved', 'firing']);

    // Jira Cloud: one issue (ADF), then a comment on that same issue
    const issues = receiver.on('/rest/api/3/issue').filter((r) => r.body.includes(name));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.json.fields).toMatchObject({ project: { key: 'OPS' }, description: { type: 'doc', version: 1 } });
    const issueKey = await receiver.waitForRequests('the Jira comment', () => receiver.on(/\/comment$/).some((r) => r.body.includes(name)), 30_000).then(() =>
      receiver.on(/\/comment$/).filter((r) => r.body.includes(name)),
    );
    expect(issueKey).toHaveLength(1);
    expect(issueKey[0]!.path).toMatch(/^\/rest\/api\/3\/issue\/OPS-\d+\/comment$/);
    // the key the receiver gave this issue: issues are numbered in the order they arrived
    const issueNumber = receiver.on('/rest/api/3/issue').indexOf(issues[0]!) + 1;
    expect(issueKey[0]!.path).toBe(`/rest/api/3/issue/OPS-${issueNumber}/comment`);

    // webhook: both notifications signed; a tampered body does not verify
    const hooks = receiver.on(hookPath);
    expect(hooks.map((r) => r.json.state)).toEqual(['firing', 'resolved']);
    for (const r of hooks) expect(verifySignature('whsec-integration-0123456789', r.headers['x-connectory-timestamp']!, r.body, r.headers['x-connectory-signature']!)).toBe(true);
    expect(verifySignature('whsec-integration-0123456789', hooks[0]!.headers['x-connectory-timestamp']!, hooks[0]!.body.replace(name, 'other'), hooks[0]!.headers['x-connectory-signature']!)).toBe(false);
  });
});

describe.runIf(stack)('the alert outbox across a server restart', () => {
  let ds: DeliveryServer;
  let receiver: RecordingReceiver;

  beforeAll(async () => {
    receiver = await RecordingReceiver.start();
    ds = await startDeliveryServer({ JOBS_LEASE_SECONDS: '3', ALERTS_RETRY_BASE_SECONDS: '1' });
  });

  afterAll(async () => {
    await ds?.close();
    await receiver?.close();
  });

  it('a server killed mid-delivery: after the restart every notification arrives, once each by dedupe key', async () => {
    const channel = await ds.api('POST', '/api/v1/alerts/channels', { kind: 'webhook', name: 'hook', url: `${receiver.url}/hook`, secret: 'whsec-restart-0123456789', shared: true });
    expect(channel.status, JSON.stringify(channel.body)).toBe(201);
    // the first request hangs: the server is killed while it waits for the answer
    receiver.misbehave({ hang: true });
    const database = await openDatabase({ url: ds.databaseUrl, dataDir: tmpdir(), maxConnections: 1 });
    const keys = [1, 2, 3].map((i) => `restart-test#${i}:firing`);
    try {
      await database.db.insert(alertOutbox).values(
        keys.map((dedupeKey) => ({
          channelId: channel.body.id,
          dedupeKey,
          alertKey: 'restart-test',
          payload: { schema: 'connectory.alert/v1', dedupeKey, alertKey: 'restart-test', state: 'firing', severity: 'warning', rule: { id: null, name: 'restart' }, cluster: 'local', resource: 'local/x', summary: 'x', details: {}, since: new Date().toISOString(), url: null },
        })),
      );
    } finally {
      await database.close();
    }
    await receiver.waitForRequests('the first notification, hanging', (all) => all.some((r) => r.path === '/hook'), 60_000);
    await ds.kill();
    expect(receiver.on('/hook').filter((r) => r.status === 200)).toHaveLength(0);
    await ds.restart({ JOBS_LEASE_SECONDS: '3', ALERTS_RETRY_BASE_SECONDS: '1' });
    const answered = () => receiver.on('/hook').filter((r) => r.status === 200);
    await receiver.waitForRequests('all three delivered after the restart', () => new Set(answered().map((r) => r.headers['x-connectory-dedupe-key'])).size === 3, 90_000);
    const byKey = new Map<string, number>();
    for (const r of answered()) byKey.set(r.headers['x-connectory-dedupe-key']!, (byKey.get(r.headers['x-connectory-dedupe-key']!) ?? 0) + 1);
    expect(Object.fromEntries(byKey)).toEqual(Object.fromEntries(keys.map((k) => [k, 1])));
    const log = await ds.api('GET', '/api/v1/alerts/deliveries');
    expect(log.body.items.filter((d: { status: number }) => d.status === 200)).toHaveLength(3);
  });
});

describe.runIf(stack)('a lag rule on the real broker', () => {
  const kafka = new kafkajs.Kafka({ clientId: 'connectory-alerts-test', brokers: stack?.kafka.bootstrap.split(',') ?? [], logLevel: kafkajs.logLevel.NOTHING });
  let ctx: ConnectTestContext;
  let receiver: RecordingReceiver;
  let sampler: OffsetSampler;
  let outbox: OutboxDispatcher;
  let admin: Admin;
  let producer: Producer;
  let evaluating = true;
  let loop: Promise<void> | undefined;
  const topic = uniqueName('alert-lag');
  const groupId = uniqueName('alert-lag-group');
  const consumers = new Set<Consumer>();

  async function consume(): Promise<Consumer> {
    const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 200 });
    consumers.add(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ autoCommit: false, eachMessage: async ({ partition, message }) => void (await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }])) });
    return consumer;
  }
  const produce = (count: number) => producer.send({ topic, messages: Array.from({ length: count }, (_, i) => ({ value: `m${i}` })) });

  beforeAll(async () => {
    ctx = await connectTestApp(stack!);
    receiver = await RecordingReceiver.start();
    const { db } = ctx.testApp.database;
    const { logger, secrets, clients } = ctx.testApp;
    // fast samples, as the consumer-groups tests drive lag status
    sampler = new OffsetSampler({ db, secrets, logger, settings: { intervalMs: 1_000, statusWindowSamples: 6, minStatusSamples: 4, rateWindowSamples: 5 }, kafkaClients: clients.kafka });
    sampler.start();
    const evaluator = new AlertEvaluator({ db, logger, sampler });
    loop = (async () => {
      while (evaluating) {
        await evaluator.evaluate([]).catch(() => {});
        await sleep(1_000);
      }
    })();
    outbox = new OutboxDispatcher({ db, secrets, logger, settings: { ...DEFAULT_ALERT_SETTINGS, outboxPollMs: 200 } });
    outbox.start();
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  });

  afterAll(async () => {
    evaluating = false;
    await loop;
    await outbox?.stop();
    await sampler?.stop();
    await Promise.all([...consumers].map((c) => c.disconnect().catch(() => {})));
    await admin?.deleteGroups([groupId]).catch(() => {});
    await admin?.deleteTopics({ topics: [topic] }).catch(() => {});
    await Promise.all([producer?.disconnect(), admin?.disconnect()]);
    await receiver?.close();
    await ctx?.testApp.close();
  });

  it('a stopped consumer with data arriving: a STOP alert; resumed: resolved', async () => {
    const api = (method: string, path: string, body?: unknown, headers = ctx.operator) => call(ctx.testApp, method, path, headers, body);
    const channel = await api('POST', '/api/v1/alerts/channels', { kind: 'webhook', name: 'lag', url: `${receiver.url}/lag`, shared: true }, ctx.admin);
    const rule = await api('POST', '/api/v1/alerts/rules', { name: 'lag stop', condition: { kind: 'lag-status', kafka: 'local', name: groupId, statuses: ['STOP'] }, channels: [channel.body.id] });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    await produce(20);
    const first = await consume();
    await waitFor('caught up', async () => (sampler.latest('local')?.groups.get(groupId)?.lag === 0 ? true : undefined), { timeoutMs: 30_000 });
    consumers.delete(first);
    await first.disconnect();
    let producing = true;
    const feeding = (async () => {
      while (producing) {
        await produce(5);
        await sleep(250);
      }
    })();
    try {
      await receiver.waitForRequests('the STOP alert', () => receiver.on('/lag').some((r) => r.json.state === 'firing'), 60_000);
    } finally {
      producing = false;
      await feeding;
    }
    const firing = receiver.on('/lag').find((r) => r.json.state === 'firing')!.json;
    expect(firing).toMatchObject({ resource: `local/${groupId}`, details: { group: groupId, status: 'STOP' } });
    await consume();
    await receiver.waitForRequests('the resolve', () => receiver.on('/lag').some((r) => r.json.state === 'resolved'), 60_000);
    expect(receiver.on('/lag').map((r) => r.json.state)).toEqual(['firing', 'resolved']);
  });
});
