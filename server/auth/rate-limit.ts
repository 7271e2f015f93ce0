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

  /** Returns when the failure was counted, so `forget` can take back exactly this one. */
  recordFailure(key: string): number {
    const failures = this.#recent(key);
    const at = this.now();
    failures.push(at);
    this.#failures.delete(key); // re-inserted last: Map order is the eviction order
    this.#failures.set(key, failures);
    if (this.#failures.size > this.maxKeys) this.#failures.delete(this.#failures.keys().next().value!);
    return at;
  }

  /** Takes back one failure counted at `at` (an attempt counted in advance that turned out right). */
  forget(key: string, at: number): void {
    const failures = this.#failures.get(key);
    const index = failures?.lastIndexOf(at) ?? -1;
    if (index >= 0) failures!.splice(index, 1);
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

export interface AdmittedAttempt {
  retryAfterSeconds: 0;
  succeeded(): void;
}

/**
 * Two separate counts: per username (guessing one account from many addresses) and per address (one address
 * trying many usernames). They never share keys or capacity, and a success only clears the username's count.
 */
export class LoginRateLimiter {
  readonly #byUsername: FailureWindow;
  readonly #byIp: FailureWindow;

  constructor(options: { perUsername?: RateRule; perIp?: RateRule; now?: () => number } = {}) {
    this.#byUsername = new FailureWindow(options.perUsername ?? LOGIN_LIMITS.perUsername, options.now);
    this.#byIp = new FailureWindow(options.perIp ?? LOGIN_LIMITS.perIp, options.now);
  }

  /**
   * Admits an attempt and counts it as a failure before the password is checked, or returns the seconds to wait.
   * Counting first (synchronously) is what stops parallel guesses: with the count taken after the slow password
   * check, every guess sent at once would pass the check of the limit before any failure was recorded.
   */
  begin(attempt: LoginAttempt): AdmittedAttempt | { retryAfterSeconds: number } {
    const wait = this.retryAfterSeconds(attempt);
    if (wait > 0) return { retryAfterSeconds: wait };
    const username = usernameKey(attempt.username);
    this.#byUsername.recordFailure(username);
    const ipCountedAt = attempt.ip ? this.#byIp.recordFailure(attempt.ip) : undefined;
    return {
      retryAfterSeconds: 0,
      // a correct password clears the username's failures and takes back this attempt's count for the address
      succeeded: () => {
        this.#byUsername.reset(username);
        if (attempt.ip && ipCountedAt !== undefined) this.#byIp.forget(attempt.ip, ipCountedAt);
      },
    };
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
