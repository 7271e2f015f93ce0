import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares digests rather than the raw strings so the comparison takes the same time whatever
 * the presented token's length or content.
 */
export function bearerMatches(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  const presented = match?.[1] ?? '';
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b) && presented.length > 0;
}
