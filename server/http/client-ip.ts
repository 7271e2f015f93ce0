import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The caller's address for the audit log and login throttling. `X-Forwarded-For` is believed only when the
 * server is told it sits behind a proxy (TRUST_PROXY): otherwise any client could pick its own address.
 */
export function clientIp(c: Context, trustProxy: boolean): string | undefined {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? undefined;
  } catch {
    return undefined; // no socket: an in-process request (app.request in tests)
  }
}
