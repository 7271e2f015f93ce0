// Connector templates: CRUD, rendering with placeholders, and a rendered config created as a real connector.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../server/db/tables';
import { SECRET_MASK } from '../../server/secrets/masking';
import { call, connectTestApp, deleteConnectors, uniqueName, type ConnectTestContext } from '../support/connect';
import { readStack } from '../stack/index';

const stack = readStack();

const fileSource = {
  id: 'file-source',
  name: 'File source',
  description: 'Reads lines of a file into a topic',
  connectorClass: 'org.apache.kafka.connect.file.FileStreamSourceConnector',
  config: { file: '${file}', topic: '${topic}', 'tasks.max': '1', 'batch.size': '${batch}', 'x.api.password': '${password}' },
  placeholders: [
    { name: 'file', description: 'Path of the file to read', required: true },
    { name: 'topic', description: 'Topic to write to', required: true },
    { name: 'batch', description: 'Lines per batch', default: '100', required: false },
    { name: 'password', description: 'Not used by the connector; shows how secrets are handled', secret: true, required: true },
  ],
};

describe.runIf(stack)('connector templates', () => {
  let ctx: ConnectTestContext;
  let dir: string;
  const connectors: string[] = [];
  const api = (method: string, path: string, body?: unknown, headers = ctx.operator) => call(ctx.testApp, method, path, headers, body);

  beforeAll(async () => {
    ctx = await connectTestApp(stack!);
    dir = await mkdtemp(join(tmpdir(), 'connectory-templates-'));
  });
  afterAll(async () => {
    if (stack) await deleteConnectors(stack, connectors);
    await ctx?.testApp.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('creates, reads, replaces and lists templates', async () => {
    const created = await api('POST', '/api/v1/templates', fileSource);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...fileSource, createdAt: expect.any(String) });
    expect((await api('POST', '/api/v1/templates', fileSource)).status).toBe(409);

    const { id: _id, ...body } = fileSource;
    const replaced = await api('PUT', '/api/v1/templates/file-source', { ...body, description: 'Tails a file' });
    expect(replaced.body.description).toBe('Tails a file');
    expect((await api('GET', '/api/v1/templates/file-source', undefined, ctx.viewer)).body.description).toBe('Tails a file');
    expect((await api('GET', '/api/v1/templates', undefined, ctx.viewer)).body.items.map((t: { id: string }) => t.id)).toEqual(['file-source']);
  });

  it('refuses templates that are inconsistent or would hold a secret', async () => {
    const undeclared = await api('POST', '/api/v1/templates', { ...fileSource, id: 'undeclared', config: { topic: '${nope}' } });
    expect(undeclared.status).toBe(400);
    expect(undeclared.body.error.field).toBe('config.topic');
    const literal = await api('POST', '/api/v1/templates', { ...fileSource, id: 'literal', config: { 'database.password': 'hunter2' }, placeholders: [] });
    expect(literal.body.error.field).toBe('config.database.password');
    const secretDefault = await api('POST', '/api/v1/templates', {
      ...fileSource,
      id: 'secret-default',
      placeholders: fileSource.placeholders.map((p) => (p.name === 'password' ? { ...p, default: 'x' } : p)),
    });
    expect(secretDefault.body.error.field).toBe('placeholders.3.default');
  });

  it('renders, naming every missing placeholder', async () => {
    expect((await api('POST', '/api/v1/templates/file-source/render', { values: {} }, ctx.viewer)).status).toBe(403);
    const missing = await api('POST', '/api/v1/templates/file-source/render', { values: { batch: '5', typo: 'x' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'missing_placeholders', field: 'file' });
    expect(missing.body.error.fields.map((f: { name: string }) => f.name)).toEqual(['file', 'topic', 'password', 'typo']);

    const rendered = await api('POST', '/api/v1/templates/file-source/render', { values: { file: '/tmp/in', topic: 't', password: 'render-secret-55' } });
    expect(rendered.status).toBe(200);
    expect(rendered.body.config).toEqual({
      'connector.class': fileSource.connectorClass,
      file: '/tmp/in',
      topic: 't',
      'tasks.max': '1',
      'batch.size': '100',
      'x.api.password': SECRET_MASK,
    });
  });

  it('renders a config that Connect accepts as a connector', async () => {
    const name = uniqueName('from-template');
    connectors.push(name);
    const values = { file: join(dir, 'in.txt'), topic: uniqueName('template-topic'), password: 'render-secret-55' };
    const rendered = (await api('POST', '/api/v1/templates/file-source/render', { values })).body.config;
    // The caller holds the secret it filled in; the rendered answer showed it masked.
    const created = await api('PUT', `/api/v1/connect/local/connectors/${name}`, { config: { ...rendered, 'x.api.password': values.password } });
    expect(created.status).toBe(201);
    expect(created.body.config).toMatchObject({ file: values.file, 'batch.size': '100', 'x.api.password': SECRET_MASK });
  });

  it('keeps template writes to roles with template:write, and audits them', async () => {
    expect((await api('POST', '/api/v1/templates', { ...fileSource, id: 'viewer-made' }, ctx.viewer)).status).toBe(403);
    expect((await api('DELETE', '/api/v1/templates/file-source', undefined, ctx.viewer)).status).toBe(403);
    expect((await api('DELETE', '/api/v1/templates/file-source')).status).toBe(204);
    expect((await api('GET', '/api/v1/templates/file-source')).status).toBe(404);
    const actions = (await ctx.testApp.database.db.select().from(auditLog)).map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['template.create', 'template.update', 'template.delete']));
    expect(JSON.stringify(await ctx.testApp.database.db.select().from(auditLog))).not.toContain('render-secret-55');
  });
});
