// Creating never replaces what exists (issue #18): the create-only connector call, Validate's taken name and
// shared-setting warnings, generated server ids in templates, and 409s naming the field for topics and templates.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../server/db/tables';
import { call, connectRest, connectTestApp, deleteConnectors, uniqueName, waitFor, type ConnectTestContext } from '../support/connect';
import { readStack } from '../stack/index';

const stack = readStack();
const SOURCE = 'org.apache.kafka.connect.file.FileStreamSourceConnector';
const BASE = '/api/v1/connect/local/connectors';
const VALIDATE = `/api/v1/connect/local/plugins/${SOURCE}/validate`;

describe.runIf(stack)('creating never replaces what exists', () => {
  let ctx: ConnectTestContext;
  const connectors: string[] = [];
  const topics: string[] = [];
  const api = (method: string, path: string, body?: unknown, headers = ctx.operator) => call(ctx.testApp, method, path, headers, body);
  const fileSource = (topic: string, extra: Record<string, string> = {}) => ({ 'connector.class': SOURCE, file: '/tmp/cty-create-safety.txt', topic, 'tasks.max': '1', ...extra });
  const configOnConnect = (name: string) =>
    waitFor('the config on Connect', async () => {
      const answer = await connectRest(stack!.connect.url, 'GET', `/connectors/${name}/config`);
      return answer.status === 200 ? (answer.body as Record<string, string>) : undefined;
    });

  beforeAll(async () => {
    ctx = await connectTestApp(stack!);
  });
  afterAll(async () => {
    if (stack) await deleteConnectors(stack, connectors);
    for (const topic of topics) await ctx?.testApp.app.request(`/api/v1/clusters/local/topics/${topic}?confirm=${topic}`, { method: 'DELETE', headers: ctx.operator });
    await ctx?.testApp.close();
  });

  it('creates a connector once; the second create is refused with 409 naming `name`, and the first config stays', async () => {
    const name = uniqueName('create-only');
    connectors.push(name);
    const first = await api('POST', BASE, { name, config: fileSource('first-topic') });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ connectId: 'local', name, created: true, changed: true, version: 1 });

    const second = await api('POST', BASE, { name, config: fileSource('second-topic') });
    expect(second.status, JSON.stringify(second.body)).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'already_exists', field: 'name' });
    expect(second.body.error.message).toContain(name);
    expect((await configOnConnect(name)).topic).toBe('first-topic');

    const creates = await ctx.testApp.database.db.select().from(auditLog).where(and(eq(auditLog.objectId, name), eq(auditLog.objectType, 'connector')));
    expect(creates.map((entry) => entry.action)).toEqual(['connector.create']);

    // The idempotent PUT stays for plan/apply: the same config again changes nothing.
    const again = await api('PUT', `${BASE}/${name}`, { config: fileSource('first-topic') });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ created: false, changed: false, version: 1 });
  });

  it('refuses a create without a name or with a bad config, creating nothing', async () => {
    const empty = await api('POST', BASE, { name: ' ', config: fileSource('t') });
    expect(empty.status).toBe(400);
    expect(empty.body.error.field).toBe('name');
    const name = uniqueName('bad-create');
    const bad = await api('POST', BASE, { name, config: { 'connector.class': SOURCE, topic: 't', 'tasks.max': 'many' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_config');
    expect((await connectRest(stack!.connect.url, 'GET', `/connectors/${name}`)).status).toBe(404);
    expect((await api('POST', BASE, { name, config: fileSource('t') }, ctx.viewer)).status).toBe(403);
  });

  it('Validate says a name is taken when creating, and warns about a server id, topic prefix, slot or publication in use', async () => {
    const name = uniqueName('unique-settings');
    connectors.push(name);
    const shared = { 'database.server.id': String(500_000 + Math.floor(Math.random() * 100_000)), 'topic.prefix': uniqueName('prefix'), 'slot.name': `slot_${Date.now()}`, 'publication.name': `pub_${Date.now()}` };
    expect((await api('POST', BASE, { name, config: fileSource('unique-topic', shared) })).status).toBe(201);
    // Validate's checks read the cluster's listing, which each worker updates once it has read the config topic:
    // wait until every worker lists the new connector (seen to lag the create on a busy machine).
    await listedByEveryWorker(name);

    const taken = await api('PUT', VALIDATE, { config: { ...fileSource('t'), name }, create: true });
    expect(taken.status, JSON.stringify(taken.body)).toBe(200);
    expect(taken.body.nameTaken).toBe(true);
    expect(taken.body.errorCount).toBeGreaterThan(0);
    expect(taken.body.fields.find((field: { name: string }) => field.name === 'name').errors.join(' ')).toContain('already exists');

    const fresh = await api('PUT', VALIDATE, { config: { ...fileSource('t'), name: uniqueName('fresh') }, create: true });
    expect(fresh.body).toMatchObject({ nameTaken: false, errorCount: 0, warnings: [] });

    const repeated = await api('PUT', VALIDATE, { config: { ...fileSource('t', shared), name: uniqueName('repeats') }, create: true });
    expect(repeated.body.errorCount).toBe(0);
    const warnings = repeated.body.warnings as { field: string; connector: string; message: string }[];
    expect(warnings.map((warning) => warning.field).sort()).toEqual(['database.server.id', 'publication.name', 'slot.name', 'topic.prefix']);
    expect(warnings.every((warning) => warning.connector === name && warning.message.includes(name))).toBe(true);

    // Editing the connector itself is no clash with itself.
    const editing = await api('PUT', VALIDATE, { config: { ...fileSource('t', shared), name }, connector: name });
    expect(editing.body).toMatchObject({ nameTaken: false, warnings: [] });
  });

  it('catalog templates generate a different MySQL/MariaDB server id for each connector', async () => {
    for (const [entry, template] of [['debezium-mysql', 'mysql-capture-tables'], ['debezium-mariadb', 'mariadb-capture-tables']]) {
      const detail = await api('GET', `/api/v1/catalog/${entry}`);
      const placeholder = detail.body.templates.find((t: { id: string }) => t.id === template).placeholders.find((p: { name: string }) => p.name === 'server_id');
      expect(placeholder).toMatchObject({ generate: 'server-id' });
      expect(placeholder.default).toBeUndefined();
      expect(placeholder.description).toMatch(/generated/);

      const values = { hostname: 'db', user: 'u', password: 'p', database: 'inventory', tables: 'inventory.t', topic_prefix: 'x', kafka_bootstrap_servers: 'k:9092', schema_history_topic: 'h' };
      const ids = new Set<string>();
      for (let draw = 0; draw < 3; draw++) {
        const rendered = await api('POST', `/api/v1/catalog/${entry}/templates/${template}/render`, { values: { ...values, server_id: '' } });
        expect(rendered.status, JSON.stringify(rendered.body)).toBe(200);
        expect(rendered.body.config['database.server.id']).toMatch(/^\d+$/);
        ids.add(rendered.body.config['database.server.id']);
      }
      expect(ids.size).toBe(3);
      const chosen = await api('POST', `/api/v1/catalog/${entry}/templates/${template}/render`, { values: { ...values, server_id: '4242' } });
      expect(chosen.body.config['database.server.id']).toBe('4242');
    }
  });

  it('a template may not give a generated placeholder a default', async () => {
    const body = {
      id: uniqueName('gen').slice(0, 60),
      name: 'Generated',
      connectorClass: SOURCE,
      config: { 'database.server.id': '${server_id}' },
      placeholders: [{ name: 'server_id', generate: 'server-id', default: '1' }],
    };
    const refused = await api('POST', '/api/v1/templates', body);
    expect(refused.status).toBe(400);
    expect(refused.body.error.field).toBe('placeholders.0.default');
  });

  it('creating an existing topic or template is a 409 naming the field', async () => {
    const topic = uniqueName('twice');
    topics.push(topic);
    expect((await api('POST', '/api/v1/clusters/local/topics', { name: topic })).status).toBe(201);
    const topicAgain = await api('POST', '/api/v1/clusters/local/topics', { name: topic });
    expect(topicAgain.status).toBe(409);
    expect(topicAgain.body.error.field).toBe('name');

    const template = { id: uniqueName('tpl').slice(0, 60), name: 'Twice', connectorClass: SOURCE, config: { topic: 't' } };
    expect((await api('POST', '/api/v1/templates', template)).status).toBe(201);
    const templateAgain = await api('POST', '/api/v1/templates', template);
    expect(templateAgain.status).toBe(409);
    expect(templateAgain.body.error.field).toBe('id');
    await api('DELETE', `/api/v1/templates/${template.id}`);
  });
});

async function listedByEveryWorker(name: string): Promise<void> {
  for (const worker of stack!.connect.workers) {
    await waitFor(`connector ${name} listed by ${worker.url}`, async () => {
      const answer = await connectRest(worker.url, 'GET', '/connectors');
      return Array.isArray(answer.body) && (answer.body as string[]).includes(name) ? true : undefined;
    });
  }
}
