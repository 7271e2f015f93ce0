import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export const SESSION_COOKIE = 'connectory_session';

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE) || undefined;
}

export function setSessionCookie(c: Context, sessionId: string, maxAgeSeconds: number): void {
  setCookie(c, SESSION_COOKIE, sessionId, { ...cookieFlags(c), maxAge: maxAgeSeconds });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, cookieFlags(c));
}

function cookieFlags(c: Context) {
  return { path: '/', httpOnly: true, sameSite: 'Lax', secure: cameOverHttps(c) } as const;
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
