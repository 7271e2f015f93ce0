/**
 * The server is killed (SIGKILL, no shutdown) while a throttled plan runs on the three-broker cluster: the throttles
 * stay on the brokers; a new server on the same database takes the executor's lease, resumes the plan from
 * PostgreSQL (its throttle raised through the new server), finishes it and removes every throttle.
 */
import kafkajs, { type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { ensureMultiBrokerKafka } from '../support/multi-broker';
import { startServer, type RunningServer } from '../support/server';
import { uniqueName, waitFor } from '../support/connect';
import { readStack } from '../stack/index';

const { Kafka, logLevel } = kafkajs;
const stack = readStack();
const CLUSTER = 'rebalance-restart';
const PROPOSALS = `/api/v1/clusters/${CLUSTER}/rebalance/proposals`;

describe.runIf(stack)('a rebalance across a killed server', () => {
  let testDb: TestDatabase;
  let admin: Admin;
  let server: RunningServer | undefined;
  const topic = uniqueName('rebalance-restart');
  // a short lease: the successor takes the executor over within seconds of the kill
  const env = () => ({ DATABASE_URL: testDb.url, JOBS_LEASE_SECONDS: '3', CONNECTORY_SECRET_KEY: 'rebalance-restart-secret-key-0123456789' });

  async function session(running: RunningServer) {
    const login = await fetch(`${running.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(running.admin) });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    return async (method: string, path: string, body?: unknown) => {
      const answer = await fetch(`${running.url}${path}`, { method, headers: { cookie, 'X-CSRF-Token': csrfToken, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: answer.status, body: (await answer.json()) as any };
    };
  }

  const throttlesLeft = async () => {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [...[1, 2, 3].map((id) => ({ type: 4, name: String(id) })), { type: 2, name: topic }],
    });
    return resources.flatMap((r) => r.configEntries.filter((e) => e.configName.includes('replication.throttled') && e.configValue && !e.isDefault).map((e) => `${r.resourceName}:${e.configName}`));
  };

  beforeAll(async () => {
    const multi = await ensureMultiBrokerKafka();
    testDb = await createTestDatabase();
    const kafka = new Kafka({ clientId: 'connectory-rebalance-restart-test', brokers: multi.bootstrap.split(','), logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, replicaAssignment: [0, 1, 2].map((partition) => ({ partition, replicas: [1] })) }] });
    const producer = kafka.producer();
    await producer.connect();
    const value = 'x'.repeat(1_000);
    for (let i = 0; i < 3_000; i += 100) await producer.send({ topic, acks: -1, messages: Array.from({ length: 100 }, (_, j) => ({ value, partition: (i + j) % 3 })) });
    await producer.disconnect();
    server = await startServer(env());
    const api = await session(server);
    expect((await api('POST', '/api/v1/clusters', { id: CLUSTER, name: 'Three brokers (restart test)', bootstrapServers: multi.bootstrap.split(',') })).status).toBe(201);
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
    await admin?.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin?.disconnect();
    await testDb?.drop();
  });

  it('resumes and finishes the plan on the next server, and leaves no throttle behind', async () => {
    let api = await session(server!);
    const { body: proposal } = await api('POST', `/api/v1/clusters/${CLUSTER}/topics/${topic}/replication-factor`, { replicationFactor: 2 });
    expect(proposal.moves).toHaveLength(3);
    // 10 KiB/s: each ~1 MB copy takes minutes, so the plan is surely mid-flight when the server dies
    expect((await api('POST', `${PROPOSALS}/${proposal.id}/approve`, { throttleBytesPerSecond: 10 * 1024 })).status).toBe(202);
    await waitFor('moves in flight with throttles on', async () => {
      const { body } = await api('GET', `${PROPOSALS}/${proposal.id}`);
      return body.throttlesSet && body.moves.some((m: { state: string }) => m.state === 'moving') ? true : undefined;
    });
    process.kill(-server!.pid, 'SIGKILL');
    await server!.stop(); // reaps the killed group and removes its data dir
    server = undefined;
    expect((await throttlesLeft()).length).toBeGreaterThan(0);

    server = await startServer(env());
    api = await session(server);
    const resumed = await api('GET', `${PROPOSALS}/${proposal.id}`);
    expect(resumed.body.state).toBe('executing');
    expect((await api('PUT', `${PROPOSALS}/${proposal.id}/throttle`, { throttleBytesPerSecond: 50 * 1024 * 1024 })).status).toBe(200);
    const done = await waitFor('the plan to end on the new server', async () => {
      const { body } = await api('GET', `${PROPOSALS}/${proposal.id}`);
      return ['done', 'failed', 'cancelled'].includes(body.state) && !body.throttlesSet ? body : undefined;
    }, { timeoutMs: 120_000, intervalMs: 1_000 });
    expect(done.state, JSON.stringify(done.error)).toBe('done');
    expect(done.progress).toMatchObject({ moves: 3, done: 3, failed: 0 });
    expect(await throttlesLeft()).toEqual([]);
    const { topics: [described] } = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(described!.partitions.every((p) => p.replicas.length === 2)).toBe(true);
  }, 300_000);
});
