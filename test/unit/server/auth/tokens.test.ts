import { describe, expect, it } from 'vitest';
import { sameDigest, sha256Hex } from '../../../../server/auth/hashing';
import { hashPassword, verifyPassword } from '../../../../server/auth/passwords';
import { csrfTokenFor } from '../../../../server/auth/sessions';
import { bearerToken, generateToken, looksLikeToken, tokenHash } from '../../../../server/tokens/token-format';

describe('API token format', () => {
  it('is cty_ + 32 random bytes in base64url, different every time', () => {
    const token = generateToken();
    expect(token).toMatch(/^cty_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token.slice(4), 'base64url')).toHaveLength(32);
    expect(looksLikeToken(token)).toBe(true);
    expect(new Set(Array.from({ length: 50 }, generateToken)).size).toBe(50);
  });

  it('rejects anything else before touching the database', () => {
    for (const value of ['', 'cty_', 'cty_short', `xyz_${'a'.repeat(43)}`, `cty_${'a'.repeat(42)}!`, `cty_${'a'.repeat(44)}`]) {
      expect(looksLikeToken(value), value).toBe(false);
    }
  });

  it('is stored as its sha256 only', () => {
    const token = generateToken();
    expect(tokenHash(token)).toBe(sha256Hex(token));
    expect(tokenHash(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenHash(token)).not.toContain(token.slice(4));
  });

  it('is read from an Authorization: Bearer header only', () => {
    expect(bearerToken('Bearer cty_abc')).toBe('cty_abc');
    expect(bearerToken('bearer   cty_abc ')).toBe('cty_abc');
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
  });
});

describe('passwords', () => {
  it('are hashed with argon2id and verified', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(hash).not.toContain('correct horse');
    expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hash, 'wrong horse battery')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });
});

describe('CSRF tokens', () => {
  it('are derived from the session id: stable for one session, different across sessions', () => {
    expect(csrfTokenFor('session-a')).toBe(csrfTokenFor('session-a'));
    expect(csrfTokenFor('session-a')).not.toBe(csrfTokenFor('session-b'));
    expect(csrfTokenFor('session-a')).not.toContain('session-a');
  });

  it('compare digests without shortcuts on length', () => {
    expect(sameDigest(sha256Hex('a'), sha256Hex('a'))).toBe(true);
    expect(sameDigest(sha256Hex('a'), sha256Hex('b'))).toBe(false);
    expect(sameDigest('abc', 'abcd')).toBe(false);
  });
});
