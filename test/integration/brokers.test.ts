/**
 * The broker views against the local stack's real broker: the list with leader/replica counts and disk use, and one
 * broker's configs (source, dynamic marker, documentation, masked secrets) and log dirs. The shared stack runs one
 * broker; what needs several runs on a separate three-broker cluster started on demand (test/support/multi-broker.ts).
 */
import kafkajs, { type Admin, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connectTestApp, uniqueName, waitFor, type ConnectTestContext } from '../support/connect';
import { readStack } from '../stack/index';
import { ensureMultiBrokerKafka, registerMultiBroker } from '../support/multi-broker';

const { Kafka, logLevel } = kafkajs;
const stack = readStack();
const BROKERS = '/api/v1/clusters/local/brokers';
const brokerCount = stack?.kafka.nodes?.length ?? 1;

describe.runIf(stack)('brokers on the real cluster', () => {
  const kafka = new Kafka({ clientId: 'connectory-brokers-test', brokers: stack?.kafka.bootstrap.split(',') ?? [], logLevel: logLevel.NOTHING });
  const topic = uniqueName('broker-sizes');
  let ctx: ConnectTestContext;
  let admin: Admin;
  let producer: Producer;
  const api = <T = any>(path: string) => call<T>(ctx.testApp, 'GET', path, ctx.viewer);

  beforeAll(async () => {
    ctx = await connectTestApp(stack!);
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    await producer.send({ topic, messages: Array.from({ length: 200 }, (_, i) => ({ key: `k${i}`, value: 'x'.repeat(500) })) });
  });

  afterAll(async () => {
    await admin?.deleteTopics({ topics: [topic] }).catch(() => {});
    await Promise.all([producer?.disconnect(), admin?.disconnect()]);
    await ctx?.testApp.close();
  });

  it('lists every broker with its leaders, replicas, disk use and the active controller', async () => {
    const { status, body } = await api(BROKERS);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.items).toHaveLength(brokerCount);
    expect(body.clusterId).toBe(stack!.kafka.clusterId);
    const [first] = body.items;
    expect(first).toMatchObject({ id: 1, host: '127.0.0.1', rack: null });
    expect(first.leaderCount).toBeGreaterThanOrEqual(2);
    expect(first.replicaCount).toBeGreaterThanOrEqual(first.leaderCount);
    expect(first.logDirBytes).toBeGreaterThan(100 * 500);
    expect(body.items.filter((broker: { isController: boolean }) => broker.isController)).toHaveLength(1);
    expect(body.controllerId).toBe(body.items.find((broker: { isController: boolean }) => broker.isController).id);
  });

  it('shows one broker’s configs: source, dynamic marker, documentation, secrets masked', async () => {
    const { status, body } = await api(`${BROKERS}/1`);
    expect(status, JSON.stringify(body).slice(0, 500)).toBe(200);
    const config = (name: string) => body.configs.find((entry: { name: string }) => entry.name === name);
    expect(config('log.retention.hours')).toMatchObject({ value: '24', source: 'STATIC_BROKER_CONFIG', dynamic: false, isDefault: false });
    expect(config('min.insync.replicas')).toMatchObject({ source: 'DYNAMIC_DEFAULT_BROKER_CONFIG', dynamic: true, type: 'INT' });
    expect(config('min.insync.replicas').documentation).toMatch(/minimum/);
    expect(config('num.replica.fetchers')).toMatchObject({ source: 'DEFAULT_CONFIG', isDefault: true, readOnly: false });
    for (const entry of body.configs.filter((c: { sensitive: boolean }) => c.sensitive)) expect([null, '********']).toContain(entry.value);
    expect(body.configs.length).toBeGreaterThan(100);
  });

  it('shows the broker’s log dirs, with the size of what was produced (DescribeLogDirs)', async () => {
    const dir = await waitFor('log dir sizes', async () => {
      const { body } = await api(`${BROKERS}/1`);
      const found = body.logDirs.find((d: { topics: { name: string; sizeBytes: number }[] }) => d.topics.some((t) => t.name === topic && t.sizeBytes > 0));
      return found;
    });
    expect(dir.path).toContain('data');
    expect(dir.error).toBeNull();
    expect(dir.sizeBytes).toBeGreaterThan(0);
    expect(dir.topics.find((t: { name: string }) => t.name === topic)).toMatchObject({ partitions: 2, futurePartitions: 0 });
  });

  it('answers 404 for an unknown broker or cluster', async () => {
    expect((await api(`${BROKERS}/999`)).status).toBe(404);
    expect((await api('/api/v1/clusters/nope/brokers')).status).toBe(404);
  });
});

describe.runIf(stack)('brokers on the three-broker cluster', () => {
  let ctx: ConnectTestContext;
  let admin: Admin;
  const topic = uniqueName('broker-spread');

  beforeAll(async () => {
    const multi = await ensureMultiBrokerKafka();
    ctx = await connectTestApp(stack!);
    await registerMultiBroker(ctx.testApp, multi);
    admin = new Kafka({ clientId: 'connectory-brokers-test', brokers: multi.bootstrap.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 6, replicationFactor: 3 }], waitForLeaders: true });
  });

  afterAll(async () => {
    await admin?.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin?.disconnect();
    await ctx?.testApp.close();
  });

  it('lists three brokers with their racks, leaders spread over them and one controller', async () => {
    const body = await waitFor('leaders on every broker', async () => {
      const { status, body } = await call(ctx.testApp, 'GET', '/api/v1/clusters/multi/brokers', ctx.viewer);
      expect(status, JSON.stringify(body)).toBe(200);
      return body.items.every((broker: { leaderCount: number }) => broker.leaderCount >= 2) ? body : undefined;
    });
    expect(body.items.map((broker: { id: number; rack: string }) => [broker.id, broker.rack])).toEqual([[1, 'r1'], [2, 'r2'], [3, 'r3']]);
    expect(body.items.every((broker: { replicaCount: number }) => broker.replicaCount >= 6)).toBe(true);
    expect(body.items.filter((broker: { isController: boolean }) => broker.isController)).toHaveLength(1);
  });
});
