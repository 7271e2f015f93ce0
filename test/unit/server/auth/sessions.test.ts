// Sign-in, sessions, CSRF, API tokens, login throttling and user management, on a real server app and database
// (PGlite here; test/integration/auth.test.ts starts the server process on PostgreSQL).
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureInitialAdmin } from '../../../../server/auth/bootstrap';
import { verifyPassword } from '../../../../server/auth/passwords';
import { LoginRateLimiter } from '../../../../server/auth/rate-limit';
import { apiTokens, auditLog, sessions, users } from '../../../../server/db/tables';
import { createTestApp, type TestApp } from '../../../support/app';
import { createUser, jsonRequest, login, loginAs, tokenFor, type RequestHeaders } from '../../../support/auth';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await createTestApp({ auth: { sessionTtlHours: 2 } });
});
afterAll(() => testApp?.close());

const request = (path: string, init?: RequestInit, env?: unknown) => testApp.app.request(path, init, env);
const loginRequest = (username: string, password: string, headers: Record<string, string> = {}) =>
  jsonRequest('POST', { username, password }, headers);
/** What @hono/node-server hands the app for a request from `address`: the socket the client address is read from. */
const fromAddress = (address: string) => ({ incoming: { socket: { remoteAddress: address, remotePort: 50000, remoteFamily: 'IPv4' } } });

describe('login', () => {
  it('returns the user and a CSRF token and sets an HttpOnly, SameSite=Lax session cookie for the session lifetime', async () => {
    const user = await createUser(testApp, 'operator', ['a']);
    const response = await request('/api/auth/login', loginRequest(user.username, user.password));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { user: unknown; csrfToken: string };
    expect(body).toEqual({
      user: { id: user.id, username: user.username, role: 'operator', clusters: ['a'] },
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^connectory_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/Max-Age=7200/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('marks the cookie Secure when the request came over https', async () => {
    const user = await createUser(testApp, 'viewer');
    const direct = await testApp.app.request('https://connectory.example/api/auth/login', loginRequest(user.username, user.password));
    expect(direct.headers.get('set-cookie')).toMatch(/; Secure/);
    const proxied = await request('/api/auth/login', loginRequest(user.username, user.password, { 'X-Forwarded-Proto': 'https' }));
    expect(proxied.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('stores only hashes of the session id and CSRF token', async () => {
    const signedIn = await loginAs(testApp, 'viewer');
    const sessionId = signedIn.headers.Cookie!.split('=')[1]!;
    const rows = await testApp.database.db.select().from(sessions).where(eq(sessions.userId, signedIn.userId));
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(sessionId);
    expect(JSON.stringify(rows)).not.toContain(signedIn.csrfToken);
  });

  it('answers unknown users, wrong passwords and disabled users alike', async () => {
    const user = await createUser(testApp, 'viewer');
    const disabled = await createUser(testApp, 'viewer');
    await testApp.database.db.update(users).set({ disabled: true }).where(eq(users.id, disabled.id));
    const answers = await Promise.all([
      request('/api/auth/login', loginRequest('nobody-here', 'whatever-password')),
      request('/api/auth/login', loginRequest(user.username, 'wrong-password')),
      request('/api/auth/login', loginRequest(disabled.username, disabled.password)),
    ]);
    for (const response of answers) {
      expect(response.status).toBe(401);
      expect(response.headers.get('set-cookie')).toBeNull();
      expect(await response.json()).toEqual({ error: { code: 'invalid_credentials', message: 'Wrong username or password' } });
    }
  });

  it('accepts the username in any case', async () => {
    const user = await createUser(testApp, 'viewer');
    expect((await request('/api/auth/login', loginRequest(user.username.toUpperCase(), user.password))).status).toBe(200);
  });

  it('audits a login, a logout and a failed login, never with the password tried', async () => {
    const user = await createUser(testApp, 'viewer');
    const tried = `wrong-${randomUUID()}`;
    expect((await request('/api/auth/login', loginRequest(user.username, tried))).status).toBe(401);
    const signedIn = await login(testApp, user.username, user.password);
    expect((await request('/api/auth/logout', { method: 'POST', headers: signedIn.headers })).status).toBe(204);
    const entries = await testApp.database.db.select().from(auditLog).where(eq(auditLog.actor, user.username));
    expect(entries.map((entry) => `${entry.action}:${entry.outcome}`).sort()).toEqual(['auth.login:failure', 'auth.login:success', 'auth.logout:success']);
    expect(entries.every((entry) => entry.actorKind === 'user' && entry.objectId === user.id)).toBe(true);
    expect(entries.find((entry) => entry.outcome === 'failure')?.details).toEqual({ reason: 'wrong password' });
    expect(JSON.stringify(entries)).not.toContain(tried);
    expect(JSON.stringify(entries)).not.toContain(user.password);
  });

  it('audits a failed login of an unknown user by the name tried', async () => {
    const name = `nobody-${randomUUID()}`;
    expect((await request('/api/auth/login', loginRequest(name, 'some-password'))).status).toBe(401);
    const entries = await testApp.database.db.select().from(auditLog).where(eq(auditLog.actor, name));
    expect(entries.map(({ action, outcome, objectId, details }) => ({ action, outcome, objectId, details }))).toEqual([
      { action: 'auth.login', outcome: 'failure', objectId: null, details: { reason: 'unknown user' } },
    ]);
  });
});

describe('session', () => {
  it('reports the signed-in user and the same CSRF token, and 401 without a session', async () => {
    const signedIn = await loginAs(testApp, 'admin');
    const response = await request('/api/auth/session', { headers: { Cookie: signedIn.headers.Cookie! } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      user: { id: signedIn.userId, username: signedIn.username, role: 'admin', clusters: null },
      csrfToken: signedIn.csrfToken,
    });
    const anonymous = await request('/api/auth/session');
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  it('ends with logout: the cookie is cleared and the session refused at once', async () => {
    const signedIn = await loginAs(testApp, 'viewer');
    const response = await request('/api/auth/logout', { method: 'POST', headers: signedIn.headers });
    expect(response.status).toBe(204);
    expect(response.headers.get('set-cookie')).toMatch(/^connectory_session=;.*Max-Age=0/);
    expect((await request('/api/v1/me', { headers: signedIn.headers })).status).toBe(401);
    expect((await request('/api/auth/session', { headers: signedIn.headers })).status).toBe(401);
    const left = await testApp.database.db.select().from(sessions).where(eq(sessions.userId, signedIn.userId));
    expect(left).toEqual([]);
  });

  it('is refused once expired', async () => {
    const signedIn = await loginAs(testApp, 'viewer');
    expect((await request('/api/v1/me', { headers: signedIn.headers })).status).toBe(200);
    await testApp.database.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.userId, signedIn.userId));
    const response = await request('/api/v1/me', { headers: signedIn.headers });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  it('ends when a new login from the same browser replaces it', async () => {
    const user = await createUser(testApp, 'viewer');
    const first = await login(testApp, user.username, user.password);
    const second = await request('/api/auth/login', loginRequest(user.username, user.password, { Cookie: first.headers.Cookie! }));
    expect(second.status).toBe(200);
    expect((await request('/api/v1/me', { headers: first.headers })).status).toBe(401);
  });
});

describe('CSRF protection', () => {
  it('refuses cookie-authenticated writes without the header, or with a wrong one', async () => {
    const admin = await loginAs(testApp, 'admin');
    const body = { name: 'csrf-test', role: 'viewer' };
    const attempts: RequestHeaders[] = [{ Cookie: admin.headers.Cookie! }, { Cookie: admin.headers.Cookie!, 'X-CSRF-Token': 'not-the-token' }];
    for (const headers of attempts) {
      const response = await request('/api/v1/tokens', jsonRequest('POST', body, headers));
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: 'csrf' } });
    }
    const noCsrfLogout = await request('/api/auth/logout', { method: 'POST', headers: { Cookie: admin.headers.Cookie! } });
    expect(noCsrfLogout.status).toBe(403);
    expect((await request('/api/v1/tokens', jsonRequest('POST', body, admin.headers))).status).toBe(201);
  });

  it('does not ask it of reads or of Bearer calls', async () => {
    const admin = await loginAs(testApp, 'admin');
    expect((await request('/api/v1/tokens', { headers: { Cookie: admin.headers.Cookie! } })).status).toBe(200);
    const token = await tokenFor(testApp, 'admin');
    expect((await request('/api/v1/tokens', jsonRequest('POST', { name: 'bearer-made', role: 'viewer' }, token.headers))).status).toBe(201);
  });
});

describe('API tokens', () => {
  it('are shown once, stored as a hash, listed without the secret, and work as Bearer', async () => {
    const admin = await loginAs(testApp, 'admin');
    const response = await request('/api/v1/tokens', jsonRequest('POST', { name: 'ci', role: 'operator', clusters: ['b', 'a', 'a'] }, admin.headers));
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string; token: string };
    expect(created).toEqual({
      id: expect.any(String),
      name: 'ci',
      role: 'operator',
      clusters: ['a', 'b'],
      expiresAt: null,
      createdAt: expect.any(String),
      token: expect.stringMatching(/^cty_[A-Za-z0-9_-]{43}$/),
    });
    const [row] = await testApp.database.db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(JSON.stringify(row)).not.toContain(created.token);

    const listed = (await (await request('/api/v1/tokens', { headers: admin.headers })).json()) as { items: Record<string, unknown>[] };
    const item = listed.items.find((token) => token.id === created.id)!;
    expect(item).toMatchObject({ name: 'ci', createdBy: admin.username, lastUsedAt: null, revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(created.token);

    const me = await request('/api/v1/me', { headers: { Authorization: `Bearer ${created.token}` } });
    expect(await me.json()).toEqual({
      kind: 'token',
      id: created.id,
      name: 'ci',
      role: 'operator',
      clusters: ['a', 'b'],
      permissions: ['profile:read', 'cluster:read', 'connector:operate', 'connector:write', 'topic:write', 'template:write', 'schema:write', 'alert:subscribe', 'alert:write'],
    });
    const [used] = await testApp.database.db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(used?.lastUsedAt).toBeInstanceOf(Date);
  });

  it('are refused at once after revocation', async () => {
    const admin = await tokenFor(testApp, 'admin');
    const victim = await tokenFor(testApp, 'viewer');
    expect((await request('/api/v1/me', { headers: victim.headers })).status).toBe(200);
    expect((await request(`/api/v1/tokens/${victim.id}`, { method: 'DELETE', headers: admin.headers })).status).toBe(204);
    const refused = await request('/api/v1/me', { headers: victim.headers });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    // Revoking again changes nothing and is not an error; an unknown id is.
    expect((await request(`/api/v1/tokens/${victim.id}`, { method: 'DELETE', headers: admin.headers })).status).toBe(204);
    expect((await request(`/api/v1/tokens/00000000-0000-4000-8000-000000000000`, { method: 'DELETE', headers: admin.headers })).status).toBe(404);
    const revocations = await testApp.database.db.select().from(auditLog).where(eq(auditLog.objectId, victim.id));
    expect(revocations.map((entry) => entry.action)).toEqual(['token.revoke']);
  });

  it('are refused once expired, and cannot be created already expired', async () => {
    const expired = await tokenFor(testApp, 'admin', null, { expiresAt: new Date(Date.now() - 1000) });
    expect((await request('/api/v1/me', { headers: expired.headers })).status).toBe(401);
    const live = await tokenFor(testApp, 'viewer', null, { expiresAt: new Date(Date.now() + 60_000) });
    expect((await request('/api/v1/me', { headers: live.headers })).status).toBe(200);
    await testApp.database.db.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1) }).where(eq(apiTokens.id, live.id));
    expect((await request('/api/v1/me', { headers: live.headers })).status).toBe(401);

    const admin = await tokenFor(testApp, 'admin');
    const past = await request('/api/v1/tokens', jsonRequest('POST', { name: 'old', role: 'viewer', expiresAt: '2020-01-01T00:00:00Z' }, admin.headers));
    expect(past.status).toBe(400);
    expect(await past.json()).toMatchObject({ error: { code: 'invalid_input', field: 'expiresAt' } });
  });

  it('refuse unknown, malformed and non-Bearer credentials, without falling back to a cookie', async () => {
    const viewer = await loginAs(testApp, 'viewer');
    for (const authorization of ['Bearer cty_unknownunknownunknownunknownunknownunknownun', 'Bearer nonsense', 'Basic YWRtaW46YWRtaW4=']) {
      const response = await request('/api/v1/me', { headers: { Authorization: authorization, Cookie: viewer.headers.Cookie! } });
      expect(response.status, authorization).toBe(401);
    }
  });

  it('may not exceed the role or clusters of whoever creates them', async () => {
    const scopedAdmin = await tokenFor(testApp, 'admin', ['a']);
    // A cluster-scoped admin holds no token:manage at all.
    expect((await request('/api/v1/tokens', jsonRequest('POST', { name: 'x', role: 'viewer', clusters: ['a'] }, scopedAdmin.headers))).status).toBe(403);
    const admin = await tokenFor(testApp, 'admin');
    expect((await request('/api/v1/tokens', jsonRequest('POST', { name: 'same', role: 'admin' }, admin.headers))).status).toBe(201);
    const refused = await request('/api/v1/tokens', jsonRequest('POST', { name: 'x', role: 'superuser' }, admin.headers));
    expect(refused.status).toBe(400);
  });
});

describe('login throttling', () => {
  it('answers 429 with Retry-After after 5 failures for one username, even with the right password', async () => {
    const user = await createUser(testApp, 'viewer');
    for (let i = 0; i < 5; i++) {
      expect((await request('/api/auth/login', loginRequest(user.username, `wrong-${i}`), fromAddress(`198.51.100.${i}`))).status).toBe(401);
    }
    const blocked = await request('/api/auth/login', loginRequest(user.username, user.password), fromAddress('198.51.100.99'));
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    expect(await blocked.json()).toMatchObject({ error: { code: 'rate_limited' } });
    const other = await createUser(testApp, 'viewer');
    expect((await request('/api/auth/login', loginRequest(other.username, other.password), fromAddress('198.51.100.99'))).status).toBe(200);
  });

  it('answers 429 after 20 failures from one address', async () => {
    const app = await createTestApp({ auth: { rateLimiter: new LoginRateLimiter() } });
    try {
      const user = await createUser(app, 'viewer');
      for (let i = 0; i < 20; i++) {
        const response = await app.app.request('/api/auth/login', loginRequest(`nobody-${i}`, 'x'), fromAddress('203.0.113.7'));
        expect(response.status).toBe(401);
      }
      const blocked = await app.app.request('/api/auth/login', loginRequest(user.username, user.password), fromAddress('203.0.113.7'));
      expect(blocked.status).toBe(429);
      expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await app.app.request('/api/auth/login', loginRequest(user.username, user.password), fromAddress('203.0.113.8'))).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('reads the address from X-Forwarded-For only behind a trusted proxy', async () => {
    // two proxies in front: the entry one from the right is what the outer proxy saw (issue #11: the right-most trusted hop)
    const app = await createTestApp({ auth: { trustProxy: 2 } });
    try {
      const user = await createUser(app, 'viewer');
      await login(app, user.username, user.password);
      const response = await app.app.request(
        '/api/auth/login',
        loginRequest(user.username, user.password, { 'X-Forwarded-For': '192.0.2.44, 10.0.0.1' }),
        fromAddress('10.0.0.1'),
      );
      expect(response.status).toBe(200);
      const entries = await app.database.db.select().from(auditLog).where(eq(auditLog.action, 'auth.login'));
      expect(entries.map((entry) => entry.sourceIp)).toContain('192.0.2.44');
    } finally {
      await app.close();
    }
    const spoofed = await createUser(testApp, 'viewer');
    await request('/api/auth/login', loginRequest(spoofed.username, spoofed.password, { 'X-Forwarded-For': '192.0.2.45' }), fromAddress('10.0.0.2'));
    const [entry] = await testApp.database.db.select().from(auditLog).where(eq(auditLog.actor, spoofed.username));
    expect(entry?.sourceIp).toBe('10.0.0.2');
  });
});

describe('users API', () => {
  it('creates, lists, updates and deletes users, never showing a password hash', async () => {
    const admin = await loginAs(testApp, 'admin');
    const created = await request('/api/v1/users', jsonRequest('POST', { username: 'Carol', password: 'a-long-enough-password', role: 'viewer' }, admin.headers));
    expect(created.status).toBe(201);
    const carol = (await created.json()) as { id: string };
    expect(carol).toEqual({ id: expect.any(String), username: 'carol', role: 'viewer', clusters: null, disabled: false, createdAt: expect.any(String) });

    const duplicate = await request('/api/v1/users', jsonRequest('POST', { username: 'carol', password: 'a-long-enough-password', role: 'viewer' }, admin.headers));
    expect(duplicate.status).toBe(409);
    const short = await request('/api/v1/users', jsonRequest('POST', { username: 'dave', password: 'short', role: 'viewer' }, admin.headers));
    expect(short.status).toBe(400);
    expect(await short.json()).toMatchObject({ error: { field: 'password' } });

    const updated = await request(`/api/v1/users/${carol.id}`, jsonRequest('PATCH', { role: 'operator', clusters: ['x'] }, admin.headers));
    expect(await updated.json()).toMatchObject({ role: 'operator', clusters: ['x'] });

    const list = await (await request('/api/v1/users', { headers: admin.headers })).text();
    expect(list).toContain('"username":"carol"');
    expect(list).not.toMatch(/argon2|passwordHash|password/);

    expect((await request(`/api/v1/users/${carol.id}`, { method: 'DELETE', headers: admin.headers })).status).toBe(204);
    expect((await request(`/api/v1/users/${carol.id}`, { method: 'DELETE', headers: admin.headers })).status).toBe(404);
  });

  it('ends the sessions of a user who is disabled or whose password changes', async () => {
    const admin = await loginAs(testApp, 'admin');
    const disabled = await loginAs(testApp, 'viewer');
    const repassworded = await loginAs(testApp, 'viewer');
    await request(`/api/v1/users/${disabled.userId}`, jsonRequest('PATCH', { disabled: true }, admin.headers));
    await request(`/api/v1/users/${repassworded.userId}`, jsonRequest('PATCH', { password: 'a-brand-new-password' }, admin.headers));
    expect((await request('/api/v1/me', { headers: disabled.headers })).status).toBe(401);
    expect((await request('/api/v1/me', { headers: repassworded.headers })).status).toBe(401);
    expect((await request('/api/auth/login', loginRequest(disabled.username, disabled.password))).status).toBe(401);
    expect((await request('/api/auth/login', loginRequest(repassworded.username, 'a-brand-new-password'))).status).toBe(200);
    const [row] = await testApp.database.db.select().from(users).where(eq(users.id, repassworded.userId));
    expect(await verifyPassword(row!.passwordHash, 'a-brand-new-password')).toBe(true);
  });

  it('keeps your own session when you change your own password', async () => {
    const admin = await loginAs(testApp, 'admin');
    const elsewhere = await login(testApp, admin.username, admin.password);
    const response = await request(`/api/v1/users/${admin.userId}`, jsonRequest('PATCH', { password: 'my-own-new-password' }, admin.headers));
    expect(response.status).toBe(200);
    expect((await request('/api/v1/me', { headers: admin.headers })).status).toBe(200);
    expect((await request('/api/v1/me', { headers: elsewhere.headers })).status).toBe(401);
  });

  it('refuses to delete, disable or demote yourself', async () => {
    await loginAs(testApp, 'admin'); // so you are not also the last admin
    const admin = await loginAs(testApp, 'admin');
    for (const [method, body] of [
      ['DELETE', undefined],
      ['PATCH', { disabled: true }],
      ['PATCH', { role: 'operator' }],
      ['PATCH', { clusters: ['a'] }],
    ] as const) {
      const init = body ? jsonRequest(method, body, admin.headers) : { method, headers: admin.headers };
      const response = await request(`/api/v1/users/${admin.userId}`, init);
      expect(response.status, JSON.stringify(body)).toBe(409);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/your own account/);
    }
  });

  it('refuses to remove, disable or demote the last enabled full administrator', async () => {
    const app = await createTestApp();
    try {
      const created = await ensureInitialAdmin(app.database.db, 'initial-admin-password');
      expect(created).toEqual({ created: true, username: 'admin' });
      expect(await ensureInitialAdmin(app.database.db, 'another-password')).toEqual({ created: false });
      const [initial] = await app.database.db.select().from(users).where(eq(users.username, 'admin'));
      // a token has no "yourself": only the last-admin rule applies (made by the admin itself, since a token
      // acts within its maker's grant and any other full admin would not leave this one the last)
      const token = await tokenFor(app, 'admin', null, { madeBy: initial!.id });
      for (const [method, body] of [
        ['DELETE', undefined],
        ['PATCH', { disabled: true }],
        ['PATCH', { role: 'viewer' }],
        ['PATCH', { clusters: ['a'] }],
      ] as const) {
        const init = body ? jsonRequest(method, body, token.headers) : { method, headers: token.headers };
        const response = await app.app.request(`/api/v1/users/${initial!.id}`, init);
        expect(response.status, JSON.stringify(body)).toBe(409);
        expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/last enabled administrator/);
      }
      const second = await createUser(app, 'admin');
      expect((await app.app.request(`/api/v1/users/${initial!.id}`, jsonRequest('PATCH', { role: 'viewer' }, token.headers))).status).toBe(200);
      // the demoted maker's token is a viewer's now; the remaining admin's own token meets the last-admin rule
      const secondToken = await tokenFor(app, 'admin', null, { madeBy: second.id });
      expect((await app.app.request(`/api/v1/users/${second.id}`, { method: 'DELETE', headers: secondToken.headers })).status).toBe(409);
    } finally {
      await app.close();
    }
  });
});

describe('GET /api/v1/me', () => {
  it("describes a signed-in user, with a scoped grant's permissions", async () => {
    const scoped = await loginAs(testApp, 'admin', ['a']);
    const me = await (await request('/api/v1/me', { headers: scoped.headers })).json();
    expect(me).toEqual({
      kind: 'user',
      id: scoped.userId,
      name: scoped.username,
      role: 'admin',
      clusters: ['a'],
      permissions: ['profile:read', 'cluster:read', 'connector:operate', 'connector:write', 'topic:write', 'template:write', 'schema:write', 'schema:delete', 'plugin:manage', 'acl:manage', 'alert:subscribe', 'alert:write'],
    });
  });
});
