// Signed-in callers for tests: users and API tokens of any role and cluster scope, as request headers.
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../../server/auth/passwords';
import type { Role } from '../../server/db/tables';
import { apiTokens, users } from '../../server/db/tables';
import { generateToken, tokenHash } from '../../server/tokens/token-format';
import type { TestApp } from './app';

export type RequestHeaders = Record<string, string>;

export interface SignedIn {
  /** Cookie + X-CSRF-Token, ready for any request. */
  headers: RequestHeaders;
  userId: string;
  username: string;
  password: string;
  csrfToken: string;
  /** The raw `Set-Cookie` the login answered with. */
  setCookie: string;
}

let counter = 0;
const uniqueName = (prefix: string) => `${prefix}-${++counter}-${randomBytes(3).toString('hex')}`;

/** Creates a user straight in the database (no audit entry) and returns its login data. */
export async function createUser(testApp: TestApp, role: Role, clusters: string[] | null = null, username = uniqueName(role)) {
  const password = `pw-${randomBytes(12).toString('base64url')}`;
  const [row] = await testApp.database.db
    .insert(users)
    .values({ username, passwordHash: await hashPassword(password), role, scopeClusters: clusters })
    .returning({ id: users.id });
  return { id: row!.id, username, password };
}

/** Logs in through the API (one `auth.login` audit entry) and returns the headers a browser would send. */
export async function login(testApp: TestApp, username: string, password: string): Promise<Omit<SignedIn, 'userId' | 'password'>> {
  const response = await testApp.app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) throw new Error(`Test login as ${username}: ${response.status} ${await response.text()}`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const setCookie = response.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0]!;
  return { headers: { Cookie: cookie, 'X-CSRF-Token': csrfToken }, username, csrfToken, setCookie };
}

/** A new user with this grant, signed in. */
export async function loginAs(testApp: TestApp, role: Role, clusters: string[] | null = null): Promise<SignedIn> {
  const user = await createUser(testApp, role, clusters);
  const session = await login(testApp, user.username, user.password);
  return { ...session, userId: user.id, password: user.password };
}

/** An API token with this grant, made straight in the database (no audit entry): `Authorization: Bearer` headers. */
export async function tokenFor(
  testApp: TestApp,
  role: Role,
  clusters: string[] | null = null,
  options: { expiresAt?: Date; /** The user who made it; a new full admin (who cannot sign in) unless given. */ madeBy?: string } = {},
): Promise<{ headers: RequestHeaders; token: string; id: string }> {
  const token = generateToken();
  // a token acts within its maker's grant (issue #11): made by a full admin, it keeps exactly its own
  const [maker] = options.madeBy
    ? [{ id: options.madeBy }]
    : await testApp.database.db
        .insert(users)
        .values({ username: uniqueName('token-maker'), passwordHash: 'not-a-password-hash', role: 'admin', scopeClusters: null })
        .returning({ id: users.id });
  const [row] = await testApp.database.db
    .insert(apiTokens)
    .values({ name: uniqueName(`token-${role}`), tokenHash: tokenHash(token), role, scopeClusters: clusters, expiresAt: options.expiresAt ?? null, createdBy: maker!.id })
    .returning({ id: apiTokens.id });
  return { headers: { Authorization: `Bearer ${token}` }, token, id: row!.id };
}

/** JSON request init with the caller's headers. */
export function jsonRequest(method: string, body: unknown, headers: RequestHeaders = {}): RequestInit {
  return { method, headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}
