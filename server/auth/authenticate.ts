/**
 * Request-level authentication: who is calling (session cookie or Bearer token), CSRF protection for
 * cookie-authenticated writes, and the blanket rule that nothing under /api/v1 answers an anonymous caller.
 */
import type { MiddlewareHandler } from 'hono';
import type { Db } from '../db';
import type { AppEnv } from '../http/env';
import { ApiError, errorBody } from '../http/errors';
import { findTokenPrincipal } from '../tokens/service';
import { bearerToken } from '../tokens/token-format';
import { sameDigest, sha256Hex } from './hashing';
import type { Principal } from './principal';
import { readSessionCookie } from './session-cookie';
import { findSessionPrincipal } from './sessions';

export const LOGIN_PATH = '/api/auth/login';
export const CSRF_HEADER = 'X-CSRF-Token';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Sets `principal`. A request that sends an Authorization header is judged by it alone: a bad token is not
 * rescued by a cookie that happens to ride along.
 */
export function authenticate(db: Db): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('principal', await resolvePrincipal(db, c.req.header('authorization'), readSessionCookie(c)));
    await next();
  };
}

async function resolvePrincipal(db: Db, authorization: string | undefined, sessionId: string | undefined): Promise<Principal | undefined> {
  if (authorization !== undefined) {
    const token = bearerToken(authorization);
    return token ? findTokenPrincipal(db, token) : undefined;
  }
  return sessionId ? findSessionPrincipal(db, sessionId) : undefined;
}

/**
 * Cookie-authenticated writes must echo the session's CSRF token in a header, which another site's page
 * cannot read or set. Bearer requests need none: browsers never attach a token on their own.
 */
export const requireCsrfToken: MiddlewareHandler<AppEnv> = async (c, next) => {
  const principal = c.get('principal');
  if (principal?.kind === 'user' && UNSAFE_METHODS.has(c.req.method) && c.req.path !== LOGIN_PATH) {
    const sent = c.req.header(CSRF_HEADER);
    if (!sent || !sameDigest(sha256Hex(sent), principal.session.csrfTokenHash)) {
      throw new ApiError(403, 'csrf', `Missing or wrong ${CSRF_HEADER} header: send the csrfToken from login or GET /api/auth/session`);
    }
  }
  await next();
};

/**
 * Blanket rule for /api/v1: anonymous callers get 401 whatever the route, and a route that answers
 * successfully without having checked a permission (someone forgot `apiRoute`) fails closed with a 500.
 */
export const guardApiV1: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get('principal')) throw ApiError.unauthenticated();
  await next();
  if (c.get('authorized') || c.res.status >= 400) return;
  c.get('log').error({ method: c.req.method, path: c.req.path }, 'route answered without a permission check: declare it with apiRoute()');
  c.res = undefined;
  c.res = c.json(errorBody('internal', 'Internal error'), 500);
};
