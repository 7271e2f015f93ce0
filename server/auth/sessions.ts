/**
 * Browser sessions. The cookie carries a random session id; the database keeps only its sha256, so a leaked
 * table lets nobody in. Sessions have an absolute lifetime and are checked against the database on every
 * request, so an expired, deleted or disabled user's session stops working at once.
 */
import { createHmac } from 'node:crypto';
import { and, eq, gt, lte, ne } from 'drizzle-orm';
import type { Db } from '../db';
import { sessions, users } from '../db/tables';
import { randomSecret, sha256Hex } from './hashing';
import type { UserPrincipal } from './principal';

export interface NewSession {
  /** The cookie value; never stored. */
  sessionId: string;
  idHash: string;
  csrfToken: string;
  expiresAt: Date;
}

type Tx = Pick<Db, 'insert' | 'delete'>;

export async function createSession(tx: Tx, userId: string, ttlMs: number): Promise<NewSession> {
  const sessionId = randomSecret();
  const csrfToken = csrfTokenFor(sessionId);
  const idHash = sha256Hex(sessionId);
  const expiresAt = new Date(Date.now() + ttlMs);
  await tx.insert(sessions).values({ idHash, userId, csrfTokenHash: sha256Hex(csrfToken), expiresAt });
  return { sessionId, idHash, csrfToken, expiresAt };
}

/**
 * The CSRF token is derived from the session id rather than stored, so `GET /api/auth/session` can hand it
 * to a reloaded page; only someone holding the (HttpOnly) session id can compute it.
 */
export function csrfTokenFor(sessionId: string): string {
  return createHmac('sha256', sessionId).update('connectory csrf token').digest('base64url');
}

/** The signed-in user behind a session cookie, if the session exists, has not expired and the user is enabled. */
export async function findSessionPrincipal(db: Db, sessionId: string): Promise<UserPrincipal | undefined> {
  const idHash = sha256Hex(sessionId);
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, new Date()), eq(users.disabled, false)));
  if (!row) return undefined;
  const { session, user } = row;
  return {
    kind: 'user',
    id: user.id,
    name: user.username,
    role: user.role,
    clusters: user.scopeClusters,
    session: { idHash: session.idHash, csrfTokenHash: session.csrfTokenHash, expiresAt: session.expiresAt },
  };
}

export async function deleteSession(tx: Tx, idHash: string): Promise<void> {
  await tx.delete(sessions).where(eq(sessions.idHash, idHash));
}

/** Ends a user's sessions, except optionally the one making the request (a user changing their own password). */
export async function deleteUserSessions(tx: Tx, userId: string, keepIdHash?: string): Promise<void> {
  const mine = eq(sessions.userId, userId);
  await tx.delete(sessions).where(keepIdHash ? and(mine, ne(sessions.idHash, keepIdHash)) : mine);
}

/** Housekeeping: expired rows are already refused, this only keeps the table small. */
export async function deleteExpiredSessions(tx: Tx): Promise<void> {
  await tx.delete(sessions).where(lte(sessions.expiresAt, new Date()));
}
