import { describe, expect, it } from 'vitest';
import { LoginRateLimiter } from '../../../../server/auth/rate-limit';

const limits = { perUsername: { limit: 3, windowMs: 60_000 }, perIp: { limit: 5, windowMs: 60_000 }, now: () => 1_000_000 };
const admitted = (result: ReturnType<LoginRateLimiter['begin']>) => 'succeeded' in result;

describe('LoginRateLimiter.begin (counted before the password check)', () => {
  it('admits no more attempts than the limit, even before any of them finished', () => {
    const limiter = new LoginRateLimiter(limits);
    const results = Array.from({ length: 10 }, (_, i) => limiter.begin({ username: 'alice', ip: `10.0.0.${i}` }));
    expect(results.filter(admitted)).toHaveLength(3);
    expect(results.filter((result) => !admitted(result)).every((result) => result.retryAfterSeconds > 0)).toBe(true);
  });

  it('takes back the count of an attempt that succeeded, for the username and the address', () => {
    const limiter = new LoginRateLimiter(limits);
    for (let i = 0; i < 10; i++) {
      const result = limiter.begin({ username: 'alice', ip: '192.0.2.1' });
      expect(admitted(result)).toBe(true);
      if ('succeeded' in result) result.succeeded();
    }
  });

  it('keeps per-username and per-address counts apart', () => {
    const limiter = new LoginRateLimiter(limits);
    // one address trying many usernames is stopped by the address count, and only at that address
    for (let i = 0; i < 5; i++) expect(admitted(limiter.begin({ username: `user${i}`, ip: '203.0.113.1' }))).toBe(true);
    expect(admitted(limiter.begin({ username: 'fresh', ip: '203.0.113.1' }))).toBe(false);
    expect(admitted(limiter.begin({ username: 'user0', ip: '203.0.113.2' }))).toBe(true);
    // one username from many addresses is stopped by the username count, whatever the address
    for (let i = 0; i < 3; i++) limiter.begin({ username: 'bob', ip: `198.51.100.${i}` });
    expect(admitted(limiter.begin({ username: 'bob', ip: '198.51.100.200' }))).toBe(false);
    expect(admitted(limiter.begin({ username: 'carol', ip: '198.51.100.0' }))).toBe(true);
  });
});
