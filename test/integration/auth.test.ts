// The server process on first start, on PostgreSQL: the initial administrator and its password. Sign-in,
// sessions, tokens and user management are in test/unit/server/auth/sessions.test.ts.
import { describe, expect, it } from 'vitest';
import { jsonRequest } from '../support/auth';
import { createTestDatabase } from '../support/db';
import { startServer } from '../support/server';

const loginRequest = (username: string, password: string) => jsonRequest('POST', { username, password });

describe('the server process on first start', () => {
  it('creates admin with a generated password printed once, outside the JSON log, and never again', async () => {
    const testDb = await createTestDatabase();
    try {
      // An empty ADMIN_PASSWORD counts as unset (startServer would otherwise pass its own).
      const env = { DATABASE_URL: testDb.url, CONNECTORY_SECRET_KEY: 'auth-test-secret-key', ADMIN_PASSWORD: '' };
      const first = await startServer(env);
      let password: string;
      try {
        const output = first.output();
        password = /sign in as "admin" with password: (\S+)/.exec(output)?.[1] ?? '';
        expect(password, output).toMatch(/^[A-Za-z0-9_-]{32}$/);
        expect(output.split(password).length - 1).toBe(1);
        const framed = output.split('\n').find((line) => line.includes(password))!;
        expect(framed.startsWith('{')).toBe(false);

        const response = await fetch(`${first.url}/api/auth/login`, loginRequest('admin', password) as RequestInit);
        expect(response.status).toBe(200);
        const cookie = response.headers.get('set-cookie')!;
        expect(cookie).toMatch(/HttpOnly/);
        const me = await fetch(`${first.url}/api/v1/me`, { headers: { Cookie: cookie.split(';')[0]! } });
        expect(await me.json()).toMatchObject({ kind: 'user', name: 'admin', role: 'admin', clusters: null });
      } finally {
        await first.stop();
      }
      const second = await startServer(env);
      try {
        expect(second.output()).not.toMatch(/first start/);
        expect((await fetch(`${second.url}/api/auth/login`, loginRequest('admin', password) as RequestInit)).status).toBe(200);
      } finally {
        await second.stop();
      }
    } finally {
      await testDb.drop();
    }
  });

  it('uses ADMIN_PASSWORD when it is set, and prints no password', async () => {
    const testDb = await createTestDatabase();
    try {
      const server = await startServer({ DATABASE_URL: testDb.url, ADMIN_PASSWORD: 'the-chosen-admin-password' });
      try {
        expect(server.output()).not.toMatch(/with password|the-chosen-admin-password/);
        expect(server.output()).toMatch(/created the administrator/);
        expect((await fetch(`${server.url}/api/auth/login`, loginRequest('admin', 'the-chosen-admin-password') as RequestInit)).status).toBe(200);
      } finally {
        await server.stop();
      }
    } finally {
      await testDb.drop();
    }
  });
});
