/**
 * The webhook signature: `X-Connectory-Signature: sha256=<hex>` where hex is HMAC-SHA256 with the channel's
 * secret over `<X-Connectory-Timestamp>.<raw body>`. Signing the timestamp with the body lets a receiver refuse
 * a replayed request (an old timestamp) and a moved timestamp (a bad signature).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Connectory-Signature';
export const TIMESTAMP_HEADER = 'X-Connectory-Timestamp';
export const DEDUPE_HEADER = 'X-Connectory-Dedupe-Key';

export function sign(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does; exported for tests and documentation. `toleranceMs` bounds the timestamp's age. */
export function verifySignature(secret: string, timestamp: string, body: string, signature: string, now = Date.now(), toleranceMs = 300_000): boolean {
  const seconds = Number(timestamp);
  if (!Number.isFinite(seconds) || Math.abs(now - seconds * 1000) > toleranceMs) return false;
  const expected = Buffer.from(sign(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
