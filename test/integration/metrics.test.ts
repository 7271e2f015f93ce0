/**
 * Prometheus metrics and metric history against the local stack: /metrics scraped while a real kafkajs consumer
 * group runs agrees with the console's own consumer-group API; the history job writes samples to PostgreSQL and a
 * restarted server (a real `tsx server/main.ts` on the same database) still charts them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kafkajs, { type Admin, type Consumer, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, gte, lt } from 'drizzle-orm';
import { createApp } from '../../server/app';
import { metricHistory } from '../../server/db/tables';
import { ClientRegistry } from '../../server/clusters/client-registry';
import { registerLocalStack } from '../../server/clusters/local-stack';
import { openDatabase } from '../../server/db';
import { createLogger } from '../../server/logger';
import { MetricRecorder } from '../../server/metrics/recorder';
import { OffsetSampler } from '../../server/metrics/sampler';
import { SecretBox } from '../../server/secrets/secret-box';
import type { TestApp } from '../support/app';
import { tokenFor } from '../support/auth';
import { call, uniqueName, waitFor, type Headers } from '../support/connect';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startServer, type RunningServer } from '../support/server';
import { STACK_FILE } from '../stack/paths';
import { readStack } from '../stack/index';

const { Kafka, logLevel } = kafkajs;
const stack = readStack();

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The exposition format's sample lines (label values here never hold quotes or commas). */
function parseExposition(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

describe.runIf(stack)('Prometheus metrics and metric history on the real stack', () => {
  const kafka = new Kafka({ clientId: 'connectory-metrics-test', brokers: stack?.kafka.bootstrap.split(',') ?? [], logLevel: logLevel.NOTHING });
  let admin: Admin;
  let producer: Producer;
  let consumer: Consumer | undefined;
  const topic = uniqueName('it-metrics');
  const groupId = uniqueName('it-metrics-group');

  let testDb: TestDatabase;
  let dataDir: string;
  let testApp: TestApp;
  let sampler: OffsetSampler;
  let recorder: MetricRecorder;
  let viewer: Headers;
  let clients: ClientRegistry;
  const quietGroup = uniqueName('it-metrics-traffic');

  beforeAll(async () => {
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    await producer.send({ topic, messages: Array.from({ length: 400 }, (_, i) => ({ value: `m${i}`, partition: i % 2 })) });

    testDb = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'connectory-metrics-'));
    const logger = createLogger((process.env.LOG_LEVEL as 'info' | undefined) ?? 'silent');
    const secrets = new SecretBox('connectory-test-secret-key');
    const database = await openDatabase({ url: testDb.url, dataDir, maxConnections: 4 });
    await database.migrate();
    await registerLocalStack(database.db, stack!, secrets);
    clients = new ClientRegistry({ secrets });
    sampler = new OffsetSampler({ db: database.db, secrets, logger, settings: { intervalMs: 1_000 }, kafkaClients: clients.kafka });
    recorder = new MetricRecorder({ db: database.db, secrets, logger, kafkaClients: clients.kafka, sampler });
    const app = createApp({ database, clients, secrets, logger, publicDir: join(dataDir, 'no-ui'), offsetSampler: sampler });
    const close = async () => {
      await sampler.stop();
      await clients.closeAll();
      await database.close();
    };
    testApp = { app, database, databaseUrl: testDb.url, secrets, clients, logger, logLines: [], close };
    viewer = (await tokenFor(testApp, 'viewer')).headers;
    sampler.start();
  });

  afterAll(async () => {
    await consumer?.disconnect().catch(() => {});
    await admin?.deleteGroups([groupId, quietGroup]).catch(() => {});
    await admin?.deleteTopics({ topics: [topic] }).catch(() => {});
    await Promise.all([producer?.disconnect(), admin?.disconnect()]);
    await testApp?.close();
    await testDb?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function scrape(): Promise<Sample[]> {
    const response = await testApp.app.request('/metrics', { headers: viewer });
    expect(response.status).toBe(200);
    return parseExposition(await response.text());
  }

  it('scraped during a consumer run, lag and offsets match the consumer-group API', async () => {
    let consumed = 0;
    consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        await consumer!.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
        consumed += 1;
        // Stop part-way, still a member: the lag left is what both views must agree on.
        if (consumed === 150) consumer!.pause([{ topic }]);
      },
    });

    // While it runs, the group's lag is exported per partition.
    const running = await waitFor('the group in /metrics', async () => {
      const samples = await scrape();
      const lags = samples.filter((s) => s.name === 'kafka_consumergroup_lag' && s.labels.consumergroup === groupId);
      return lags.length === 2 ? samples : undefined;
    });
    expect(running.find((s) => s.name === 'kafka_brokers' && s.labels.cluster === 'local')?.value).toBe(stack!.kafka.nodes?.length ?? stack!.kafka.bootstrap.split(',').length);

    // Paused: once two samples agree, the scrape and the API must give the same numbers.
    const detail = await waitFor('a steady group', async () => {
      const first = await call(testApp, 'GET', `/api/v1/clusters/local/consumer-groups/${groupId}`, viewer);
      if (first.status !== 200 || first.body.lag === null || first.body.members.length !== 1) return undefined;
      const committed = (first.body.partitions as { committedOffset: number | null }[]).reduce((sum, p) => sum + (p.committedOffset ?? 0), 0);
      if (committed < 150) return undefined;
      const sampled = sampler.latest('local')?.groups.get(groupId);
      return sampled && sampled.lag === first.body.lag && Date.now() - sampler.latest('local')!.at < 2_000 ? first.body : undefined;
    });
    const samples = await scrape();
    const of = (name: string, partition: number) =>
      samples.find((s) => s.name === name && s.labels.cluster === 'local' && s.labels.consumergroup === groupId && s.labels.topic === topic && s.labels.partition === String(partition))?.value;
    const partitions = detail.partitions as { partition: number; committedOffset: number; logEndOffset: number; lag: number }[];
    expect(partitions).toHaveLength(2);
    for (const p of partitions) {
      expect(of('kafka_consumergroup_lag', p.partition)).toBe(p.lag);
      expect(of('kafka_consumergroup_current_offset', p.partition)).toBe(p.committedOffset);
      const topicOffset = samples.find((s) => s.name === 'kafka_topic_partition_current_offset' && s.labels.topic === topic && s.labels.partition === String(p.partition));
      expect(topicOffset?.value).toBe(p.logEndOffset);
    }
    expect(samples.find((s) => s.name === 'kafka_consumergroup_lag_sum' && s.labels.consumergroup === groupId)?.value).toBe(detail.lag);
    expect(detail.lag).toBe(400 - partitions.reduce((sum, p) => sum + p.committedOffset, 0));
    expect(detail.lag).toBeGreaterThan(0);
    expect(samples.find((s) => s.name === 'kafka_topic_partitions' && s.labels.topic === topic)?.value).toBe(2);
    expect(samples.find((s) => s.name === 'kafka_consumergroup_members' && s.labels.consumergroup === groupId)?.value).toBe(1);
    expect(samples.find((s) => s.name === 'connectory_consumergroup_lag_status' && s.labels.consumergroup === groupId && s.labels.status === detail.status)?.value).toBe(1);
    // The list API (the sampler's view) agrees too.
    const list = await call(testApp, 'GET', `/api/v1/clusters/local/consumer-groups?q=${encodeURIComponent(groupId)}`, viewer);
    expect(list.body.items[0].lag).toBe(detail.lag);
    // Connect is scraped as well: the cluster answered its listing.
    expect(samples.find((s) => s.name === 'connectory_connect_up' && s.labels.cluster === 'local')?.value).toBe(1);
  }, 90_000);

  it("shows a cluster-scoped token only its clusters' series", async () => {
    const scoped = async (clusters: string[]) => {
      const { headers } = await tokenFor(testApp, 'viewer', clusters);
      const response = await testApp.app.request('/metrics', { headers });
      expect(response.status).toBe(200);
      return parseExposition(await response.text());
    };
    const kafkaOnly = await scoped(['kafka:local']);
    expect(kafkaOnly.filter((s) => s.name === 'kafka_consumergroup_lag' && s.labels.consumergroup === groupId)).toHaveLength(2);
    expect(kafkaOnly.filter((s) => s.name === 'connectory_connect_up')).toHaveLength(0);
    const connectOnly = await scoped(['connect:local']);
    expect(connectOnly.filter((s) => s.name === 'connectory_connect_up' && s.labels.cluster === 'local')).toHaveLength(1);
    expect(connectOnly.filter((s) => s.name.startsWith('kafka_'))).toHaveLength(0);
  });

  it('writes history samples to PostgreSQL and serves them per group and for the cluster', async () => {
    // Ticks until the cluster series holds two 10 s points; each tick also rolls the group's 10 s rows into its
    // packed one-minute points (the minute in progress included). (Waiting on the clock to pass the latest
    // sample's bucket chased a moving target while the sampler kept sampling.)
    await waitFor('samples in two 10 s buckets', async () => {
      await recorder.tick();
      await recorder.maintain();
      const { body } = await call(testApp, 'GET', '/api/v1/clusters/local/history?range=hour', viewer);
      return body.points.length >= 2 ? body : undefined;
    }, { timeoutMs: 40_000 });
    const { status, body } = await call(testApp, 'GET', `/api/v1/clusters/local/consumer-groups/${groupId}/history?range=hour`, viewer);
    expect(status).toBe(200);
    expect(body.resolutionSeconds).toBe(60);
    expect(body.points.length).toBeGreaterThanOrEqual(1);
    // The newest minute's lag is the highest of that minute's 10 s rows, as written from the sampler's samples.
    const newest = body.points.at(-1);
    const raws = await testApp.database.db
      .select({ lag: metricHistory.lag })
      .from(metricHistory)
      .where(and(eq(metricHistory.subject, groupId), eq(metricHistory.series, 'group'), gte(metricHistory.at, new Date(newest.at)), lt(metricHistory.at, new Date(Date.parse(newest.at) + 60_000))));
    expect(raws.length).toBeGreaterThan(0);
    expect(newest.lag).toBe(Math.max(...raws.map((row) => row.lag ?? 0)));
    expect(newest.lag).toBeGreaterThanOrEqual(sampler.latest('local')!.groups.get(groupId)!.lag ?? 0);
    const cluster = await call(testApp, 'GET', '/api/v1/clusters/local/history?range=hour', viewer);
    expect(cluster.status).toBe(200);
    expect(cluster.body.resolutionSeconds).toBe(10);
    expect(cluster.body.points.length).toBeGreaterThanOrEqual(2);
    expect(cluster.body.brokers.length).toBeGreaterThan(0);
    expect(cluster.body.brokers[0].points.at(-1).diskBytes).toBeGreaterThan(0);
  }, 60_000);
  it("records per-broker bytes in and out and the topic's messages, bytes and size from two traffic snapshots a minute apart", async () => {
    // Its own clock, so the two snapshots are a minute apart (the rates divide by it) and every topic of the shared
    // stack is kept (which topics are kept is the unit tests' business).
    let clock = Date.now();
    const traffic = new MetricRecorder({ db: testApp.database.db, secrets: testApp.secrets, logger: testApp.logger, kafkaClients: clients.kafka, sampler, now: () => clock, topicHistoryLimit: 1_000_000 });
    const end = async () => (await admin.fetchTopicOffsets(topic)).map(({ partition, high }) => ({ partition, offset: high }));
    const committed = (offsets: { partition: number; offset: string }[]) => async () => {
      const group = sampler.latest('local')?.sample.groups.get(quietGroup);
      return group && offsets.every(({ partition, offset }) => group.committed.get(`${topic}:${partition}`) === Number(offset)) ? true : undefined;
    };
    // A group with no members commits where the log ends now, then past 100 more messages of 1 KiB.
    const before = await end();
    await admin.setOffsets({ groupId: quietGroup, topic, partitions: before });
    await waitFor('the sampler to see the first commit', committed(before), { timeoutMs: 30_000 });
    await traffic.tick();
    await producer.send({ topic, messages: Array.from({ length: 100 }, (_, i) => ({ value: 'x'.repeat(1_024), partition: i % 2 })) });
    const after = await end();
    await admin.setOffsets({ groupId: quietGroup, topic, partitions: after });
    await waitFor('the sampler to see the second commit', committed(after), { timeoutMs: 30_000 });
    clock += 60_000;
    await traffic.tick();

    const history = await call(testApp, 'GET', `/api/v1/clusters/local/topics/${encodeURIComponent(topic)}/history?range=hour`, viewer);
    expect(history.status, JSON.stringify(history.body)).toBe(200);
    expect(history.body.resolutionSeconds).toBe(60);
    const point = history.body.points.at(-1);
    // Only this test produces to its topic: 100 messages in the minute.
    expect(point.messagesInRate).toBeCloseTo(100 / 60, 5);
    expect(point.bytesInRate).toBeGreaterThan((100 * 1_024) / 60);
    expect(point.sizeBytes).toBeGreaterThan(100 * 1_024);
    expect(history.body.messagesInPeak).toEqual({ value: point.messagesInPeak, at: point.at });

    const cluster = await call(testApp, 'GET', '/api/v1/clusters/local/history?range=hour', viewer);
    const brokerPoints = cluster.body.brokers.flatMap((broker: { points: { at: string; bytesInRate: number | null; bytesOutRate: number | null }[] }) => broker.points);
    const newest = brokerPoints.filter((p: { at: string }) => Date.parse(p.at) >= clock - 10_000);
    expect(newest.length, JSON.stringify(cluster.body.brokers)).toBeGreaterThan(0);
    // At least this topic's bytes went in, and this group's 100 KiB came out (others may add theirs).
    expect(newest.reduce((sum: number, p: { bytesInRate: number | null }) => sum + (p.bytesInRate ?? 0), 0)).toBeGreaterThan((100 * 1_024) / 60);
    expect(newest.reduce((sum: number, p: { bytesOutRate: number | null }) => sum + (p.bytesOutRate ?? 0), 0)).toBeGreaterThan((100 * 1_024) / 60);

    const unknown = await call(testApp, 'GET', `/api/v1/clusters/local/topics/${encodeURIComponent(topic)}/history?range=year`, viewer);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe('range');
  }, 90_000);
});

describe.runIf(stack)('metric history across a restart of the server', () => {
  let testDb: TestDatabase;
  let server: RunningServer | undefined;
  const env = () => ({ DATABASE_URL: testDb.url, CONNECTORY_LOCAL_STACK: STACK_FILE, METRICS_SAMPLE_INTERVAL_SECONDS: '2', CONNECTORY_SECRET_KEY: 'metrics-restart-secret-key' });

  beforeAll(async () => {
    testDb = await createTestDatabase();
  });

  afterAll(async () => {
    await server?.stop();
    await testDb?.drop();
  });

  async function signIn(running: RunningServer): Promise<string> {
    const response = await fetch(`${running.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(running.admin),
    });
    expect(response.status).toBe(200);
    return response.headers.get('set-cookie')!.split(';')[0]!;
  }

  async function clusterPoints(running: RunningServer, cookie: string): Promise<{ at: string }[]> {
    const response = await fetch(`${running.url}/api/v1/clusters/local/history?range=hour`, { headers: { cookie } });
    expect(response.status).toBe(200);
    return ((await response.json()) as { points: { at: string }[] }).points;
  }

  it('keeps the charts when the server restarts', async () => {
    server = await startServer(env());
    let cookie = await signIn(server);
    const before = await waitFor('two history points', async () => {
      const points = await clusterPoints(server!, cookie);
      return points.length >= 2 ? points : undefined;
    }, { timeoutMs: 60_000 });
    await server.stop();
    server = undefined;

    server = await startServer(env());
    cookie = await signIn(server);
    const after = await clusterPoints(server, cookie);
    expect(after.map((point) => point.at)).toEqual(expect.arrayContaining(before.map((point) => point.at)));
    // and it goes on recording
    await waitFor('a new point after the restart', async () => ((await clusterPoints(server!, cookie)).length > before.length ? true : undefined), { timeoutMs: 40_000 });
  }, 180_000);
});
