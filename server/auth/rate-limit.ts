/**
 * Login throttling, in memory: failures per key in a sliding window. Per process on purpose — several servers
 * each allow the limit, which still bounds guessing to a few attempts per window per server.
 */

export interface RateRule {
  limit: number;
  windowMs: number;
}

const FIFTEEN_MINUTES = 15 * 60_000;
export const LOGIN_LIMITS = {
  perUsername: { limit: 5, windowMs: FIFTEEN_MINUTES },
  perIp: { limit: 20, windowMs: FIFTEEN_MINUTES },
} as const satisfies Record<string, RateRule>;

/** Beyond this many tracked keys the least recently failed ones are forgotten, so a flood cannot exhaust memory. */
const DEFAULT_MAX_KEYS = 10_000;

export class FailureWindow {
  readonly #failures = new Map<string, number[]>();

  constructor(
    readonly rule: RateRule,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = DEFAULT_MAX_KEYS,
  ) {}

  /** 0 when the key may try again; otherwise how long until enough failures leave the window. */
  retryAfterMs(key: string): number {
    const failures = this.#recent(key);
    if (failures.length < this.rule.limit) return 0;
    const freeing = failures[failures.length - this.rule.limit]!;
    return Math.max(1, freeing + this.rule.windowMs - this.now());
  }

  recordFailure(key: string): void {
    const failures = this.#recent(key);
    failures.push(this.now());
    this.#failures.delete(key); // re-inserted last: Map order is the eviction order
    this.#failures.set(key, failures);
    if (this.#failures.size > this.maxKeys) this.#failures.delete(this.#failures.keys().next().value!);
  }

  reset(key: string): void {
    this.#failures.delete(key);
  }

  #recent(key: string): number[] {
    const cutoff = this.now() - this.rule.windowMs;
    const recent = (this.#failures.get(key) ?? []).filter((at) => at > cutoff);
    if (recent.length === 0) this.#failures.delete(key);
    else this.#failures.set(key, recent);
    return recent;
  }
}

export interface LoginAttempt {
  username: string;
  /** Unknown when the request did not come through a socket (in-process tests); then only the username counts. */
  ip: string | undefined;
}

export class LoginRateLimiter {
  readonly #byUsername: FailureWindow;
  readonly #byIp: FailureWindow;

  constructor(options: { perUsername?: RateRule; perIp?: RateRule; now?: () => number } = {}) {
    this.#byUsername = new FailureWindow(options.perUsername ?? LOGIN_LIMITS.perUsername, options.now);
    this.#byIp = new FailureWindow(options.perIp ?? LOGIN_LIMITS.perIp, options.now);
  }

  /** Seconds to wait before another attempt, or 0 when the attempt may go ahead. */
  retryAfterSeconds(attempt: LoginAttempt): number {
    const waits = [this.#byUsername.retryAfterMs(usernameKey(attempt.username))];
    if (attempt.ip) waits.push(this.#byIp.retryAfterMs(attempt.ip));
    return Math.ceil(Math.max(...waits) / 1000);
  }

  recordFailure(attempt: LoginAttempt): void {
    this.#byUsername.recordFailure(usernameKey(attempt.username));
    if (attempt.ip) this.#byIp.recordFailure(attempt.ip);
  }

  /** A correct password clears that username's failures; the address keeps its count. */
  recordSuccess(attempt: LoginAttempt): void {
    this.#byUsername.reset(usernameKey(attempt.username));
  }
}

function usernameKey(username: string): string {
  return username.trim().toLowerCase();
}
