// Sign-in hardening (issue #11): the attempt is counted before the password check, the client address is the
// right-most trusted X-Forwarded-For hop, and the session cookie's Secure flag follows COOKIE_SECURE.
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuthOptions } from '../../server/app';
import { LoginRateLimiter } from '../../server/auth/rate-limit';
import { auditLog } from '../../server/db/tables';
import { createTestApp, type TestApp } from '../support/app';
import { createUser, jsonRequest } from '../support/auth';

const fromAddress = (address: string) => ({ incoming: { socket: { remoteAddress: address, remotePort: 50000, remoteFamily: 'IPv4' } } });
const apps: TestApp[] = [];

async function appWith(auth: AuthOptions): Promise<TestApp> {
  const app = await createTestApp({ auth: { rateLimiter: new LoginRateLimiter(), ...auth } });
  apps.push(app);
  return app;
}
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

const login = (app: TestApp, username: string, password: string, headers: Record<string, string> = {}, address = '198.51.100.1') =>
  app.app.request('/api/auth/login', jsonRequest('POST', { username, password }, headers), fromAddress(address));

describe('login throttling', () => {
  it('lets only the allowed number of guesses through when they arrive all at once', async () => {
    const app = await appWith({});
    const user = await createUser(app, 'viewer');
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => login(app, user.username, `wrong-${i}`, {}, `198.51.100.${i}`)));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(15);
  });

  it('does not count a correct password against the address', async () => {
    const app = await appWith({ rateLimiter: new LoginRateLimiter({ perIp: { limit: 2, windowMs: 60_000 } }) });
    const user = await createUser(app, 'viewer');
    for (let i = 0; i < 3; i++) expect((await login(app, user.username, user.password, {}, '192.0.2.9')).status).toBe(200);
  });

  it('takes the right-most X-Forwarded-For entry behind one proxy, so a client cannot pick its address', async () => {
    const app = await appWith({ trustProxy: true });
    const user = await createUser(app, 'viewer');
    for (let i = 0; i < 20; i++) {
      // the client rotates what it claims; the proxy appends what it saw: 203.0.113.50
      const response = await login(app, `nobody-${i}`, 'x', { 'X-Forwarded-For': `10.9.${i}.1, 203.0.113.50` }, '10.0.0.1');
      expect(response.status).toBe(401);
    }
    const blocked = await login(app, user.username, user.password, { 'X-Forwarded-For': '10.99.0.1, 203.0.113.50' }, '10.0.0.1');
    expect(blocked.status).toBe(429);
    const ok = await login(app, user.username, user.password, { 'X-Forwarded-For': '203.0.113.50, 203.0.113.51' }, '10.0.0.1');
    expect(ok.status).toBe(200);
    const entries = await app.database.db.select().from(auditLog).where(eq(auditLog.action, 'auth.login'));
    expect(entries.filter((entry) => entry.outcome === 'success').map((entry) => entry.sourceIp)).toEqual(['203.0.113.51']);
    // the failed sign-ins are audited with the address the proxy saw, not the one each client claimed
    const failures = entries.filter((entry) => entry.outcome === 'failure');
    expect(failures).toHaveLength(20);
    expect(new Set(failures.map((entry) => entry.sourceIp))).toEqual(new Set(['203.0.113.50']));
  });
});

describe('the session cookie Secure flag', () => {
  const setCookie = async (auth: AuthOptions, headers: Record<string, string> = {}) => {
    const app = await appWith(auth);
    const user = await createUser(app, 'viewer');
    const response = await login(app, user.username, user.password, headers);
    expect(response.status).toBe(200);
    return response.headers.get('set-cookie') ?? '';
  };

  it('follows COOKIE_SECURE: always, never, or by the request scheme', async () => {
    expect(await setCookie({ cookieSecure: 'true' })).toMatch(/;\s*Secure/i);
    expect(await setCookie({ cookieSecure: 'false' }, { 'X-Forwarded-Proto': 'https' })).not.toMatch(/;\s*Secure/i);
    expect(await setCookie({})).not.toMatch(/;\s*Secure/i);
    expect(await setCookie({}, { 'X-Forwarded-Proto': 'https' })).toMatch(/;\s*Secure/i);
  });
});
