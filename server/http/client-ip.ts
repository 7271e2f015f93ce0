import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The caller's address for the audit log and login throttling. `X-Forwarded-For` is believed only when the
 * server is told it sits behind proxies (TRUST_PROXY: true for one, or how many), and then only as far as those
 * proxies wrote it: each appends the address it was reached from, so the client's address is the entry
 * `hops` from the right. Entries further left came from the client itself and could say anything.
 */
export function clientIp(c: Context, trustProxy: boolean | number): string | undefined {
  const socket = socketAddress(c);
  const hops = trustProxy === true ? 1 : trustProxy === false ? 0 : trustProxy;
  if (hops <= 0) return socket;
  const forwarded = (c.req.header('x-forwarded-for') ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  if (forwarded.length === 0) return socket;
  // fewer entries than trusted proxies: the left-most one was still written by a trusted proxy
  return forwarded[Math.max(0, forwarded.length - hops)];
}

function socketAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address ?? undefined;
  } catch {
    return undefined; // no socket: an in-process request (app.request in tests)
  }
}
