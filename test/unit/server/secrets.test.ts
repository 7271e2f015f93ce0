// Planted secrets — stored cluster credentials, a user's password, an API token, a session id — never show up
// in a response body, a log line or the audit log. The test collects all three and greps them.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, auditLog, connectClusters, connectWorkers, kafkaClusters, users } from '../../../server/db/tables';
import { SECRET_MASK } from '../../../server/secrets/masking';
import { createTestApp, type TestApp } from '../../support/app';
import { jsonRequest, login, loginAs, tokenFor } from '../../support/auth';

const PLANTED = {
  saslPassword: 'planted-sasl-password-3f9a',
  tlsKey: '-----BEGIN PRIVATE KEY-----planted-tls-key-77c1',
  connectPassword: 'planted-connect-password-b2d0',
  agentToken: 'planted-agent-token-91e4',
  userPassword: 'planted-user-password-5e6f',
  newUserPassword: 'planted-new-password-0a1b',
};

let testApp: TestApp;
const bodies: string[] = [];

beforeAll(async () => {
  testApp = await createTestApp({ captureLogs: true, logLevel: 'debug' });
  const { db } = testApp.database;
  const box = testApp.secrets;
  await db.insert(kafkaClusters).values({
    id: 'prod',
    name: 'Production',
    bootstrapServers: ['127.0.0.1:1'],
    sasl: { mechanism: 'scram-sha-512', username: 'connectory', passwordEnc: box.encrypt(PLANTED.saslPassword) },
    tls: { enabled: true, keyPemEnc: box.encrypt(PLANTED.tlsKey), certPem: 'CERT' },
  });
  await db.insert(connectClusters).values({
    id: 'prod-connect',
    name: 'Prod Connect',
    kafkaClusterId: 'prod',
    auth: { kind: 'basic', username: 'ops', passwordEnc: box.encrypt(PLANTED.connectPassword) },
  });
  await db.insert(connectWorkers).values({
    connectClusterId: 'prod-connect',
    url: 'http://127.0.0.1:2',
    agentUrl: 'http://127.0.0.1:3',
    agentTokenEnc: box.encrypt(PLANTED.agentToken),
  });
});
afterAll(() => testApp?.close());

/**
 * Every request goes through here so its answer, headers aside, joins what is grepped. Each must answer as
 * expected: a call that failed early would carry no secret, and the grep below would pass for nothing.
 */
async function send(path: string, init: RequestInit, status: number): Promise<any> {
  const response = await testApp.app.request(path, init);
  const text = await response.text();
  bodies.push(`${response.status} ${path}: ${text}`);
  expect(response.status, `${init.method ?? 'GET'} ${path}: ${text}`).toBe(status);
  return text ? JSON.parse(text) : undefined;
}

describe('stored secrets', () => {
  it('are encrypted at rest', async () => {
    const rows = JSON.stringify([
      await testApp.database.db.select().from(kafkaClusters),
      await testApp.database.db.select().from(connectClusters),
      await testApp.database.db.select().from(connectWorkers),
    ]);
    for (const secret of [PLANTED.saslPassword, PLANTED.tlsKey, PLANTED.connectPassword, PLANTED.agentToken]) {
      expect(rows).not.toContain(secret);
    }
  });

  it('are shown as the mask in cluster responses', async () => {
    const viewer = await tokenFor(testApp, 'admin');
    const kafka = await send('/api/v1/clusters/prod', { headers: viewer.headers }, 200);
    expect(kafka).toMatchObject({
      sasl: { mechanism: 'scram-sha-512', username: 'connectory', password: SECRET_MASK },
      tls: { enabled: true, key: SECRET_MASK, certPem: 'CERT' },
    });
    const connect = await send('/api/v1/connect/prod-connect', { headers: viewer.headers }, 200);
    expect(connect).toMatchObject({
      auth: { kind: 'basic', username: 'ops', password: SECRET_MASK },
      workers: [{ url: 'http://127.0.0.1:2', agentUrl: 'http://127.0.0.1:3', agentToken: SECRET_MASK }],
    });
    const kafkaList = await send('/api/v1/clusters', { headers: viewer.headers }, 200);
    expect(kafkaList.items).toEqual([expect.objectContaining({ id: 'prod', sasl: expect.objectContaining({ password: SECRET_MASK }) })]);
    const connectList = await send('/api/v1/connect', { headers: viewer.headers }, 200);
    expect(connectList.items).toEqual([expect.objectContaining({ id: 'prod-connect', auth: expect.objectContaining({ password: SECRET_MASK }) })]);
    // The planted clusters point at closed ports: the detailed health (behind cluster:read) reports them down, naming each.
    const health = await send('/api/v1/health', { headers: viewer.headers }, 200);
    expect(health).toMatchObject({ status: 'degraded', kafkaClusters: [{ id: 'prod', status: 'down' }], connectClusters: [{ id: 'prod-connect', status: 'down' }] });
  });

  it('are hidden from cluster-scoped callers of other clusters entirely', async () => {
    const scoped = await tokenFor(testApp, 'viewer', ['elsewhere']);
    expect(await send('/api/v1/clusters', { headers: scoped.headers }, 200)).toEqual({ items: [] });
    await send('/api/v1/clusters/prod', { headers: scoped.headers }, 403);
  });
});

describe('credentials Connectory issues', () => {
  let tokenSecret = '';
  let sessionId = '';

  it('go through the whole access workflow', async () => {
    const admin = await loginAs(testApp, 'admin');
    const frank = await send('/api/v1/users', jsonRequest('POST', { username: 'frank', password: PLANTED.userPassword, role: 'operator' }, admin.headers), 201);
    expect(frank).toMatchObject({ id: expect.any(String), username: 'frank', role: 'operator' });
    const refused = await send('/api/auth/login', jsonRequest('POST', { username: 'frank', password: 'a-wrong-guess-for-frank' }), 401);
    expect(refused.error.code).toBeDefined();
    const signedIn = await login(testApp, 'frank', PLANTED.userPassword);
    sessionId = signedIn.headers.Cookie!.split('=')[1]!;
    expect(await send('/api/v1/me', { headers: signedIn.headers }, 200)).toMatchObject({ kind: 'user', name: 'frank' });
    expect(await send('/api/auth/session', { headers: signedIn.headers }, 200)).toMatchObject({ csrfToken: signedIn.csrfToken });
    const changed = await send(`/api/v1/users/${frank.id}`, jsonRequest('PATCH', { password: PLANTED.newUserPassword }, admin.headers), 200);
    expect(changed).toMatchObject({ id: frank.id, username: 'frank' });
    const tooShort = await send('/api/v1/users', jsonRequest('POST', { username: 'short', password: 'short', role: 'viewer' }, admin.headers), 400);
    expect(tooShort.error.field).toBe('password');
    const userList = await send('/api/v1/users', { headers: admin.headers }, 200);
    expect(userList.items.map((user: { username: string }) => user.username)).toContain('frank');

    // The token is in its creation response, by design, and nowhere else: that response is kept out of `bodies`.
    const response = await testApp.app.request('/api/v1/tokens', jsonRequest('POST', { name: 'pipeline', role: 'viewer' }, admin.headers));
    expect(response.status).toBe(201);
    tokenSecret = ((await response.json()) as { token: string }).token;
    const bearer = { Authorization: `Bearer ${tokenSecret}` };
    expect(await send('/api/v1/me', { headers: bearer }, 200)).toMatchObject({ kind: 'token', role: 'viewer' });
    await send('/api/v1/users', { headers: bearer }, 403);
    const tokenList = await send('/api/v1/tokens', { headers: admin.headers }, 200);
    expect(tokenList.items.map((token: { name: string }) => token.name)).toContain('pipeline');
    const audit = await send('/api/v1/audit?size=200', { headers: admin.headers }, 200);
    expect(audit.items.map((entry: { action: string }) => entry.action)).toEqual(expect.arrayContaining(['user.create', 'user.update', 'token.create']));
    await send('/api/auth/logout', { method: 'POST', headers: admin.headers }, 204);
  });

  it('are stored only as hashes', async () => {
    const stored = JSON.stringify([await testApp.database.db.select().from(users), await testApp.database.db.select().from(apiTokens)]);
    for (const secret of [PLANTED.userPassword, PLANTED.newUserPassword, tokenSecret, tokenSecret.slice(4)]) expect(stored).not.toContain(secret);
    const [frank] = await testApp.database.db.select().from(users).where(eq(users.username, 'frank'));
    expect(frank?.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('never appear in a response body, a log line or an audit entry', async () => {
    // What later code might log: a connector config, a cluster's settings, request headers.
    testApp.logger.info({ config: { 'connector.class': 'X', 'database.password': PLANTED.userPassword, 'sasl.jaas.config': `password="${PLANTED.saslPassword}"` } }, 'config');
    testApp.logger.info({ cluster: { sasl: { username: 'u', password: PLANTED.saslPassword } } }, 'cluster');
    testApp.logger.info({ headers: { authorization: `Bearer ${tokenSecret}`, cookie: `connectory_session=${sessionId}` } }, 'headers');

    const audit = JSON.stringify(await testApp.database.db.select().from(auditLog));
    const logs = testApp.logLines.join('\n');
    const everything = { bodies: bodies.join('\n'), logs, audit };
    expect(bodies.length).toBeGreaterThan(15);
    expect(logs).toContain('"msg":"config"');
    expect(audit).toContain('user.update');
    const secrets = { ...PLANTED, tokenSecret, tokenBody: tokenSecret.slice(4), sessionId };
    for (const [where, text] of Object.entries(everything)) {
      for (const [name, secret] of Object.entries(secrets)) {
        expect(secret.length, name).toBeGreaterThan(10);
        expect(text.includes(secret), `${name} found in ${where}`).toBe(false);
      }
    }
    expect(logs).toContain(SECRET_MASK);
  });
});
