/** Signing in and out with a local username and password. */
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record';
import type { CookieSecure } from '../config';
import type { Db } from '../db';
import { users } from '../db/tables';
import { ApiError } from '../http/errors';
import { burnPasswordCheck, verifyPassword } from './passwords';
import type { UserPrincipal } from './principal';
import type { LoginRateLimiter } from './rate-limit';
import { createSession, deleteExpiredSessions, deleteSession, type NewSession } from './sessions';

export interface LoginSettings {
  sessionTtlMs: number;
  rateLimiter: LoginRateLimiter;
  /** The session cookie's Secure flag (COOKIE_SECURE). */
  cookieSecure?: CookieSecure;
}

export interface LoginRequest {
  username: string;
  password: string;
  ip: string | undefined;
  /** The session the browser already had, ended in favour of the new one. */
  previousSessionIdHash?: string;
}

export interface LoggedIn {
  user: { id: string; username: string; role: UserPrincipal['role']; clusters: string[] | null };
  session: NewSession;
}

export class RateLimitedError extends ApiError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'rate_limited', `Too many failed sign-ins: try again in ${retryAfterSeconds} s`);
    this.headers['Retry-After'] = String(retryAfterSeconds);
  }
}

/**
 * Unknown user, disabled user and wrong password all get the same answer after the same amount of work, so
 * neither the message nor the timing tells which usernames exist.
 */
export async function logIn(db: Db, settings: LoginSettings, request: LoginRequest): Promise<LoggedIn> {
  const username = request.username.trim().toLowerCase();
  const attempt = { username, ip: request.ip };
  // counted as a failure from here on, so guesses sent in parallel cannot all pass the limit (see rate-limit.ts)
  const admitted = settings.rateLimiter.begin(attempt);
  if (!('succeeded' in admitted)) throw new RateLimitedError(admitted.retryAfterSeconds);

  const [user] = await db.select().from(users).where(eq(users.username, username));
  const valid = user ? await verifyPassword(user.passwordHash, request.password) : (await burnPasswordCheck(request.password), false);
  if (!user || !valid || user.disabled) {
    await recordFailedLogin(db, username, request.ip, !user ? 'unknown user' : !valid ? 'wrong password' : 'user disabled', user?.id);
    throw new ApiError(401, 'invalid_credentials', 'Wrong username or password');
  }
  admitted.succeeded();

  const session = await db.transaction(async (tx) => {
    if (request.previousSessionIdHash) await deleteSession(tx, request.previousSessionIdHash);
    await deleteExpiredSessions(tx);
    const created = await createSession(tx, user.id, settings.sessionTtlMs);
    await recordAudit(
      tx,
      { actor: user.username, actorKind: 'user', sourceIp: request.ip ?? null },
      { action: 'auth.login', objectType: 'user', objectId: user.id },
    );
    return created;
  });
  return { user: { id: user.id, username: user.username, role: user.role, clusters: user.scopeClusters }, session };
}

/**
 * The audit log says every sign-in, failed ones too: the name tried, from where and why it failed, never the
 * password. Every failure path writes it, so the answer's timing still tells nothing. Attempts the rate limit
 * turns away are not recorded: they cost no password check, and recording them would let a flood fill the log.
 */
async function recordFailedLogin(db: Db, username: string, ip: string | undefined, reason: string, userId: string | undefined): Promise<void> {
  await recordAudit(
    db,
    { actor: username, actorKind: 'user', sourceIp: ip ?? null },
    { action: 'auth.login', objectType: 'user', objectId: userId ?? null, details: { reason }, outcome: 'failure' },
  );
}

export async function logOut(db: Db, principal: UserPrincipal, ip: string | undefined): Promise<void> {
  await db.transaction(async (tx) => {
    await deleteSession(tx, principal.session.idHash);
    await recordAudit(
      tx,
      { actor: principal.name, actorKind: 'user', sourceIp: ip ?? null },
      { action: 'auth.logout', objectType: 'user', objectId: principal.id },
    );
  });
}
