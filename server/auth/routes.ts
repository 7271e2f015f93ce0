import { createRoute } from '@hono/zod-openapi';
import type { Db } from '../db';
import { AUTH_BODY_LIMIT, limitBody } from '../http/body-limit';
import { ApiError, errorResponses } from '../http/errors';
import { json } from '../http/openapi';
import { createRouter } from '../http/router';
import { apiRoute } from './api-route';
import { requirePrincipal } from './authorize';
import { sha256Hex } from './hashing';
import { logIn, logOut, type LoginSettings } from './login';
import { PERMISSIONS, permissionsOf } from './permissions';
import { prepareDummyHash } from './passwords';
import { LoginSchema, MeSchema, SessionSchema } from './schema';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from './session-cookie';
import { csrfTokenFor } from './sessions';

const TAGS = ['Authentication'];

const login = createRoute({
  method: 'post',
  path: '/auth/login',
  tags: TAGS,
  summary: 'Sign in; sets the session cookie',
  description:
    'Sets the HttpOnly cookie `connectory_session`. Cookie-authenticated writes must send the returned `csrfToken` as `X-CSRF-Token`. ' +
    'After 5 failures for one username or 20 from one address within 15 minutes, answers 429 with Retry-After.',
  request: { body: { required: true, ...json(LoginSchema) } },
  responses: {
    200: { description: 'Signed in', ...json(SessionSchema) },
    ...errorResponses(400, 401, 429),
  },
});

const logout = createRoute({
  method: 'post',
  path: '/auth/logout',
  tags: TAGS,
  summary: 'Sign out: ends the session and clears the cookie',
  description: 'Needs the `X-CSRF-Token` header while the session is valid.',
  responses: { 204: { description: 'Signed out' }, ...errorResponses(403) },
});

const session = createRoute({
  method: 'get',
  path: '/auth/session',
  tags: TAGS,
  summary: 'The signed-in user and the CSRF token, for a page that was reloaded',
  responses: { 200: { description: 'Signed in', ...json(SessionSchema) }, ...errorResponses(401) },
});

/** Public: mounted under /api. */
export function authRoutes(db: Db, settings: LoginSettings) {
  void prepareDummyHash();
  const router = createRouter();
  router.use('/auth/*', limitBody(AUTH_BODY_LIMIT));
  return router
    .openapi(login, async (c) => {
      const { username, password } = c.req.valid('json');
      const previous = readSessionCookie(c);
      const result = await logIn(db, settings, {
        username,
        password,
        ip: c.get('clientIp'),
        previousSessionIdHash: previous ? sha256Hex(previous) : undefined,
      });
      setSessionCookie(c, result.session.sessionId, Math.floor(settings.sessionTtlMs / 1000), settings.cookieSecure);
      c.header('Cache-Control', 'no-store');
      return c.json({ user: result.user, csrfToken: result.session.csrfToken }, 200);
    })
    .openapi(logout, async (c) => {
      const principal = c.get('principal');
      if (principal?.kind === 'user') await logOut(db, principal, c.get('clientIp'));
      clearSessionCookie(c, settings.cookieSecure);
      return c.body(null, 204);
    })
    .openapi(session, (c) => {
      const principal = c.get('principal');
      const sessionId = readSessionCookie(c);
      if (principal?.kind !== 'user' || !sessionId) throw ApiError.unauthenticated('Not signed in');
      c.header('Cache-Control', 'no-store');
      const user = { id: principal.id, username: principal.name, role: principal.role, clusters: principal.clusters };
      return c.json({ user, csrfToken: csrfTokenFor(sessionId) }, 200);
    });
}

const me = apiRoute({
  method: 'get',
  path: '/me',
  permission: PERMISSIONS.profileRead,
  tags: TAGS,
  summary: 'Who is calling and what they may do',
  responses: { 200: { description: 'The caller', ...json(MeSchema) } },
});

/** Mounted under /api/v1. */
export function meRoutes() {
  return createRouter().openapi(me, (c) => {
    const principal = requirePrincipal(c);
    const { kind, id, name, role, clusters } = principal;
    return c.json({ kind, id, name, role, clusters, permissions: permissionsOf(principal) }, 200);
  });
}
