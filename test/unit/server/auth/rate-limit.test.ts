import { describe, expect, it } from 'vitest';
import { FailureWindow, LoginRateLimiter } from '../../../../server/auth/rate-limit';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('FailureWindow', () => {
  it('blocks at the limit until the oldest failures leave the window', () => {
    const time = clock();
    const window = new FailureWindow({ limit: 3, windowMs: 60_000 }, time.now);
    for (let i = 0; i < 3; i++) {
      expect(window.retryAfterMs('k')).toBe(0);
      window.recordFailure('k');
      time.advance(10_000);
    }
    // Failures at 0 s, 10 s, 20 s; now 30 s: free again when the first one is 60 s old.
    expect(window.retryAfterMs('k')).toBe(30_000);
    time.advance(30_000);
    expect(window.retryAfterMs('k')).toBe(0);
  });

  it('counts keys separately and forgets a key on reset', () => {
    const window = new FailureWindow({ limit: 1, windowMs: 60_000 }, clock().now);
    window.recordFailure('a');
    expect(window.retryAfterMs('a')).toBeGreaterThan(0);
    expect(window.retryAfterMs('b')).toBe(0);
    window.reset('a');
    expect(window.retryAfterMs('a')).toBe(0);
  });

  it('forgets the least recently failed keys beyond its capacity', () => {
    const window = new FailureWindow({ limit: 1, windowMs: 60_000 }, clock().now, 2);
    window.recordFailure('a');
    window.recordFailure('b');
    window.recordFailure('c');
    expect(window.retryAfterMs('a')).toBe(0);
    expect(window.retryAfterMs('c')).toBeGreaterThan(0);
  });
});

describe('LoginRateLimiter', () => {
  it('blocks a username after 5 failures within 15 minutes, whatever the address', () => {
    const time = clock();
    const limiter = new LoginRateLimiter({ now: time.now });
    for (let i = 0; i < 5; i++) {
      expect(limiter.retryAfterSeconds({ username: 'alice', ip: `10.0.0.${i}` })).toBe(0);
      limiter.recordFailure({ username: 'alice', ip: `10.0.0.${i}` });
    }
    expect(limiter.retryAfterSeconds({ username: 'ALICE', ip: '10.9.9.9' })).toBe(15 * 60);
    expect(limiter.retryAfterSeconds({ username: 'bob', ip: '10.9.9.9' })).toBe(0);
    time.advance(15 * 60_000);
    expect(limiter.retryAfterSeconds({ username: 'alice', ip: '10.9.9.9' })).toBe(0);
  });

  it('blocks an address after 20 failures across usernames', () => {
    const limiter = new LoginRateLimiter({ now: clock().now });
    for (let i = 0; i < 20; i++) {
      // each of the first 20 attempts is let through, failures below the limit included
      expect(limiter.retryAfterSeconds({ username: `user${i}`, ip: '192.0.2.1' }), `attempt ${i + 1}`).toBe(0);
      limiter.recordFailure({ username: `user${i}`, ip: '192.0.2.1' });
    }
    expect(limiter.retryAfterSeconds({ username: 'someone-else', ip: '192.0.2.1' })).toBeGreaterThan(0);
    expect(limiter.retryAfterSeconds({ username: 'someone-else', ip: '192.0.2.2' })).toBe(0);
  });

  it("clears a username's failures on success but not the address's", () => {
    const limiter = new LoginRateLimiter({ perUsername: { limit: 2, windowMs: 60_000 }, perIp: { limit: 3, windowMs: 60_000 }, now: clock().now });
    limiter.recordFailure({ username: 'alice', ip: '192.0.2.1' });
    limiter.recordFailure({ username: 'bob', ip: '192.0.2.1' });
    // one failure each for alice and bob, two for the address: all below their limits
    expect(limiter.retryAfterSeconds({ username: 'alice', ip: '192.0.2.1' })).toBe(0);
    expect(limiter.retryAfterSeconds({ username: 'bob', ip: '192.0.2.1' })).toBe(0);
    limiter.recordSuccess({ username: 'alice', ip: '192.0.2.1' });
    limiter.recordFailure({ username: 'alice', ip: '192.0.2.1' });
    expect(limiter.retryAfterSeconds({ username: 'alice', ip: undefined })).toBe(0);
    expect(limiter.retryAfterSeconds({ username: 'carol', ip: '192.0.2.1' })).toBeGreaterThan(0);
  });
});
