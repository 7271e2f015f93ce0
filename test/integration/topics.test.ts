/**
 * The topic console against the local stack's real broker (Kafka 4.3, one broker): templates, validation, incremental
 * config changes, partitions, typed-confirmation deletes, the bounded message browser, paging and config help.
 * Needs the stack (`npm run stack:up`).
 */
import { desc, eq } from 'drizzle-orm';
import kafkajs, { type Admin, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, kafkaClusters } from '../../server/db/tables';
import { call, connectTestApp, uniqueName, waitFor, type ConnectTestContext } from '../support/connect';
import { readStack } from '../stack/index';

const { Kafka, logLevel, CompressionTypes } = kafkajs;
const stack = readStack();
const TOPICS = '/api/v1/clusters/local/topics';

describe.runIf(stack)('topics on the real broker', () => {
  const kafka = new Kafka({ clientId: 'connectory-topics-test', brokers: stack?.kafka.bootstrap.split(',') ?? [], logLevel: logLevel.NOTHING });
  let ctx: ConnectTestContext;
  let admin: Admin;
  let producer: Producer;
  const created: string[] = [];

  const api = <T = any>(method: string, path: string, body?: unknown, as: 'operator' | 'viewer' = 'operator') =>
    call<T>(ctx.testApp, method, path, ctx[as], body);
  const topicName = (prefix: string) => {
    const name = uniqueName(prefix);
    created.push(name);
    return name;
  };
  const configOf = (detail: { configs: { name: string; value: string | null; isDefault: boolean; documentation?: string | null }[] }, name: string) =>
    detail.configs.find((config) => config.name === name);

  beforeAll(async () => {
    ctx = await connectTestApp(stack!);
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
  });

  afterAll(async () => {
    const existing = new Set(await admin.listTopics().catch(() => [] as string[]));
    const leftovers = created.filter((name) => existing.has(name));
    if (leftovers.length > 0) await admin.deleteTopics({ topics: leftovers }).catch(() => {});
    await Promise.all([producer?.disconnect(), admin?.disconnect()]);
    await ctx?.testApp.close();
  });

  describe('templates and creation', () => {
    it('lists the templates, each explaining itself', async () => {
      const { status, body } = await api('GET', '/api/v1/topic-templates', undefined, 'viewer');
      expect(status).toBe(200);
      expect(body.items.map((t: { id: string }) => t.id)).toEqual(['cdc-changelog', 'compacted-state', 'high-throughput']);
      for (const template of body.items) expect(template.description.length).toBeGreaterThan(50);
    });

    it('creates a topic from a template and reads its settings back (replication capped at the broker count)', async () => {
      const name = topicName('cdc');
      const { status, body } = await api('POST', TOPICS, { name, template: 'cdc-changelog' });
      expect(status, JSON.stringify(body)).toBe(201);
      expect(body).toMatchObject({ name, partitions: 3, replicationFactor: 1, template: 'cdc-changelog', validateOnly: false });
      expect(body.topicId).toMatch(/^[\w-]{22}$/);

      const detail = await api('GET', `${TOPICS}/${name}`, undefined, 'viewer');
      expect(detail.status).toBe(200);
      expect(detail.body.partitionCount).toBe(3);
      expect(detail.body.replicationFactor).toBe(1);
      expect(configOf(detail.body, 'cleanup.policy')).toMatchObject({ value: 'compact', isDefault: false, source: 'DYNAMIC_TOPIC_CONFIG' });
      expect(configOf(detail.body, 'min.compaction.lag.ms')).toMatchObject({ value: '604800000', isDefault: false });
      expect(configOf(detail.body, 'min.insync.replicas')).toMatchObject({ value: '1', isDefault: false });
      expect(configOf(detail.body, 'retention.bytes')).toMatchObject({ isDefault: true });
      expect(configOf(detail.body, 'retention.ms')?.documentation).toMatch(/retain/i);

      const [entry] = await ctx.testApp.database.db.select().from(auditLog).where(eq(auditLog.objectId, name)).orderBy(desc(auditLog.id)).limit(1);
      expect(entry).toMatchObject({ action: 'topic.create', clusterId: 'local', objectType: 'topic', outcome: 'success' });
    });

    it('explicit fields override the template', async () => {
      const name = topicName('override');
      const { status, body } = await api('POST', TOPICS, { name, template: 'high-throughput', partitions: 2, configs: { 'compression.type': 'zstd', 'retention.ms': 3_600_000 } });
      expect(status, JSON.stringify(body)).toBe(201);
      expect(body.partitions).toBe(2);
      expect(body.configs).toMatchObject({ 'compression.type': 'zstd', 'retention.ms': '3600000', 'segment.bytes': '1073741824' });
    });

    it('refuses bad input before asking Kafka, naming the field', async () => {
      const cases: [unknown, string, RegExp][] = [
        [{ name: 'bad name!' }, 'name', /may contain only/],
        [{ name: 'x'.repeat(250) }, 'name', /249/],
        [{ name: uniqueName('t'), configs: { 'retention.msx': '1' } }, 'configs.retention.msx', /not a topic config/],
        [{ name: uniqueName('t'), configs: { 'retention.ms': 'soon' } }, 'configs.retention.ms', /whole number/],
        [{ name: uniqueName('t'), configs: { 'cleanup.policy': 'compact,forever' } }, 'configs.cleanup.policy', /"forever" is not one of compact, delete/],
        [{ name: uniqueName('t'), configs: { 'min.cleanable.dirty.ratio': '1.5' } }, 'configs.min.cleanable.dirty.ratio', /at most 1/],
        [{ name: uniqueName('t'), replicationFactor: 3 }, 'replicationFactor', /has 1/],
        [{ name: uniqueName('t'), configs: { 'min.insync.replicas': '2' }, replicationFactor: 1 }, 'configs.min.insync.replicas', /replication factor is 1/],
        [{ name: uniqueName('t'), template: 'nope' }, 'template', /Unknown topic template/],
      ];
      for (const [body, field, message] of cases) {
        const response = await api('POST', TOPICS, body);
        expect(response.status, JSON.stringify(response.body)).toBe(400);
        expect(response.body.error.field).toBe(field);
        expect(response.body.error.message).toMatch(message);
      }
    });

    it('passes on the broker’s own refusal with its message and the config as the field', async () => {
      const response = await api('POST', TOPICS, { name: uniqueName('tiny-segment'), configs: { 'segment.bytes': '100' } });
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'rejected_by_kafka', field: 'configs.segment.bytes' });
      expect(response.body.error.message).toMatch(/Kafka cluster "local".*INVALID_CONFIG.*segment\.bytes/);
    });

    it('validates without creating (validateOnly), and refuses duplicates and "."/"_" collisions', async () => {
      const name = topicName('dup.check');
      const dry = await api('POST', `${TOPICS}?validateOnly=true`, { name, partitions: 2 });
      expect(dry.status, JSON.stringify(dry.body)).toBe(200);
      expect(dry.body.validateOnly).toBe(true);
      expect((await api('GET', `${TOPICS}/${name}`)).status).toBe(404);

      expect((await api('POST', TOPICS, { name })).status).toBe(201);
      const again = await api('POST', TOPICS, { name });
      expect(again.status).toBe(409);
      const collision = await api('POST', TOPICS, { name: name.replace('.', '_') });
      expect(collision.status).toBe(409);
      expect(collision.body.error).toMatchObject({ field: 'name' });
      expect(collision.body.error.message).toMatch(/"\." and "_"/);
    });

    it('a viewer may read but not create', async () => {
      expect((await api('POST', TOPICS, { name: uniqueName('viewer') }, 'viewer')).status).toBe(403);
      expect((await api('GET', TOPICS, undefined, 'viewer')).status).toBe(200);
    });
  });

  describe('changing a topic', () => {
    let name: string;

    beforeAll(async () => {
      name = topicName('patch');
      const { status } = await api('POST', TOPICS, { name, partitions: 2, configs: { 'cleanup.policy': 'compact', 'retention.ms': '7200000' } });
      expect(status).toBe(201);
    });

    it('changes one setting and leaves the others as they were', async () => {
      const { status, body } = await api('PATCH', `${TOPICS}/${name}`, { configs: { set: { 'retention.ms': '3600000' } } });
      expect(status, JSON.stringify(body)).toBe(200);
      expect(configOf(body, 'retention.ms')).toMatchObject({ value: '3600000', isDefault: false });
      expect(configOf(body, 'cleanup.policy')).toMatchObject({ value: 'compact', isDefault: false });
    });

    it('deletes an override so the cluster default applies again', async () => {
      const { status, body } = await api('PATCH', `${TOPICS}/${name}`, { configs: { delete: ['cleanup.policy'] } });
      expect(status, JSON.stringify(body)).toBe(200);
      expect(configOf(body, 'cleanup.policy')).toMatchObject({ value: 'delete', isDefault: true });
      expect(configOf(body, 'retention.ms')).toMatchObject({ value: '3600000', isDefault: false });
    });

    it('adds partitions, and never removes any', async () => {
      const grown = await api('PATCH', `${TOPICS}/${name}`, { partitions: 4 });
      expect(grown.status, JSON.stringify(grown.body)).toBe(200);
      expect(grown.body.partitionCount).toBe(4);
      const shrink = await api('PATCH', `${TOPICS}/${name}`, { partitions: 3 });
      expect(shrink.status).toBe(400);
      expect(shrink.body.error).toMatchObject({ field: 'partitions' });
      expect(shrink.body.error.message).toMatch(/never remove/);
    });

    it('refuses unknown keys, bad values and empty patches, changing nothing', async () => {
      const bad = await api('PATCH', `${TOPICS}/${name}`, { configs: { set: { 'retention.ms': '-5' } }, partitions: 6 });
      expect(bad.status).toBe(400);
      expect(bad.body.error.field).toBe('configs.set.retention.ms');
      expect((await api('PATCH', `${TOPICS}/${name}`, { configs: { delete: ['nope.nope'] } })).body.error.field).toBe('configs.delete.0');
      expect((await api('PATCH', `${TOPICS}/${name}`, {})).status).toBe(400);
      const detail = await api('GET', `${TOPICS}/${name}`);
      expect(detail.body.partitionCount).toBe(4);
    });

    it('records each change in the audit log', async () => {
      const entries = await ctx.testApp.database.db.select().from(auditLog).where(eq(auditLog.objectId, name));
      expect(entries.map((entry) => entry.action).sort()).toEqual(['topic.create', 'topic.update', 'topic.update', 'topic.update']);
    });

    it('deletes only with the topic name typed again', async () => {
      expect((await api('DELETE', `${TOPICS}/${name}`)).status).toBe(400);
      const wrong = await api('DELETE', `${TOPICS}/${name}?confirm=${name}x`);
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.field).toBe('confirm');
      expect((await api('DELETE', `${TOPICS}/${name}?confirm=${name}`, undefined, 'viewer')).status).toBe(403);
      const deleted = await ctx.testApp.app.request(`${TOPICS}/${name}?confirm=${name}`, { method: 'DELETE', headers: ctx.operator });
      expect(deleted.status).toBe(204);
      expect((await api('GET', `${TOPICS}/${name}`)).status).toBe(404);
      expect((await api('DELETE', `${TOPICS}/${name}?confirm=${name}`)).status).toBe(404);
    });

    it('never deletes Kafka’s internal topics', async () => {
      const list = await api('GET', `${TOPICS}?internal=true`);
      // __consumer_offsets exists on this stack: the Connect workers' group commits there.
      expect(list.body.items.map((topic: { name: string }) => topic.name), 'internal topics listed').toContain('__consumer_offsets');
      const internal = list.body.items[0].name;
      expect((await api('DELETE', `${TOPICS}/${internal}?confirm=${internal}`)).status).toBe(409);
      expect((await api('GET', `${TOPICS}/${internal}`)).status, `${internal} still there`).toBe(200);
    });
  });

  describe('browsing messages', () => {
    let name: string;
    const base = Date.parse('2024-05-01T12:00:00Z');

    beforeAll(async () => {
      name = topicName('browse');
      expect((await api('POST', TOPICS, { name, partitions: 2 })).status).toBe(201);
      const messages = (partition: number) =>
        Array.from({ length: 5 }, (_, i) => ({
          partition,
          key: `key-${partition}-${i}`,
          value: JSON.stringify({ partition, i }),
          headers: { source: 'test' },
          timestamp: String(base + i * 60_000 + partition * 1000),
        }));
      await producer.send({ topic: name, messages: messages(0) });
      await producer.send({ topic: name, compression: CompressionTypes.GZIP, messages: messages(1) });
    });

    it('reads from an offset in one partition', async () => {
      const { status, body } = await api('GET', `${TOPICS}/${name}/messages?partition=0&offset=1&limit=2`, undefined, 'viewer');
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.items.map((m: { offset: number }) => m.offset)).toEqual([1, 2]);
      expect(body.items[0]).toMatchObject({ partition: 0, key: { value: 'key-0-1' }, value: { value: '{"partition":0,"i":1}' }, headers: [{ key: 'source', value: 'test' }] });
      expect(body.partitions).toEqual([{ partition: 0, startOffset: 1, nextOffset: 3, earliest: 0, latest: 5 }]);
      expect(body.stoppedBy).toBe('limit');
    });

    it('reads from a time, across partitions and compressed batches, in timestamp order', async () => {
      const from = new Date(base + 3 * 60_000).toISOString();
      const { status, body } = await api('GET', `${TOPICS}/${name}/messages?timestamp=${from}&limit=10&format=json`);
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.items.map((m: { value: { value: unknown } }) => m.value.value)).toEqual([
        { partition: 0, i: 3 },
        { partition: 1, i: 3 },
        { partition: 0, i: 4 },
        { partition: 1, i: 4 },
      ]);
      expect(body.items[0].timestamp).toBe(from);
      expect(body.stoppedBy).toBe('end');
    });

    it('shows the newest messages by default, shared over the partitions', async () => {
      const { body } = await api('GET', `${TOPICS}/${name}/messages?limit=4`);
      expect(body.items).toHaveLength(4);
      expect(body.items.map((m: { partition: number; offset: number }) => `${m.partition}:${m.offset}`).sort()).toEqual(['0:3', '0:4', '1:3', '1:4']);
    });

    it('decodes as hex, and says when a value is not JSON', async () => {
      const hex = await api('GET', `${TOPICS}/${name}/messages?partition=0&offset=0&limit=1&format=hex`);
      expect(hex.body.items[0].key.value).toBe(Buffer.from('key-0-0').toString('hex'));
      const keyAsJson = await api('GET', `${TOPICS}/${name}/messages?partition=0&offset=0&limit=1&format=json`);
      expect(keyAsJson.body.items[0].key).toMatchObject({ value: 'key-0-0', error: expect.stringMatching(/not valid JSON/) });
    });

    it('bounds and validates the request', async () => {
      expect((await api('GET', `${TOPICS}/${name}/messages?limit=501`)).status).toBe(400);
      expect((await api('GET', `${TOPICS}/${name}/messages?partition=7`)).body.error.field).toBe('partition');
      expect((await api('GET', `${TOPICS}/${name}/messages?offset=1&timestamp=2`)).status).toBe(400);
      expect((await api('GET', `${TOPICS}/${name}/messages?timestamp=yesterday`)).body.error.field).toBe('timestamp');
      expect((await api('GET', `${TOPICS}/${uniqueName('missing')}/messages`)).status).toBe(404);
    });

    it('an offset past the end returns nothing, without waiting for new messages', async () => {
      const started = Date.now();
      const { body } = await api('GET', `${TOPICS}/${name}/messages?partition=0&offset=99`);
      expect(body.items).toEqual([]);
      expect(Date.now() - started).toBeLessThan(2_000);
    });
  });

  describe('listing, help and rates', () => {
    const prefix = uniqueName('page');

    beforeAll(async () => {
      for (let i = 0; i < 7; i++) {
        const name = `${prefix}-${String(i).padStart(2, '0')}`;
        created.push(name);
      }
      await admin.createTopics({ topics: created.filter((name) => name.startsWith(prefix)).map((topic) => ({ topic, numPartitions: 1 })) });
    });

    it('searches and pages on the server, sorted by name', async () => {
      const page2 = await api('GET', `${TOPICS}?q=${prefix.toUpperCase()}&size=3&page=2`, undefined, 'viewer');
      expect(page2.status).toBe(200);
      expect(page2.body.total).toBe(7);
      expect(page2.body.items.map((t: { name: string }) => t.name)).toEqual([`${prefix}-03`, `${prefix}-04`, `${prefix}-05`]);
      expect(page2.body.items[0]).toMatchObject({ partitions: 1, replicationFactor: 1, internal: false, underReplicated: false });
      const last = await api('GET', `${TOPICS}?q=${prefix}&size=3&page=3`);
      expect(last.body.items).toHaveLength(1);
      const internal = await api('GET', `${TOPICS}?internal=true&size=500`);
      expect(internal.body.items.length, 'internal topics listed').toBeGreaterThan(0);
      expect(internal.body.items.every((t: { internal: boolean }) => t.internal)).toBe(true);
      expect((await api('GET', `${TOPICS}?size=501`)).status).toBe(400);
    });

    it('documents every topic config from the broker itself', async () => {
      const { status, body } = await api('GET', '/api/v1/clusters/local/topic-config-help', undefined, 'viewer');
      expect(status).toBe(200);
      expect(body.source).toBe('broker');
      const retention = body.items.find((item: { name: string }) => item.name === 'retention.ms');
      expect(retention).toMatchObject({ type: 'LONG', brokerConfig: expect.stringMatching(/^log\.retention/) });
      expect(retention.documentation).toMatch(/This configuration controls the maximum time we will retain a log/);
      expect(body.items.find((item: { name: string }) => item.name === 'cleanup.policy')).toMatchObject({ type: 'LIST', validValues: ['compact', 'delete'], defaultValue: 'delete' });
      expect(body.items.length).toBeGreaterThan(25);
    });

    it('measures the produce rate from sampled log-end offsets', async () => {
      const name = created.find((topic) => topic.startsWith(prefix))!;
      // Produces for as long as the measurement runs, however long its one-second window takes to come round.
      let measuring = true;
      const measurement = api('GET', `${TOPICS}/${name}/rates`).finally(() => (measuring = false));
      for (let i = 0; measuring; i++) {
        await producer.send({ topic: name, messages: Array.from({ length: 20 }, (_, j) => ({ value: `m${i}-${j}` })) });
      }
      const { status, body } = await measurement;
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.inPerSec).toBeGreaterThan(0);
      expect(body.windowMs).toBeGreaterThanOrEqual(1000);
      expect(body.partitions).toEqual([{ partition: 0, inPerSec: body.inPerSec }]);
      expect(body).toHaveProperty('outPerSec');
    });

    it('measures consumption from the consumer groups’ committed offsets', async () => {
      const name = created.filter((topic) => topic.startsWith(prefix))[1]!;
      const groupId = uniqueName('rates-group');
      await producer.send({ topic: name, messages: Array.from({ length: 300 }, (_, i) => ({ value: `m${i}` })) });
      // A slow consumer committing every 100 ms: it is still consuming while the rate is measured.
      const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
      let consumed = 0;
      try {
        await consumer.connect();
        await consumer.subscribe({ topic: name, fromBeginning: true });
        await consumer.run({
          autoCommitInterval: 100,
          eachMessage: async () => {
            consumed += 1;
            await new Promise((resolve) => setTimeout(resolve, 10));
          },
        });
        await waitFor('the consumer to start', async () => (consumed > 10 ? true : undefined), { intervalMs: 50 });
        const { status, body } = await api('GET', `${TOPICS}/${name}/rates`);
        expect(status, JSON.stringify(body)).toBe(200);
        const group = body.groups.find((g: { groupId: string }) => g.groupId === groupId);
        expect(group?.perSec, JSON.stringify(body)).toBeGreaterThan(0);
        expect(body.outPerSec).toBeGreaterThanOrEqual(group.perSec);
        expect(body.outWindowMs).toBeGreaterThan(0);
      } finally {
        await consumer.disconnect();
        await admin.deleteGroups([groupId]).catch(() => {});
      }
    });

    it('answers 404 for an unknown topic or cluster', async () => {
      const missing = uniqueName('missing');
      for (const path of [`${TOPICS}/${missing}`, `${TOPICS}/${missing}/rates`, `${TOPICS}/${missing}/messages`, '/api/v1/clusters/nope/topics']) {
        const { status, body } = await api('GET', path);
        expect(status, `${path}: ${JSON.stringify(body)}`).toBe(404);
      }
      const patch = await api('PATCH', `${TOPICS}/${missing}`, { partitions: 2 });
      expect(patch.status).toBe(404);
      expect(patch.body.error.message).toBe(`Kafka cluster "local": topic "${missing}" does not exist`);
    });

    it('answers 503 naming the cluster when it cannot be reached', async () => {
      await ctx.testApp.database.db.insert(kafkaClusters).values({ id: 'unreachable', name: 'Gone', bootstrapServers: ['127.0.0.1:1'] });
      const { status, body } = await api('GET', '/api/v1/clusters/unreachable/topics');
      expect(status).toBe(503);
      expect(body.error).toMatchObject({ code: 'unreachable' });
      expect(body.error.message).toMatch(/^Kafka cluster "unreachable": Metadata: no broker reachable \(Kafka broker 127\.0\.0\.1:1: .*ECONNREFUSED/);
    });
  });
});
