// API tokens do not outlive their maker's grant (issue #11 hole 8): disabling, demoting, narrowing or deleting
// the user who made a token takes the token along, checked at every use.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens } from '../../server/db/tables';
import { createTestApp, type TestApp } from '../support/app';
import { jsonRequest, loginAs, type RequestHeaders, type SignedIn } from '../support/auth';

let testApp: TestApp;
let admin: SignedIn;

beforeAll(async () => {
  testApp = await createTestApp();
  admin = await loginAs(testApp, 'admin');
});
afterAll(() => testApp?.close());

/** A full admin, signed in, who makes an admin token through the API. */
async function makerWithToken() {
  const maker = await loginAs(testApp, 'admin');
  const created = await testApp.app.request('/api/v1/tokens', jsonRequest('POST', { name: `t-${maker.username}`, role: 'admin' }, maker.headers));
  expect(created.status, await created.clone().text()).toBe(201);
  const { token, id } = (await created.json()) as { token: string; id: string };
  return { maker, id, headers: { Authorization: `Bearer ${token}` } as RequestHeaders };
}

const changeUser = (id: string, change: Record<string, unknown>) =>
  testApp.app.request(`/api/v1/users/${id}`, jsonRequest('PATCH', change, admin.headers));
const me = async (headers: RequestHeaders) => testApp.app.request('/api/v1/me', { headers });

describe("a token and its maker's grant", () => {
  it('stops working while its maker is disabled, and works again when re-enabled', async () => {
    const { maker, headers } = await makerWithToken();
    expect((await me(headers)).status).toBe(200);
    expect((await changeUser(maker.userId, { disabled: true })).status).toBe(200);
    expect((await me(headers)).status).toBe(401);
    expect((await changeUser(maker.userId, { disabled: false })).status).toBe(200);
    expect((await me(headers)).status).toBe(200);
  });

  it("narrows to its maker's weaker role and clusters", async () => {
    const { maker, headers } = await makerWithToken();
    expect((await testApp.app.request('/api/v1/users', { headers })).status).toBe(200);
    expect((await changeUser(maker.userId, { role: 'viewer', clusters: ['a', 'b'] })).status).toBe(200);
    const answer = (await (await me(headers)).json()) as { role: string; clusters: string[] | null; permissions: string[] };
    expect(answer).toMatchObject({ role: 'viewer', clusters: ['a', 'b'] });
    expect(answer.permissions).not.toContain('user:manage');
    expect((await testApp.app.request('/api/v1/users', { headers })).status).toBe(403);
    expect((await testApp.app.request('/api/v1/connect/elsewhere', { headers })).status).toBe(403);
  });

  it('is revoked when its maker is deleted', async () => {
    const { maker, id, headers } = await makerWithToken();
    expect((await testApp.app.request(`/api/v1/users/${maker.userId}`, { method: 'DELETE', headers: admin.headers })).status).toBe(204);
    expect((await me(headers)).status).toBe(401);
    const [row] = await testApp.database.db.select().from(apiTokens).where(eq(apiTokens.id, id));
    expect(row?.revokedAt).toBeInstanceOf(Date);
  });

  it('refuses a token whose maker is gone even if nobody revoked it', async () => {
    const { id, headers } = await makerWithToken();
    // a token left from before makers were checked: its maker deleted, the token itself untouched
    await testApp.database.db.update(apiTokens).set({ createdBy: null }).where(eq(apiTokens.id, id));
    expect((await me(headers)).status).toBe(401);
  });
});
