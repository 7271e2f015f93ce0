import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random secret for cookies and tokens: `bytes` random bytes in base64url. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * How session ids, CSRF tokens and API tokens are stored: they are 256-bit random values, so a fast hash is
 * enough (no salt or stretching needed, unlike passwords), and lookups by hash stay an index scan.
 */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Compares two hex digests without leaking where they differ. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
