/**
 * The dashboard against the local stack: the real broker, the two Connect workers and their plugin agents, plus a
 * Kafka and a Connect cluster that cannot be reached, which must show their errors without failing the answer.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kafkajs, { type Admin, type Consumer, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { ClientRegistry } from '../../server/clusters/client-registry';
import { registerLocalStack } from '../../server/clusters/local-stack';
import { openDatabase } from '../../server/db';
import { connectClusters, connectWorkers, kafkaClusters } from '../../server/db/tables';
import { createLogger } from '../../server/logger';
import { OffsetSampler } from '../../server/metrics/sampler';
import { SecretBox } from '../../server/secrets/secret-box';
import type { TestApp } from '../support/app';
import { tokenFor } from '../support/auth';
import { call, sleep, uniqueName, waitFor, type Headers } from '../support/connect';
import { createTestDatabase } from '../support/db';
import { readStack } from '../stack/index';

const { Kafka, logLevel } = kafkajs;
const stack = readStack();

/** The real app with a one-second sampler, so rates appear within seconds. */
async function startApp(): Promise<{ testApp: TestApp; sampler: OffsetSampler }> {
  const testDb = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'connectory-dashboard-'));
  const logger = createLogger((process.env.LOG_LEVEL as 'info' | undefined) ?? 'silent');
  const secrets = new SecretBox('connectory-test-secret-key');
  const database = await openDatabase({ url: testDb.url, dataDir, maxConnections: 4 });
  await database.migrate();
  await registerLocalStack(database.db, stack!, secrets);
  const clients = new ClientRegistry({ secrets });
  const sampler = new OffsetSampler({ db: database.db, secrets, logger, settings: { intervalMs: 1_000, rateWindowSamples: 3 }, kafkaClients: clients.kafka });
  const app = createApp({ database, clients, secrets, logger, publicDir: join(dataDir, 'no-ui'), offsetSampler: sampler });
  const close = async () => {
    await sampler.stop();
    await clients.closeAll();
    await database.close();
    await testDb.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
  return { testApp: { app, database, databaseUrl: testDb.url, secrets, clients, logger, logLines: [], close }, sampler };
}

describe.runIf(stack)('dashboard', () => {
  const kafka = new Kafka({ clientId: 'connectory-dashboard-test', brokers: stack?.kafka.bootstrap.split(',') ?? [], logLevel: logLevel.NOTHING });
  let ctx: Awaited<ReturnType<typeof startApp>>;
  let admin: Admin;
  let producer: Producer;
  let consumer: Consumer | undefined;
  let viewer: Headers;
  const topic = uniqueName('dashboard');
  const groupId = uniqueName('dashboard');

  const dashboard = async (headers: Headers = viewer) => {
    const started = Date.now();
    const { status, body } = await call(ctx.testApp, 'GET', '/api/v1/dashboard', headers);
    expect(status).toBe(200);
    return { body, ms: Date.now() - started };
  };
  const kafkaOf = (body: any, id: string) => body.kafkaClusters.find((cluster: { id: string }) => cluster.id === id);
  const connectOf = (body: any, id: string) => body.connectClusters.find((cluster: { id: string }) => cluster.id === id);

  beforeAll(async () => {
    ctx = await startApp();
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    viewer = (await tokenFor(ctx.testApp, 'viewer')).headers;
    ctx.sampler.start();
  });

  afterAll(async () => {
    await consumer?.disconnect().catch(() => {});
    await admin?.deleteGroups([groupId]).catch(() => {});
    await admin?.deleteTopics({ topics: [topic] }).catch(() => {});
    await Promise.all([producer?.disconnect(), admin?.disconnect()]);
    await ctx?.testApp.close();
  });

  it('shows the Kafka cluster: brokers, controller, topics and partitions, consumer groups by lag status', async () => {
    const { body } = await dashboard();
    const local = kafkaOf(body, 'local');
    const brokers = stack!.kafka.nodes?.length ?? 1;
    expect(local).toMatchObject({ id: 'local', name: 'Local stack', status: 'up', brokers: { up: brokers, down: 0, downIds: [] } });
    expect(stack!.kafka.nodes?.map((node) => node.nodeId) ?? [1]).toContain(local.controllerId);
    expect(local.topics.total).toBeGreaterThan(0);
    expect(local.topics.internal).toBeGreaterThan(0); // __consumer_offsets
    expect(local.partitions).toMatchObject({ underReplicated: 0, offline: 0 });
    expect(local.partitions.total).toBeGreaterThanOrEqual(local.topics.total);
    expect(Object.keys(local.consumerGroups.byStatus).sort()).toEqual(['ERR', 'OK', 'REWIND', 'STALL', 'STOP', 'WARN']);
    const counted = Object.values(local.consumerGroups.byStatus as Record<string, number>).reduce((sum, n) => sum + n, 0);
    expect(counted).toBe(local.consumerGroups.total);
  });

  it('shows messages in and out per second from the sampler while data flows', async () => {
    consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ autoCommitInterval: 100, eachMessage: async () => {} });
    let producing = true;
    const feeding = (async () => {
      while (producing) {
        await producer.send({ topic, messages: Array.from({ length: 10 }, (_, i) => ({ value: `m${i}`, partition: i % 2 })) });
        await sleep(200);
      }
    })();
    try {
      const local = await waitFor(
        'rates on the dashboard',
        async () => {
          const found = kafkaOf((await dashboard()).body, 'local');
          return found.messagesInPerSec > 0 && found.messagesOutPerSec > 0 ? found : undefined;
        },
        { timeoutMs: 30_000 },
      );
      expect(local.messagesInPerSec).toBeLessThan(200); // ~50 a second; other tests may add a little
      expect(local.consumerGroups.total).toBeGreaterThanOrEqual(1);
    } finally {
      producing = false;
      await feeding;
    }
  }, 60_000);

  it('shows the Connect cluster: connectors by state and every worker host from its plugin agent', async () => {
    const { body } = await dashboard();
    const local = connectOf(body, 'local');
    // Other suites restart workers (plugin installs, failover) on the shared stack: a worker may be coming back.
    expect(local).toMatchObject({ id: 'local', kafkaClusterId: 'local', status: expect.stringMatching(/^(up|degraded)$/) });
    if (local.status === 'up') expect(local.connectors).toEqual({ total: expect.any(Number), byState: expect.any(Object), failedTasks: expect.any(Number) });
    expect(local.workers).toHaveLength(stack!.connect.workers.length);
    for (const worker of local.workers) {
      if (worker.status === 'up') expect(worker.version).toMatch(/^4\./);
      else expect(worker.error).toBeTruthy();
      expect(worker.agent).toMatchObject({ status: 'up', node: { cpus: expect.any(Number), load: [expect.any(Number), expect.any(Number), expect.any(Number)] } });
      expect(worker.agent.worker).toEqual({ state: expect.stringMatching(/^(starting|running)$/), restarts: expect.any(Number) });
      expect(worker.agent.node.disk.freeBytes).toBeGreaterThan(0);
      expect(worker.agent.node.memory.totalBytes).toBeGreaterThan(worker.agent.node.memory.freeBytes);
    }
  });

  it('reports unreachable clusters in place, quickly, without failing the answer', async () => {
    const db = ctx.testApp.database.db;
    await db.insert(kafkaClusters).values({ id: 'gone-kafka', name: 'Gone', bootstrapServers: ['127.0.0.1:1'] });
    await db.insert(connectClusters).values({ id: 'gone-connect', name: 'Gone Connect', kafkaClusterId: 'gone-kafka' });
    await db.insert(connectWorkers).values({ connectClusterId: 'gone-connect', url: 'http://127.0.0.1:1', agentUrl: 'http://127.0.0.1:2', agentTokenEnc: ctx.testApp.secrets.encrypt('x') });

    const { body, ms } = await dashboard();
    expect(ms).toBeLessThan(8_000);
    const gone = kafkaOf(body, 'gone-kafka');
    expect(gone).toMatchObject({ status: 'down', brokers: null, topics: null, consumerGroups: null });
    expect(gone.error).toMatch(/gone-kafka/);
    expect(gone.consumerGroupsError).toMatch(/gone-kafka/);
    const goneConnect = connectOf(body, 'gone-connect');
    expect(goneConnect).toMatchObject({ status: 'down', connectors: null });
    expect(goneConnect.connectorsError).toMatch(/gone-connect/);
    expect(goneConnect.workers[0]).toMatchObject({ status: 'down', agent: { status: 'down', error: expect.stringMatching(/plugin agent http:\/\/127\.0\.0\.1:2/) } });
    expect(kafkaOf(body, 'local').status).toBe('up');
    expect(connectOf(body, 'local').workers).toHaveLength(stack!.connect.workers.length);
    expect(connectOf(body, 'local').workers.every((worker: { agent: { status: string } }) => worker.agent.status === 'up')).toBe(true);
  }, 30_000);

  it('shows only the clusters a scoped caller may see', async () => {
    const scoped = await tokenFor(ctx.testApp, 'viewer', ['local']);
    const { body } = await dashboard(scoped.headers);
    expect(body.kafkaClusters.map((cluster: { id: string }) => cluster.id)).toEqual(['local']);
    expect(body.connectClusters.map((cluster: { id: string }) => cluster.id)).toEqual(['local']);
  });
});
