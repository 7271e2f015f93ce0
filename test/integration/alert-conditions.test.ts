// The alert conditions judged on the console's other readings, against the real stack: broker log dirs
// (DescribeLogDirs v4 volume sizes), the plugin agents' node disks, a consumer group that went quiet (the offset
// sampler's consumed rate), plugins lined up across the two real workers, and install operations in PostgreSQL.
// Thresholds are set so the real machine crosses them (1 % used) or cannot (100 %).
import kafkajs, { type Admin, type Consumer, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertEvaluator, OutboxDispatcher } from '../../server/alerts';
import { DEFAULT_ALERT_SETTINGS } from '../../server/alerts/settings';
import { getConnectCluster, getKafkaCluster } from '../../server/clusters/registry';
import { WorkerHealthReader } from '../../server/connect/worker-health';
import { installOperations } from '../../server/db/tables';
import { kafkaClientFor } from '../../server/kafka/registered';
import { KafkaHealthReader } from '../../server/metrics/kafka-health';
import { OffsetSampler } from '../../server/metrics/sampler';
import { call, connectTestApp, sleep, uniqueName, waitFor, type ConnectTestContext } from '../support/connect';
import { RecordingReceiver } from '../support/receiver';
import { readStack } from '../stack/index';

const stack = readStack();

describe.runIf(stack)('alert conditions on the real stack', () => {
  const kafka = new kafkajs.Kafka({ clientId: 'connectory-alert-conditions-test', brokers: stack?.kafka.bootstrap.split(',') ?? [], logLevel: kafkajs.logLevel.NOTHING });
  let ctx: ConnectTestContext;
  let receiver: RecordingReceiver;
  let sampler: OffsetSampler;
  let outbox: OutboxDispatcher;
  let evaluator: AlertEvaluator;
  let admin: Admin;
  let producer: Producer;
  let evaluating = true;
  let loop: Promise<void> | undefined;
  let channelId: string;
  const consumers = new Set<Consumer>();
  const topic = uniqueName('alert-cond-quiet');
  const groupId = uniqueName('alert-cond-quiet-group');
  const api = (method: string, path: string, body?: unknown, headers = ctx.operator) => call(ctx.testApp, method, path, headers, body);
  const hooks = () => receiver.on('/conditions').map((r) => r.json);
  const rule = async (name: string, condition: Record<string, unknown>) => {
    const created = await api('POST', '/api/v1/alerts/rules', { name, condition, channels: [channelId] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id as string;
  };

  beforeAll(async () => {
    ctx = await connectTestApp(stack!);
    receiver = await RecordingReceiver.start();
    const { db } = ctx.testApp.database;
    const { logger, secrets, clients } = ctx.testApp;
    sampler = new OffsetSampler({ db, secrets, logger, settings: { intervalMs: 1_000, statusWindowSamples: 6, minStatusSamples: 4, rateWindowSamples: 3 }, kafkaClients: clients.kafka });
    sampler.start();
    // the readers the server shares with the metric history; re-read each second here instead of each minute
    evaluator = new AlertEvaluator({
      db,
      logger,
      sampler,
      kafkaHealth: new KafkaHealthReader((cluster) => kafkaClientFor({ secrets, kafkaClients: clients.kafka }, cluster)),
      workerHealth: new WorkerHealthReader(clients),
      slowMaxAgeMs: 1_000,
    });
    loop = (async () => {
      while (evaluating) {
        await evaluator.evaluate([]).catch((error: Error) => logger.warn(`evaluation failed: ${error.message}`));
        await sleep(500);
      }
    })();
    outbox = new OutboxDispatcher({ db, secrets, logger, settings: { ...DEFAULT_ALERT_SETTINGS, outboxPollMs: 200, channelIntervalMs: 0 } });
    outbox.start();
    const channel = await api('POST', '/api/v1/alerts/channels', { kind: 'webhook', name: 'conditions', url: `${receiver.url}/conditions`, shared: true }, ctx.admin);
    channelId = channel.body.id;
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    await waitFor('the topic has a leader', async () => ((await admin.fetchTopicMetadata({ topics: [topic] }).catch(() => undefined))?.topics[0]?.partitions[0]?.leader ?? -1) >= 0 || undefined, { timeoutMs: 30_000 });
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

  it('a broker log dir and each agent node above 1 % used fire, with the real percentage; 100 % never does', async () => {
    const broker = await rule('alert-cond broker disk', { kind: 'broker-disk-above', kafka: 'local', percent: 1 });
    const agents = await rule('alert-cond agent disk', { kind: 'agent-disk-above', connect: 'local', percent: 1 });
    const never = await rule('alert-cond full disk', { kind: 'broker-disk-above', kafka: 'local', percent: 100 });
    await receiver.waitForRequests('the disk alerts', () => hooks().filter((h) => h.rule.id === broker).length >= 1 && hooks().filter((h) => h.rule.id === agents).length >= stack!.connect.workers.length, 60_000);
    const brokerAlert = hooks().find((h) => h.rule.id === broker)!;
    const brokerId = stack!.kafka.nodes?.[0]?.nodeId ?? 1;
    expect(brokerAlert).toMatchObject({ state: 'firing', cluster: 'local', details: { broker: brokerId, percent: 1 } });
    expect(brokerAlert.resource).toMatch(new RegExp(`^local/brokers/${brokerId}:/`));
    expect(brokerAlert.details.usedPercent).toBeGreaterThan(1);
    expect(brokerAlert.details.usedPercent).toBeLessThan(100);
    const agentResources = hooks().filter((h) => h.rule.id === agents).map((h) => h.resource).sort();
    expect(agentResources).toEqual(stack!.connect.workers.map((w) => `local/agents/${w.url}`).sort());
    const alerts = await api('GET', '/api/v1/alerts');
    expect(alerts.body.items.filter((a: { ruleId: string }) => a.ruleId === never)).toEqual([]);
    // after more cycles, each was told once
    const cycles = evaluator.cycles;
    await waitFor('5 more cycles', async () => (evaluator.cycles >= cycles + 5 ? true : undefined), { timeoutMs: 30_000 });
    expect(hooks().filter((h) => h.rule.id === broker)).toHaveLength(1);
    expect(hooks().filter((h) => h.rule.id === never)).toHaveLength(0);
  });

  it('a consumer group that goes quiet fires "consumed below the floor"; consuming again resolves it', async () => {
    const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 200 });
    consumers.add(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ autoCommit: false, eachMessage: async ({ partition, message }) => void (await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }])) });
    let producing = true;
    let id = '';
    const feeding = (async () => {
      while (producing) {
        await producer.send({ topic, messages: Array.from({ length: 20 }, (_, i) => ({ value: `m${i}` })) });
        await sleep(200);
      }
    })();
    try {
      // busy first (the rule made once the group consumes: a group just starting is at 0 too): nothing fires
      await waitFor('the group consuming', async () => ((sampler.latest('local')?.groups.get(groupId)?.cmps ?? 0) > 5 ? true : undefined), { timeoutMs: 60_000 });
      id = await rule('alert-cond quiet pipeline', { kind: 'consumed-rate-below', kafka: 'local', name: groupId, floor: 1 });
      const cycles = evaluator.cycles;
      await waitFor('3 cycles', async () => (evaluator.cycles >= cycles + 3 ? true : undefined), { timeoutMs: 30_000 });
      expect(hooks().filter((h) => h.rule.id === id)).toEqual([]);
    } finally {
      producing = false;
      await feeding;
    }
    // nothing more arrives: the group commits nothing and its rate falls to 0
    await receiver.waitForRequests('the quiet alert', () => hooks().some((h) => h.rule.id === id && h.state === 'firing'), 60_000);
    expect(hooks().find((h) => h.rule.id === id)).toMatchObject({ resource: `local/${groupId}`, details: { group: groupId, floor: 1 } });
    producing = true;
    const again = (async () => {
      while (producing) {
        await producer.send({ topic, messages: Array.from({ length: 20 }, (_, i) => ({ value: `n${i}` })) });
        await sleep(200);
      }
    })();
    try {
      await receiver.waitForRequests('the resolve', () => hooks().some((h) => h.rule.id === id && h.state === 'resolved'), 60_000);
    } finally {
      producing = false;
      await again;
    }
    expect(hooks().filter((h) => h.rule.id === id).map((h) => h.state)).toEqual(['firing', 'resolved']);
  });

  it('a failed install fires with its error and the operation’s id; a later success of that plugin resolves it', async () => {
    const plugin = uniqueName('alert-cond-plugin');
    const id = await rule('alert-cond install failed', { kind: 'install-failed', connect: 'local', name: plugin });
    const { db } = ctx.testApp.database;
    const [failed] = await db
      .insert(installOperations)
      .values({ connectClusterId: 'local', kind: 'uninstall', pluginName: plugin, state: 'failed', requestedBy: 'alert-conditions-test', error: 'Plugin agent http://w: 500 disk full\nmore', finishedAt: new Date() })
      .returning({ id: installOperations.id });
    await receiver.waitForRequests('the install alert', () => hooks().some((h) => h.rule.id === id), 30_000);
    expect(hooks().find((h) => h.rule.id === id)).toMatchObject({ state: 'firing', resource: `local/installs/${plugin}`, summary: `Uninstall of plugin ${plugin} on local failed: Plugin agent http://w: 500 disk full`, details: { operationId: failed!.id } });
    await db.insert(installOperations).values({ connectClusterId: 'local', kind: 'uninstall', pluginName: plugin, state: 'succeeded', requestedBy: 'alert-conditions-test', finishedAt: new Date(), createdAt: new Date(Date.now() + 1_000) });
    await receiver.waitForRequests('its resolve', () => hooks().some((h) => h.rule.id === id && h.state === 'resolved'), 30_000);
    expect(hooks().filter((h) => h.rule.id === id).map((h) => h.state)).toEqual(['firing', 'resolved']);
  });

  it('partition health from one real Metadata request: the test topic is healthy, its partition rules hold nothing', async () => {
    const offline = await rule('alert-cond offline', { kind: 'partitions-offline', kafka: 'local', name: topic });
    const under = await rule('alert-cond under-replicated', { kind: 'partitions-under-replicated', kafka: 'local', name: topic });
    const { secrets, clients, database } = ctx.testApp;
    const cluster = (await getKafkaCluster(database.db, 'local'))!;
    const health = await new KafkaHealthReader((c) => kafkaClientFor({ secrets, kafkaClients: clients.kafka }, c)).partitions(cluster, 0);
    expect(health.topics.find((t) => t.topic === topic)).toBeUndefined();
    const cycles = evaluator.cycles;
    await waitFor('3 more cycles', async () => (evaluator.cycles >= cycles + 3 ? true : undefined), { timeoutMs: 30_000 });
    const alerts = (await api('GET', '/api/v1/alerts')).body.items as { ruleId: string }[];
    expect(alerts.filter((a) => a.ruleId === offline || a.ruleId === under)).toEqual([]);
  });

  it('plugins lined up across the two real workers: the file connectors are on both in one version, no drift', async () => {
    const id = await rule('alert-cond drift', { kind: 'plugin-drift', connect: 'local', name: 'org.apache.kafka.connect.file.*' });
    const cluster = (await getConnectCluster(ctx.testApp.database.db, 'local'))!;
    const reading = await new WorkerHealthReader(ctx.testApp.clients).plugins(cluster, 0);
    expect(reading.answered).toBe(stack!.connect.workers.length);
    const file = reading.plugins.filter((p) => p.class.startsWith('org.apache.kafka.connect.file.'));
    expect(file.length).toBeGreaterThan(0);
    for (const plugin of file) expect(plugin, plugin.class).toMatchObject({ onEveryWorker: true, versions: [expect.any(String)] });
    const cycles = evaluator.cycles;
    await waitFor('3 more cycles', async () => (evaluator.cycles >= cycles + 3 ? true : undefined), { timeoutMs: 30_000 });
    expect((await api('GET', '/api/v1/alerts')).body.items.filter((a: { ruleId: string }) => a.ruleId === id)).toEqual([]);
  });
});
