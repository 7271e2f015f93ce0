// Templates of your own, shared with every cluster or one: connector templates scoped by Connect cluster, topic
// templates (stored beside the built-in ones) by Kafka cluster. Scope filtering, the 400s naming their field, 404
// and 409, who may write and see, audit entries, what a cluster's removal takes with it, and a topic created on the
// real broker from a template of one's own.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, connectorTemplates, topicTemplates } from '../../server/db/tables';
import { tokenFor } from '../support/auth';
import { call, connectTestApp, uniqueName, type ConnectTestContext, type Headers } from '../support/connect';
import { readStack } from '../stack/index';

const stack = readStack();
const SOURCE = 'org.apache.kafka.connect.file.FileStreamSourceConnector';
// Registered with ?force=true: nothing listens there, and a template's scope only needs the registration.
const OTHER = 'it-tpl-other';

const connectorTemplate = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `Template ${id}`,
  connectorClass: SOURCE,
  config: { topic: '${topic}', 'tasks.max': '1' },
  placeholders: [{ name: 'topic', description: 'Topic to write to' }],
  ...extra,
});

const topicTemplate = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `Topic template ${id}`,
  description: 'Two partitions, a day of retention',
  partitions: 2,
  replicationFactor: 1,
  configs: { 'retention.ms': '86400000', 'cleanup.policy': 'delete' },
  ...extra,
});

describe.runIf(stack)('templates shared with every cluster or one', () => {
  let ctx: ConnectTestContext;
  const topics: string[] = [];
  const api = (method: string, path: string, body?: unknown, headers: Headers = ctx.operator) => call(ctx.testApp, method, path, headers, body);
  const ids = (body: { items: { id: string }[] }) => body.items.map((item) => item.id);
  const auditOf = async (objectId: string) =>
    (await ctx.testApp.database.db.select().from(auditLog).where(eq(auditLog.objectId, objectId))).map((entry) => ({ action: entry.action, clusterId: entry.clusterId, details: entry.details }));

  beforeAll(async () => {
    ctx = await connectTestApp(stack!);
    expect((await api('POST', '/api/v1/connect?force=true', { id: OTHER, name: 'Nowhere', workers: [{ url: 'http://127.0.0.1:1' }] }, ctx.admin)).status).toBe(201);
    expect((await api('POST', '/api/v1/clusters?force=true', { id: OTHER, name: 'Nowhere', bootstrapServers: ['127.0.0.1:1'] }, ctx.admin)).status).toBe(201);
  });
  afterAll(async () => {
    for (const topic of topics) await ctx?.testApp.app.request(`/api/v1/clusters/local/topics/${topic}?confirm=${topic}`, { method: 'DELETE', headers: ctx.operator });
    await ctx?.testApp.close();
  });

  describe('connector templates', () => {
    it('are global unless given a Connect cluster, and ?cluster lists only those usable there', async () => {
      const global = await api('POST', '/api/v1/templates', connectorTemplate('everywhere'));
      expect(global.status, JSON.stringify(global.body)).toBe(201);
      expect(global.body.connectClusterId).toBeNull();
      expect((await api('POST', '/api/v1/templates', connectorTemplate('local-only', { connectClusterId: 'local' }))).body.connectClusterId).toBe('local');
      expect((await api('POST', '/api/v1/templates', connectorTemplate('other-only', { connectClusterId: OTHER }))).status).toBe(201);

      expect(ids((await api('GET', '/api/v1/templates', undefined, ctx.viewer)).body).sort()).toEqual(['everywhere', 'local-only', 'other-only']);
      expect(ids((await api('GET', '/api/v1/templates?cluster=local', undefined, ctx.viewer)).body).sort()).toEqual(['everywhere', 'local-only']);
      expect(ids((await api('GET', `/api/v1/templates?cluster=${OTHER}`, undefined, ctx.viewer)).body).sort()).toEqual(['everywhere', 'other-only']);
    });

    it('refuse an unknown cluster, unknown fields and a taken id, each naming the field', async () => {
      const unknownCluster = await api('GET', '/api/v1/templates?cluster=nowhere', undefined, ctx.viewer);
      expect(unknownCluster.status).toBe(400);
      expect(unknownCluster.body.error).toMatchObject({ field: 'cluster', message: expect.stringContaining('"nowhere" is not registered') });
      // a Kafka cluster of that id is not a Connect cluster: the scope is the kind of cluster the template is used on
      await api('POST', '/api/v1/clusters?force=true', { id: 'kafka-only', name: 'Kafka only', bootstrapServers: ['127.0.0.1:1'] }, ctx.admin);
      expect((await api('GET', '/api/v1/templates?cluster=kafka-only', undefined, ctx.viewer)).body.error.field).toBe('cluster');

      const badScope = await api('POST', '/api/v1/templates', connectorTemplate('bad-scope', { connectClusterId: 'nowhere' }));
      expect(badScope.status).toBe(400);
      expect(badScope.body.error.field).toBe('connectClusterId');
      expect((await api('PUT', '/api/v1/templates/everywhere', { ...connectorTemplate('x', { connectClusterId: 'nowhere' }), id: undefined })).body.error.field).toBe('connectClusterId');

      const unknownField = await api('POST', '/api/v1/templates', connectorTemplate('typo', { connectCluster: 'local' }));
      expect(unknownField.status).toBe(400);
      expect(unknownField.body.error.field).toBe('connectCluster');
      expect((await api('GET', '/api/v1/templates?clusters=local', undefined, ctx.viewer)).body.error.field).toBe('clusters');

      const taken = await api('POST', '/api/v1/templates', connectorTemplate('everywhere', { connectClusterId: 'local' }));
      expect(taken.status).toBe(409);
      expect(taken.body.error.field).toBe('id');
      expect((await api('PUT', '/api/v1/templates/missing', { ...connectorTemplate('missing'), id: undefined })).status).toBe(404);
    });

    it('keep their scope on a replace that leaves it out, and become global with null', async () => {
      const { id: _id, ...body } = connectorTemplate('local-only');
      const kept = await api('PUT', '/api/v1/templates/local-only', { ...body, description: 'still local' });
      expect(kept.status, JSON.stringify(kept.body)).toBe(200);
      expect(kept.body).toMatchObject({ description: 'still local', connectClusterId: 'local' });
      expect((await api('PUT', '/api/v1/templates/local-only', { ...body, connectClusterId: null })).body.connectClusterId).toBeNull();
      expect((await api('PUT', '/api/v1/templates/local-only', { ...body, connectClusterId: 'local' })).body.connectClusterId).toBe('local');
    });

    it('are written only with template:write, and every write is audited with its scope', async () => {
      const { id: _id, ...body } = connectorTemplate('everywhere');
      expect((await api('POST', '/api/v1/templates', connectorTemplate('by-viewer'), ctx.viewer)).status).toBe(403);
      expect((await api('PUT', '/api/v1/templates/everywhere', body, ctx.viewer)).status).toBe(403);
      expect((await api('DELETE', '/api/v1/templates/everywhere', undefined, ctx.viewer)).status).toBe(403);

      expect(await auditOf('local-only')).toEqual([
        { action: 'template.create', clusterId: 'local', details: expect.objectContaining({ connectClusterId: 'local' }) },
        { action: 'template.update', clusterId: 'local', details: expect.objectContaining({ connectClusterId: 'local' }) },
        { action: 'template.update', clusterId: null, details: expect.objectContaining({ connectClusterId: null }) },
        { action: 'template.update', clusterId: 'local', details: expect.objectContaining({ connectClusterId: 'local' }) },
      ]);
    });

    it('keep a cluster-scoped caller to its clusters', async () => {
      const localOperator = (await tokenFor(ctx.testApp, 'operator', ['connect:local'])).headers;
      expect(ids((await api('GET', '/api/v1/templates', undefined, localOperator)).body).sort()).toEqual(['everywhere', 'local-only']);
      expect((await api('GET', `/api/v1/templates?cluster=${OTHER}`, undefined, localOperator)).status).toBe(403);
      expect((await api('GET', '/api/v1/templates/other-only', undefined, localOperator)).status).toBe(403);
      expect((await api('POST', '/api/v1/templates/other-only/render', { values: { topic: 't' } }, localOperator)).status).toBe(403);
      expect((await api('DELETE', '/api/v1/templates/other-only', undefined, localOperator)).status).toBe(403);
      expect((await api('POST', '/api/v1/templates', connectorTemplate('sneaky', { connectClusterId: OTHER }), localOperator)).status).toBe(403);
      expect((await api('POST', '/api/v1/templates', connectorTemplate('mine', { connectClusterId: 'local' }), localOperator)).status).toBe(201);
      expect((await api('DELETE', '/api/v1/templates/mine', undefined, localOperator)).status).toBe(204);
    });
  });

  describe('topic templates', () => {
    it('list the built-in ones first, read-only, then one’s own by scope', async () => {
      expect((await api('POST', '/api/v1/topic-templates', topicTemplate('day-retention'))).status).toBe(201);
      const scoped = await api('POST', '/api/v1/topic-templates', topicTemplate('local-events', { name: 'Local events', kafkaClusterId: 'local', partitions: 3 }));
      expect(scoped.status, JSON.stringify(scoped.body)).toBe(201);
      expect(scoped.body).toMatchObject({ id: 'local-events', builtIn: false, kafkaClusterId: 'local', partitions: 3, minInsyncFromReplication: false, rationale: {} });
      expect((await api('POST', '/api/v1/topic-templates', topicTemplate('other-events', { kafkaClusterId: OTHER }))).status).toBe(201);

      const all = (await api('GET', '/api/v1/topic-templates', undefined, ctx.viewer)).body;
      // by name: "Local events", "Topic template day-retention", "Topic template other-events"
      expect(ids(all)).toEqual(['cdc-changelog', 'compacted-state', 'high-throughput', 'local-events', 'day-retention', 'other-events']);
      expect(all.items.slice(0, 3).every((template: { builtIn: boolean; kafkaClusterId: null }) => template.builtIn && template.kafkaClusterId === null)).toBe(true);
      expect(ids((await api('GET', '/api/v1/topic-templates?cluster=local', undefined, ctx.viewer)).body)).toEqual(['cdc-changelog', 'compacted-state', 'high-throughput', 'local-events', 'day-retention']);
      expect(ids((await api('GET', `/api/v1/topic-templates?cluster=${OTHER}`, undefined, ctx.viewer)).body)).toEqual(['cdc-changelog', 'compacted-state', 'high-throughput', 'day-retention', 'other-events']);
      expect((await api('GET', '/api/v1/topic-templates/cdc-changelog', undefined, ctx.viewer)).body.builtIn).toBe(true);
      expect((await api('GET', '/api/v1/topic-templates/local-events', undefined, ctx.viewer)).body.configs).toEqual({ 'retention.ms': '86400000', 'cleanup.policy': 'delete' });
    });

    it('refuse an unknown cluster, unknown fields, bad values and taken or built-in ids, each naming the field', async () => {
      const unknownCluster = await api('GET', '/api/v1/topic-templates?cluster=nowhere', undefined, ctx.viewer);
      expect(unknownCluster.status).toBe(400);
      expect(unknownCluster.body.error.field).toBe('cluster');
      expect((await api('POST', '/api/v1/topic-templates', topicTemplate('bad-scope', { kafkaClusterId: 'nowhere' }))).body.error.field).toBe('kafkaClusterId');

      const unknownField = await api('POST', '/api/v1/topic-templates', topicTemplate('typo', { minInsyncFromReplication: true }));
      expect(unknownField.status).toBe(400);
      expect(unknownField.body.error.field).toBe('minInsyncFromReplication');
      expect((await api('POST', '/api/v1/topic-templates', topicTemplate('zero', { partitions: 0 }))).body.error.field).toBe('partitions');
      expect((await api('POST', '/api/v1/topic-templates', topicTemplate('Bad Id'))).body.error.field).toBe('id');
      const badKey = await api('POST', '/api/v1/topic-templates', topicTemplate('bad-key', { configs: { 'retention ms': '1' } }));
      expect(badKey.status).toBe(400);
      expect(badKey.body.error.field).toMatch(/^configs/);

      const builtIn = await api('POST', '/api/v1/topic-templates', topicTemplate('cdc-changelog'));
      expect(builtIn.status).toBe(409);
      expect(builtIn.body.error.field).toBe('id');
      const { id: _id, ...body } = topicTemplate('cdc-changelog');
      expect((await api('PUT', '/api/v1/topic-templates/cdc-changelog', body)).status).toBe(409);
      expect((await api('DELETE', '/api/v1/topic-templates/cdc-changelog')).status).toBe(409);
      expect((await api('POST', '/api/v1/topic-templates', topicTemplate('local-events'))).status).toBe(409);
      expect((await api('PUT', '/api/v1/topic-templates/missing', body)).status).toBe(404);
      expect((await api('DELETE', '/api/v1/topic-templates/missing')).status).toBe(404);
      expect((await api('GET', '/api/v1/topic-templates/missing', undefined, ctx.viewer)).status).toBe(404);
    });

    it('are replaced keeping their scope unless told, written only with template:write, and audited', async () => {
      const { id: _id, ...body } = topicTemplate('day-retention');
      expect((await api('POST', '/api/v1/topic-templates', topicTemplate('by-viewer'), ctx.viewer)).status).toBe(403);
      expect((await api('PUT', '/api/v1/topic-templates/day-retention', body, ctx.viewer)).status).toBe(403);
      expect((await api('DELETE', '/api/v1/topic-templates/day-retention', undefined, ctx.viewer)).status).toBe(403);

      const moved = await api('PUT', '/api/v1/topic-templates/day-retention', { ...body, kafkaClusterId: 'local', partitions: 4 });
      expect(moved.body).toMatchObject({ kafkaClusterId: 'local', partitions: 4 });
      expect((await api('PUT', '/api/v1/topic-templates/day-retention', { ...body, partitions: 5 })).body).toMatchObject({ kafkaClusterId: 'local', partitions: 5 });
      expect((await api('PUT', '/api/v1/topic-templates/day-retention', { ...body, kafkaClusterId: null })).body.kafkaClusterId).toBeNull();
      expect((await api('DELETE', '/api/v1/topic-templates/day-retention')).status).toBe(204);
      expect((await api('GET', '/api/v1/topic-templates/day-retention')).status).toBe(404);

      expect((await auditOf('day-retention')).map(({ action, clusterId }) => [action, clusterId])).toEqual([
        ['topic-template.create', null],
        ['topic-template.update', 'local'],
        ['topic-template.update', 'local'],
        ['topic-template.update', null],
        ['topic-template.delete', null],
      ]);
    });

    it('keep a cluster-scoped caller to its Kafka clusters', async () => {
      const localOperator = (await tokenFor(ctx.testApp, 'operator', ['kafka:local'])).headers;
      expect(ids((await api('GET', '/api/v1/topic-templates', undefined, localOperator)).body)).not.toContain('other-events');
      expect((await api('GET', '/api/v1/topic-templates/other-events', undefined, localOperator)).status).toBe(403);
      expect((await api('POST', '/api/v1/topic-templates', topicTemplate('sneaky', { kafkaClusterId: OTHER }), localOperator)).status).toBe(403);
      // a grant on Connect cluster `local` does not reach Kafka cluster `local`'s templates
      const connectOnly = (await tokenFor(ctx.testApp, 'viewer', ['connect:local'])).headers;
      expect(ids((await api('GET', '/api/v1/topic-templates', undefined, connectOnly)).body)).not.toContain('local-events');
    });

    it('create a topic on the real broker, and only on the cluster they are for', async () => {
      const topic = uniqueName('from-own-template');
      topics.push(topic);
      const created = await api('POST', '/api/v1/clusters/local/topics', { name: topic, template: 'local-events' });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body).toMatchObject({ partitions: 3, replicationFactor: 1, template: 'local-events', configs: { 'retention.ms': '86400000', 'cleanup.policy': 'delete' } });
      const detail = await api('GET', `/api/v1/clusters/local/topics/${topic}`, undefined, ctx.viewer);
      expect(detail.body.configs.find((config: { name: string }) => config.name === 'retention.ms')).toMatchObject({ value: '86400000', isDefault: false });

      const elsewhere = await api('POST', '/api/v1/clusters/local/topics', { name: uniqueName('wrong-cluster'), template: 'other-events' });
      expect(elsewhere.status).toBe(400);
      expect(elsewhere.body.error).toMatchObject({ field: 'template', message: expect.stringContaining(`"${OTHER}" only`) });
      const unknown = await api('POST', '/api/v1/clusters/local/topics', { name: uniqueName('no-template'), template: 'nope' });
      expect(unknown.body.error).toMatchObject({ field: 'template', message: expect.stringContaining('local-events') });
    });
  });

  it('removing a cluster removes the templates scoped to it, and its audit entry names them', async () => {
    expect((await api('DELETE', `/api/v1/connect/${OTHER}`, undefined, ctx.admin)).status).toBe(204);
    expect((await api('DELETE', `/api/v1/clusters/${OTHER}`, undefined, ctx.admin)).status).toBe(204);
    const db = ctx.testApp.database.db;
    expect(await db.select().from(connectorTemplates).where(eq(connectorTemplates.id, 'other-only'))).toEqual([]);
    expect(await db.select().from(topicTemplates).where(eq(topicTemplates.id, 'other-events'))).toEqual([]);
    // templates for every cluster or for another one stay
    expect(ids((await api('GET', '/api/v1/templates', undefined, ctx.viewer)).body).sort()).toEqual(['everywhere', 'local-only']);
    expect(ids((await api('GET', '/api/v1/topic-templates', undefined, ctx.viewer)).body)).toContain('local-events');

    const [connectDelete] = await db.select().from(auditLog).where(and(eq(auditLog.action, 'connect-cluster.delete'), eq(auditLog.objectId, OTHER)));
    expect(connectDelete!.details).toMatchObject({ templatesRemoved: ['other-only'] });
    const [kafkaDelete] = await db.select().from(auditLog).where(and(eq(auditLog.action, 'cluster.delete'), eq(auditLog.objectId, OTHER)));
    expect(kafkaDelete!.details).toMatchObject({ templatesRemoved: ['other-events'] });
  });
});
