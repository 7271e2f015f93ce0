// The audit log: one entry per change, written in the change's own transaction; none for refused calls.
import { count, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditActor } from '../../../server/audit/record';
import { auditLog, users } from '../../../server/db/tables';
import { createUser as createUserService } from '../../../server/users/service';
import { createTestApp, type TestApp } from '../../support/app';
import { jsonRequest, loginAs, tokenFor, type RequestHeaders } from '../../support/auth';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await createTestApp();
});
afterAll(() => testApp?.close());

const fromAddress = (address: string) => ({ incoming: { socket: { remoteAddress: address, remotePort: 40000, remoteFamily: 'IPv4' } } });
const request = (path: string, init: RequestInit = {}, address = '192.0.2.10') => testApp.app.request(path, init, fromAddress(address));

async function auditCount(): Promise<number> {
  const [row] = await testApp.database.db.select({ n: count() }).from(auditLog);
  return row!.n;
}

async function latestEntry() {
  const [entry] = await testApp.database.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  return entry!;
}

interface WriteOperation {
  method: string;
  path: string;
  permission: string | undefined;
}

async function writeOperations(): Promise<WriteOperation[]> {
  const doc = (await (await testApp.app.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, { 'x-permission'?: string }>> };
  return Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/api/v1/'))
    .flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ method: method.toUpperCase(), path, permission: operation['x-permission'] })))
    .filter((operation) => operation.method !== 'GET');
}

const concrete = (path: string) =>
  path.replace(/\{([^}]+)\}/g, (_m, name: string) => (name === 'id' ? '00000000-0000-4000-8000-000000000000' : 'sample'));

describe('refused calls', () => {
  it('write no entry: 401 anonymous, 403 for a viewer on each write, 403 CSRF, 400 invalid input', async () => {
    const viewer = await loginAs(testApp, 'viewer');
    const viewerToken = await tokenFor(testApp, 'viewer');
    const admin = await tokenFor(testApp, 'admin');
    const writes = await writeOperations();
    expect(writes.length).toBeGreaterThan(0);
    const before = await auditCount();
    for (const operation of writes) {
      const path = concrete(operation.path);
      const send = (headers: RequestHeaders, body = '{}') =>
        request(path, { method: operation.method, headers: { ...headers, 'Content-Type': 'application/json' }, body: operation.method === 'DELETE' ? undefined : body });
      expect((await send({})).status, `anonymous ${operation.method} ${path}`).toBe(401);
      // viewers may manage their own alert channels and subscriptions: refused here for the input or the unknown id
      const viewerRefusal = operation.permission === 'alert:subscribe' ? [400, 404] : [403];
      expect(viewerRefusal, `viewer ${operation.method} ${path}`).toContain((await send(viewer.headers)).status);
      expect(viewerRefusal, `viewer token ${operation.method} ${path}`).toContain((await send(viewerToken.headers)).status);
      expect((await send({ Cookie: viewer.headers.Cookie! })).status, `no CSRF ${operation.method} ${path}`).toBe(403);
      if (operation.method !== 'DELETE') expect((await send(admin.headers, '{"unexpected": [')).status, `bad body ${path}`).toBe(400);
    }
    expect(await auditCount()).toBe(before);
  });

  it('write no entry for a change that fails (duplicate user, self-deletion, unknown id)', async () => {
    const admin = await loginAs(testApp, 'admin');
    await loginAs(testApp, 'admin');
    await request('/api/v1/users', jsonRequest('POST', { username: 'dup', password: 'long-enough-password', role: 'viewer' }, admin.headers));
    const before = await auditCount();
    expect((await request('/api/v1/users', jsonRequest('POST', { username: 'dup', password: 'long-enough-password', role: 'viewer' }, admin.headers))).status).toBe(409);
    expect((await request(`/api/v1/users/${admin.userId}`, { method: 'DELETE', headers: admin.headers })).status).toBe(409);
    expect((await request('/api/v1/users/00000000-0000-4000-8000-000000000000', { method: 'DELETE', headers: admin.headers })).status).toBe(404);
    expect(await auditCount()).toBe(before);
  });
});

describe('changes', () => {
  it('each write its entry: who, what kind of actor, from where, which object, what changed', async () => {
    const admin = await loginAs(testApp, 'admin');
    const create = await request('/api/v1/users', jsonRequest('POST', { username: 'erin', password: 'erins-first-password', role: 'viewer', clusters: ['k1'] }, admin.headers), '192.0.2.21');
    const erin = (await create.json()) as { id: string };
    expect(await latestEntry()).toMatchObject({
      actor: admin.username,
      actorKind: 'user',
      sourceIp: '192.0.2.21',
      action: 'user.create',
      objectType: 'user',
      objectId: erin.id,
      details: { username: 'erin', role: 'viewer', clusters: ['k1'] },
      outcome: 'success',
    });

    await request(`/api/v1/users/${erin.id}`, jsonRequest('PATCH', { role: 'operator', password: 'erins-second-password' }, admin.headers));
    expect(await latestEntry()).toMatchObject({
      action: 'user.update',
      objectId: erin.id,
      details: { username: 'erin', changed: ['role', 'password'], role: 'operator', clusters: ['k1'], disabled: false },
    });

    const token = await tokenFor(testApp, 'admin');
    const created = (await (await request('/api/v1/tokens', jsonRequest('POST', { name: 'deployer', role: 'operator' }, token.headers), '192.0.2.22')).json()) as { id: string };
    const tokenEntry = await latestEntry();
    expect(tokenEntry).toMatchObject({ actorKind: 'token', sourceIp: '192.0.2.22', action: 'token.create', objectType: 'token', objectId: created.id });
    expect(tokenEntry.details).toMatchObject({ name: 'deployer', role: 'operator', clusters: null, expiresAt: null });

    await request(`/api/v1/tokens/${created.id}`, { method: 'DELETE', headers: admin.headers });
    expect(await latestEntry()).toMatchObject({ actor: admin.username, action: 'token.revoke', objectId: created.id });

    await request(`/api/v1/users/${erin.id}`, { method: 'DELETE', headers: admin.headers });
    expect(await latestEntry()).toMatchObject({ action: 'user.delete', objectId: erin.id, details: { username: 'erin', role: 'operator' } });
  });

  it('cannot happen without its entry: a failing audit write rolls the change back', async () => {
    const broken: AuditActor = { actor: 'x', actorKind: 'robot' as 'user', sourceIp: null }; // violates the actor_kind check
    await expect(
      createUserService(testApp.database.db, broken, { username: 'ghost', password: 'ghost-password-123', role: 'viewer', clusters: null }),
    ).rejects.toThrow();
    expect(await testApp.database.db.select().from(users).where(eq(users.username, 'ghost'))).toEqual([]);
  });
});

describe('GET /api/v1/audit', () => {
  let app: TestApp;
  let admin: RequestHeaders;

  beforeAll(async () => {
    app = await createTestApp();
    admin = (await tokenFor(app, 'admin')).headers;
    const rows = Array.from({ length: 25 }, (_, i) => ({
      at: new Date(Date.UTC(2026, 0, 1, 0, i)),
      actor: i % 2 ? 'alice' : 'ci',
      actorKind: (i % 2 ? 'user' : 'token') as 'user' | 'token',
      action: i % 3 ? 'connector.pause' : 'plugin.install',
      clusterId: i % 5 ? 'prod' : 'staging',
      objectType: i % 3 ? 'connector' : 'plugin',
      objectId: `object-${i}`,
      outcome: (i === 7 ? 'failure' : 'success') as 'failure' | 'success',
    }));
    await app.database.db.insert(auditLog).values(rows);
  });
  afterAll(() => app?.close());

  const page = async (query: string) => {
    const response = await app.app.request(`/api/v1/audit${query}`, { headers: admin });
    expect(response.status, query).toBe(200);
    return (await response.json()) as { items: { objectId: string; at: string; actor: string }[]; total: number };
  };

  it('pages newest first with a total', async () => {
    const first = await page('?size=10');
    expect(first.total).toBe(25);
    expect(first.items.map((item) => item.objectId)).toEqual(Array.from({ length: 10 }, (_, i) => `object-${24 - i}`));
    const third = await page('?size=10&page=3');
    expect(third.items.map((item) => item.objectId)).toEqual(['object-4', 'object-3', 'object-2', 'object-1', 'object-0']);
  });

  it('filters by actor, action (exact or prefix), cluster, object type, outcome and time', async () => {
    expect((await page('?actor=alice')).total).toBe(12);
    expect((await page('?action=plugin.install')).total).toBe(9);
    expect((await page('?action=connector.')).total).toBe(16);
    expect((await page('?action=connector')).total).toBe(0);
    expect((await page('?clusterId=staging')).total).toBe(5);
    expect((await page('?objectType=plugin&clusterId=staging')).total).toBe(2);
    expect((await page('?outcome=failure')).items.map((item) => item.objectId)).toEqual(['object-7']);
    const window = await page(`?from=${encodeURIComponent('2026-01-01T00:10:00Z')}&to=${encodeURIComponent('2026-01-01T00:13:00Z')}`);
    expect(window.items.map((item) => item.objectId)).toEqual(['object-12', 'object-11', 'object-10']);
  });

  it('refuses page sizes above 200 and bad filters', async () => {
    for (const query of ['?size=201', '?page=0', '?outcome=maybe', '?from=yesterday']) {
      const response = await app.app.request(`/api/v1/audit${query}`, { headers: admin });
      expect(response.status, query).toBe(400);
    }
    expect((await page('?size=200')).items).toHaveLength(25);
  });

  it('is for full admins only', async () => {
    for (const headers of [(await tokenFor(app, 'operator')).headers, (await tokenFor(app, 'admin', ['prod'])).headers]) {
      expect((await app.app.request('/api/v1/audit', { headers })).status).toBe(403);
    }
  });
});
