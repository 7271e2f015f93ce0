// Waiting in tests: on a condition, never for a fixed time. A fixed sleep is a guess at how long something takes,
// and a busy machine (2 cores, a whole stack, several test runs) makes every guess wrong sooner or later.

export interface WaitForOptions {
  /** What is awaited, for the failure message: "the connector listed by worker-1". */
  what: string;
  timeoutMs?: number;
  /** Pause between checks. */
  intervalMs?: number;
}

/**
 * Checks `condition` until it returns a value other than undefined or false, and returns that value. A check
 * that throws counts as not yet; after `timeoutMs` (default 30 s) the wait fails naming `what` and the last
 * error or value seen.
 */
export async function waitFor<T>(
  condition: () => T | undefined | false | Promise<T | undefined | false>,
  options: WaitForOptions,
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value !== undefined && value !== false) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) {
      const seen = last instanceof Error ? last.message : last === undefined ? '' : JSON.stringify(last);
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${options.what}${seen ? `: last saw ${seen}` : ''}`);
    }
    await pause(options.intervalMs ?? 50);
  }
}

/** Resolves once `ms` have passed: for pacing a loop of checks, not for synchronising with something. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
