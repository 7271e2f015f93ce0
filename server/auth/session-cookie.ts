import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { CookieSecure } from '../config';

export const SESSION_COOKIE = 'connectory_session';

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE) || undefined;
}

export function setSessionCookie(c: Context, sessionId: string, maxAgeSeconds: number, secure: CookieSecure = 'auto'): void {
  setCookie(c, SESSION_COOKIE, sessionId, { ...cookieFlags(c, secure), maxAge: maxAgeSeconds });
}

export function clearSessionCookie(c: Context, secure: CookieSecure = 'auto'): void {
  deleteCookie(c, SESSION_COOKIE, cookieFlags(c, secure));
}

/**
 * COOKIE_SECURE: `true` behind a TLS terminator that does not send X-Forwarded-Proto (or to never risk a
 * cookie over http), `false` only for plain-http setups where `auto` would guess wrong, `auto` by default.
 */
function cookieFlags(c: Context, secure: CookieSecure) {
  const flag = secure === 'auto' ? cameOverHttps(c) : secure === 'true';
  return { path: '/', httpOnly: true, sameSite: 'Lax', secure: flag } as const;
}

/**
 * `Secure` only when the browser talks https to us (directly or to the TLS proxy in front): over plain http,
 * as in the demo, a Secure cookie would never be sent back. Trusting X-Forwarded-Proto here can only make the
 * cookie stricter, never weaker.
 */
function cameOverHttps(c: Context): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https';
}
