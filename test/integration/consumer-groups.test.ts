/**
 * Consumer groups against the local stack's real broker: kafkajs producers and consumer groups, the offset
 * sampler at a one-second interval, and the API on top. Needs the stack (`npm run stack:up`); parts that need
 * several brokers or Java are skipped with the reason.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import kafkajs, { type Admin, type Consumer, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { ClientRegistry } from '../../server/clusters/client-registry';
import { registerLocalStack } from '../../server/clusters/local-stack';
import { getKafkaCluster } from '../../server/clusters/registry';
import { openDatabase } from '../../server/db';
import { auditLog } from '../../server/db/tables';
import { KafkaClients } from '../../server/kafka/pool';
import { createLogger } from '../../server/logger';
import { takeSample } from '../../server/metrics/sample';
import { OffsetSampler } from '../../server/metrics/sampler';
import { SecretBox } from '../../server/secrets/secret-box';
import type { TestApp } from '../support/app';
import { tokenFor } from '../support/auth';
import { call, sleep, uniqueName, waitFor, type Headers } from '../support/connect';
import { createTestDatabase } from '../support/db';
import { resolveKafkaClasspath } from '../stack/kafka/classpath';
import { readStack } from '../stack/index';

const { Kafka, logLevel } = kafkajs;
const stack = readStack();
const SAMPLER = { intervalMs: 1_000, statusWindowSamples: 6, minStatusSamples: 4, rateWindowSamples: 5 };

interface GroupsTestApp {
  testApp: TestApp;
  sampler: OffsetSampler;
}

/** The real app with a fast, running sampler (createTestApp's app would sample only on demand, every 20 s). */
async function startApp(): Promise<GroupsTestApp> {
  const testDb = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'connectory-groups-'));
  const logger = createLogger((process.env.LOG_LEVEL as 'info' | undefined) ?? 'silent');
  const secrets = new SecretBox('connectory-test-secret-key');
  const database = await openDatabase({ url: testDb.url, dataDir, maxConnections: 4 });
  await database.migrate();
  await registerLocalStack(database.db, stack!, secrets);
  const clients = new ClientRegistry({ secrets });
  const sampler = new OffsetSampler({ db: database.db, secrets, logger, settings: SAMPLER, kafkaClients: clients.kafka });
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

describe.runIf(stack)('consumer groups on the real broker', () => {
  const kafka = new Kafka({ clientId: 'connectory-groups-test', brokers: stack?.kafka.bootstrap.split(',') ?? [], logLevel: logLevel.NOTHING });
  let ctx: GroupsTestApp;
  let admin: Admin;
  let producer: Producer;
  let viewer: Headers;
  let operator: Headers;
  const topics: string[] = [];
  const groups: string[] = [];
  const consumers = new Set<Consumer>();

  const api = (method: string, path: string, headers: Headers = viewer, body?: unknown) => call(ctx.testApp, method, path, headers, body);
  const base = '/api/v1/clusters/local/consumer-groups';
  const summaryOf = async (groupId: string) => {
    const { status, body } = await api('GET', `${base}?q=${encodeURIComponent(groupId)}&size=10`);
    expect(status).toBe(200);
    return (body.items as { groupId: string }[]).find((item) => item.groupId === groupId) as any;
  };

  async function newTopic(prefix: string, partitions = 2): Promise<string> {
    const topic = uniqueName(prefix);
    topics.push(topic);
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
    return topic;
  }

  function newGroup(prefix: string): string {
    const groupId = uniqueName(prefix);
    groups.push(groupId);
    return groupId;
  }

  async function produce(topic: string, count: number, partitions = 2, timestamp?: number): Promise<void> {
    const messages = Array.from({ length: count }, (_, i) => ({
      value: `m${i}`,
      partition: i % partitions,
      ...(timestamp === undefined ? {} : { timestamp: String(timestamp) }),
    }));
    await producer.send({ topic, messages });
  }

  /** A kafkajs consumer that commits after each message; `perSecond` throttles it to a steady rate. */
  async function consume(groupId: string, topic: string, options: { perSecond?: number; onMessage?: () => void } = {}): Promise<Consumer> {
    const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 200 });
    consumers.add(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const started = Date.now();
    let consumed = 0;
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: 2,
      eachMessage: async ({ partition, message }) => {
        if (options.perSecond) {
          // Message n may go at started + n / rate: a steady rate however the fetches are batched.
          const due = started + (consumed * 1000) / options.perSecond;
          consumed += 1;
          if (due > Date.now()) await sleep(due - Date.now());
        }
        await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
        options.onMessage?.();
      },
    });
    return consumer;
  }

  async function stop(consumer: Consumer): Promise<void> {
    consumers.delete(consumer);
    await consumer.disconnect();
  }

  beforeAll(async () => {
    ctx = await startApp();
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
    [viewer, operator] = await Promise.all([tokenFor(ctx.testApp, 'viewer'), tokenFor(ctx.testApp, 'operator')]).then((tokens) => tokens.map((t) => t.headers));
    ctx.sampler.start();
  });

  afterAll(async () => {
    await Promise.all([...consumers].map((consumer) => consumer.disconnect().catch(() => {})));
    await admin?.deleteGroups(groups).catch(() => {});
    await admin?.deleteTopics({ topics }).catch(() => {});
    await Promise.all([producer?.disconnect(), admin?.disconnect()]);
    await ctx?.testApp.close();
  });

  describe('lag, status and CMPS of a live group', () => {
    let topic: string;
    let groupId: string;
    let consumer: Consumer;
    const consumedAt: number[] = [];

    beforeAll(async () => {
      topic = await newTopic('lag');
      groupId = newGroup('lag');
      await produce(topic, 600);
    });

    it('measures CMPS within 10% of the rate the consumer runs at', async () => {
      consumer = await consume(groupId, topic, { perSecond: 40, onMessage: () => consumedAt.push(Date.now()) });
      // Several sample intervals of steady consumption: the rate window is 5 samples.
      await waitFor('steady consumption', async () => (consumedAt.length >= 40 * 8 ? true : undefined), { timeoutMs: 30_000 });
      const summary = await summaryOf(groupId);
      const now = Date.now();
      const windowMs = 5_000;
      const actual = consumedAt.filter((at) => at > now - windowMs).length / (windowMs / 1000);
      expect(summary.cmps).not.toBeNull();
      expect(Math.abs(summary.cmps - actual) / actual).toBeLessThan(0.1);
      expect(Math.abs(summary.cmps - 40) / 40).toBeLessThan(0.1);
      expect(summary).toMatchObject({ state: 'Stable', protocol: 'classic', members: 1, topics: [topic] });
      expect(summary.lag).toBeGreaterThan(0);
      expect(summary.status).toBe('OK'); // the lag falls while the consumer works through the backlog
    }, 60_000);

    it('is OK once caught up, then lag rises and the status turns STOP while the consumer is stopped and data arrives', async () => {
      await stop(consumer);
      await consume(groupId, topic).then((fast) => (consumer = fast));
      await waitFor('caught up', async () => ((await summaryOf(groupId))?.lag === 0 ? true : undefined), { timeoutMs: 30_000 });
      await stop(consumer);

      const lags: number[] = [];
      const seen = new Set<string>();
      let producing = true;
      const feeding = (async () => {
        while (producing) {
          await produce(topic, 10);
          await sleep(250);
        }
      })();
      try {
        const stopped = await waitFor(
          'status STOP',
          async () => {
            const summary = await summaryOf(groupId);
            lags.push(summary.lag);
            seen.add(summary.status);
            return summary.status === 'STOP' ? summary : undefined;
          },
          { timeoutMs: 30_000, intervalMs: 500 },
        );
        expect(stopped.state).toBe('Empty');
        expect(stopped.cmps).toBe(0);
        expect(stopped.produceRate).toBeGreaterThan(0);
      } finally {
        producing = false;
        await feeding;
      }
      expect(seen.has('OK')).toBe(true);
      expect(lags.at(-1)).toBeGreaterThan(lags[0]!);
      expect(lags.every((lag, i) => i === 0 || lag >= lags[i - 1]!)).toBe(true);

      const { body: stopList } = await api('GET', `${base}?status=STOP,ERR&q=${groupId}`);
      expect(stopList.items.map((item: { groupId: string }) => item.groupId)).toEqual([groupId]);
    }, 90_000);

    it('falls back to OK once the consumer resumes and catches up', async () => {
      consumer = await consume(groupId, topic);
      const recovered = await waitFor(
        'back to OK',
        async () => {
          const summary = await summaryOf(groupId);
          return summary.status === 'OK' && summary.lag === 0 ? summary : undefined;
        },
        { timeoutMs: 30_000 },
      );
      expect(recovered).toMatchObject({ state: 'Stable', members: 1 });
    }, 60_000);

    it('describes the group: members with assignments, per-partition offsets and lag, and the last hour as a series', async () => {
      const { status, body } = await api('GET', `${base}/${encodeURIComponent(groupId)}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ groupId, state: 'Stable', protocol: 'classic', protocolType: 'consumer', status: 'OK' });
      expect(body.members).toHaveLength(1);
      expect(body.members[0]).toMatchObject({ clientId: 'connectory-groups-test', host: expect.stringContaining('127.0.0.1') });
      expect(body.members[0].assignment).toEqual([{ topic, partitions: [0, 1] }]);
      expect(body.partitions).toHaveLength(2);
      for (const partition of body.partitions) {
        expect(partition).toMatchObject({ topic, lag: 0, status: 'OK', owner: 'connectory-groups-test' });
        expect(partition.committedOffset).toBe(partition.logEndOffset);
      }
      expect(body.series.length).toBeGreaterThan(10);
      expect(body.series.at(-1)).toEqual({ at: expect.any(String), lag: expect.any(Number), cmps: expect.any(Number), produceRate: expect.any(Number) });
      expect(Date.parse(body.series[0].at)).toBeLessThan(Date.parse(body.series.at(-1).at));
      await stop(consumer);
    }, 30_000);
  });

  describe('resetting offsets', () => {
    let topic: string;
    let groupId: string;
    let beforeMark: number;

    const reset = (body: Record<string, unknown>, headers = operator) => api('POST', `${base}/${encodeURIComponent(groupId)}/reset-offsets`, headers, body);
    const committed = async () => {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return Object.fromEntries(offsets!.partitions.map((p) => [p.partition, p.offset]));
    };

    beforeAll(async () => {
      topic = await newTopic('reset');
      groupId = newGroup('reset');
      // Record timestamps set by the test, so the mark falls between the two batches whatever the clock does.
      beforeMark = Date.now();
      await produce(topic, 20, 2, beforeMark - 60_000);
      await produce(topic, 20, 2, beforeMark); // offsets 10..19 of each partition are at or after beforeMark
    });

    it('refuses while the group has a running consumer, with a clear message', async () => {
      const consumer = await consume(groupId, topic);
      await waitFor('group consumed', async () => ((await committed())[0] === '20' && (await committed())[1] === '20' ? true : undefined));
      const refused = await reset({ to: 'earliest', dryRun: true });
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toMatch(/is Stable with 1 member; stop its consumers/);
      const refusedDelete = await api('DELETE', `${base}/${encodeURIComponent(groupId)}`, operator);
      expect(refusedDelete.status).toBe(409);
      await stop(consumer);
    }, 60_000);

    it('is for operators: a viewer gets 403', async () => {
      expect((await reset({ to: 'earliest', dryRun: true }, viewer)).status).toBe(403);
    });

    it('validates the request', async () => {
      const missing = await reset({ to: 'timestamp', dryRun: true });
      expect(missing.status).toBe(400);
      expect(missing.body.error.field).toBe('timestamp');
      expect((await reset({ to: 'shift', dryRun: true })).status).toBe(400);
    });

    it('previews a dry run without writing anything', async () => {
      const preview = await reset({ to: 'earliest', dryRun: true });
      expect(preview.status).toBe(200);
      expect(preview.body).toEqual({
        groupId,
        dryRun: true,
        applied: false,
        partitions: [
          { topic, partition: 0, current: 20, target: 0 },
          { topic, partition: 1, current: 20, target: 0 },
        ],
      });
      expect(await committed()).toEqual({ 0: '20', 1: '20' });
      const audited = await ctx.testApp.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.objectId, groupId), eq(auditLog.action, 'consumer-group.reset-offsets')));
      expect(audited).toEqual([]); // a dry run changes nothing, so it is not audited
    });

    it('commits resolved offsets (never the -2 sentinel) and records the reset in the audit log', async () => {
      const done = await reset({ to: 'earliest', dryRun: false });
      expect(done.status).toBe(200);
      expect(done.body.applied).toBe(true);
      expect(await committed()).toEqual({ 0: '0', 1: '0' });
      const [entry] = await ctx.testApp.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.objectId, groupId), eq(auditLog.action, 'consumer-group.reset-offsets')));
      expect(entry).toMatchObject({ clusterId: 'local', objectType: 'consumer-group', outcome: 'success', actorKind: 'token' });
      expect(entry!.details).toMatchObject({ to: 'earliest', partitionCount: 2, partitions: [{ topic, partition: 0, from: 20, to: 0 }, { topic, partition: 1, from: 20, to: 0 }] });
    });

    it('shifts within the log bounds, resets to a time and to the end', async () => {
      expect((await reset({ to: 'shift', shift: 5, dryRun: false })).body.partitions.map((p: { target: number }) => p.target)).toEqual([5, 5]);
      expect((await reset({ to: 'shift', shift: -50, dryRun: true })).body.partitions.map((p: { target: number }) => p.target)).toEqual([0, 0]);
      expect((await reset({ to: 'shift', shift: 500, dryRun: true })).body.partitions.map((p: { target: number }) => p.target)).toEqual([20, 20]);
      const atTime = await reset({ to: 'timestamp', timestamp: new Date(beforeMark).toISOString(), dryRun: false });
      expect(atTime.body.partitions.map((p: { target: number }) => p.target)).toEqual([10, 10]);
      expect(await committed()).toEqual({ 0: '10', 1: '10' });
      const future = await reset({ to: 'timestamp', timestamp: Date.now() + 3_600_000, dryRun: true });
      expect(future.body.partitions.map((p: { target: number }) => p.target)).toEqual([20, 20]);
      await reset({ to: 'latest', dryRun: false });
      expect(await committed()).toEqual({ 0: '20', 1: '20' });
    });

    it('resets one named topic of a group that never consumed it', async () => {
      const other = await newTopic('reset-other', 1);
      await produce(other, 3, 1);
      const done = await reset({ topic: other, to: 'latest', dryRun: false });
      expect(done.body.partitions).toEqual([{ topic: other, partition: 0, current: null, target: 3 }]);
      expect((await reset({ topic: 'no-such-topic-anywhere', to: 'latest', dryRun: true })).status).toBe(404);
    });

    it('deletes the empty group, which then is 404', async () => {
      const deleted = await api('DELETE', `${base}/${encodeURIComponent(groupId)}`, operator);
      expect(deleted.status).toBe(204);
      expect((await api('GET', `${base}/${encodeURIComponent(groupId)}`)).status).toBe(404);
      expect((await api('DELETE', `${base}/${encodeURIComponent(groupId)}`, operator)).status).toBe(404);
      const entries = await ctx.testApp.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.objectId, groupId), eq(auditLog.action, 'consumer-group.delete')))
        .orderBy(auditLog.id);
      // The refused attempt while a consumer ran, the deletion, and the attempt on the deleted group.
      expect(entries.map((entry) => entry.outcome)).toEqual(['failure', 'success', 'failure']);
      expect(entries[0]!.details).toMatchObject({ error: expect.stringMatching(/is Stable with 1 member/) });
    });
  });

  describe('the cost of a sample', () => {
    it('is a few requests per broker, not one per group: 50 more groups cost no more requests', async () => {
      const topic = await newTopic('many');
      await produce(topic, 10);
      const cluster = (await getKafkaCluster(ctx.testApp.database.db, 'local'))!;
      const clients = new KafkaClients();
      const wire = clients.get({ clusterId: 'local', brokers: cluster.bootstrapServers });
      try {
        const before = await takeSample(wire);
        const many = Array.from({ length: 50 }, () => newGroup('many'));
        await Promise.all(many.map((groupId) => admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '3' }, { partition: 1, offset: '1' }] })));
        const after = await takeSample(wire);

        for (const groupId of many) expect(after.groups.get(groupId)?.committed.size).toBe(2);
        const brokers = after.brokers;
        // Metadata ×2, then per broker: ListGroups, OffsetFetch, DescribeGroups, (ConsumerGroupDescribe), ListOffsets.
        expect(after.requests).toBeLessThanOrEqual(2 + 5 * brokers);
        expect(after.requests).toBe(before.requests);
        expect(after.requestsByApi.OffsetFetch).toBeLessThanOrEqual(brokers);
        expect(after.errors).toEqual([]);
      } finally {
        await clients.closeAll();
      }
    }, 60_000);
  });

  describe('KIP-848 consumer groups (group.protocol=consumer)', () => {
    let child: ChildProcess | undefined;
    const java = ['/usr/bin/java', '/usr/lib/jvm/default-java/bin/java'].some(existsSync);

    afterAll(() => {
      child?.kill('SIGKILL');
    });

    it.runIf(java)('lists and describes a group of the new protocol, which kafkajs cannot', async () => {
      const topic = await newTopic('kip848');
      const groupId = newGroup('kip848');
      await produce(topic, 10);
      const { jars } = await resolveKafkaClasspath(() => {});
      child = spawn(
        'java',
        ['-cp', jars.join(':'), 'org.apache.kafka.tools.consumer.ConsoleConsumer', '--bootstrap-server', stack!.kafka.bootstrap, '--topic', topic,
          '--group', groupId, '--from-beginning', '--consumer-property', 'group.protocol=consumer'],
        { stdio: 'ignore' },
      );
      const summary = await waitFor(
        'the KIP-848 group, caught up',
        async () => {
          const found = await summaryOf(groupId);
          return found?.members === 1 && found.lag === 0 ? found : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 1_000 },
      );
      expect(summary).toMatchObject({ protocol: 'consumer', state: 'Stable', topics: [topic] });
      const { body } = await api('GET', `${base}/${encodeURIComponent(groupId)}`);
      expect(body).toMatchObject({ protocol: 'consumer', protocolType: 'consumer', assignor: expect.any(String) });
      expect(body.members[0]).toMatchObject({ clientId: 'console-consumer', assignment: [{ topic, partitions: [0, 1] }] });
      expect(body.partitions.map((p: { committedOffset: number }) => p.committedOffset)).toEqual([5, 5]);

      child.kill('SIGTERM');
      await waitFor('the group empty', async () => ((await summaryOf(groupId))?.state === 'Empty' ? true : undefined), { timeoutMs: 30_000 });
      const preview = await api('POST', `${base}/${encodeURIComponent(groupId)}/reset-offsets`, operator, { to: 'earliest', dryRun: false });
      expect(preview.status).toBe(200);
      expect((await api('GET', `${base}/${encodeURIComponent(groupId)}`)).body.partitions.map((p: { committedOffset: number }) => p.committedOffset)).toEqual([0, 0]);
    }, 120_000);
  });
});
