/** When to try a failed delivery again. */

export interface BackoffSettings {
  baseMs: number;
  maxMs: number;
  /** After this many attempts the notification is given up (state failed), still in the delivery log. */
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffSettings = { baseMs: 2_000, maxMs: 300_000, maxAttempts: 10 };

/** Exponential (base · 2^(attempt-1)), capped; a receiver's Retry-After (429, 503) is what it asked for and is taken as is. */
export function retryDelayMs(attempt: number, settings: BackoffSettings, retryAfterMs?: number): number {
  const exponential = Math.min(settings.maxMs, settings.baseMs * 2 ** Math.max(0, attempt - 1));
  return retryAfterMs ?? exponential;
}

/** Retry-After is seconds or an HTTP date; anything else is ignored. Capped at an hour. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  const ms = /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now;
  return Number.isFinite(ms) ? Math.min(3_600_000, Math.max(0, ms)) : undefined;
}

/** Whether a receiver's answer is worth trying again: no answer, 408, 429 and 5xx. */
export function retryable(status: number | null): boolean {
  return status === null || status === 408 || status === 429 || status >= 500;
}
