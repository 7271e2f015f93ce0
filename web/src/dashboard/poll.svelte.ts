import { ApiError } from '../lib/api';

export const CONSOLE_REFRESH_MS = 10_000;

/**
 * Keeps one GET answer fresh. The next request is scheduled only after the previous
 * one settles, so a slow server never piles up requests; a failed refresh keeps the
 * last good answer on screen beside the error.
 */
export class Poll<T> {
  data = $state<T | undefined>();
  error = $state<ApiError | undefined>();
  loading = $state(false);
  /** When the answer on screen arrived. */
  fetchedAt = $state<Date | undefined>();

  #timer: ReturnType<typeof setTimeout> | undefined;
  #inFlight: AbortController | undefined;
  #stopped = true;

  constructor(
    private readonly fetcher: (signal: AbortSignal) => Promise<T>,
    private readonly intervalMs: number | undefined = CONSOLE_REFRESH_MS,
  ) {}

  /** For `$effect(() => poll.start())`: the returned function stops it. */
  start(): () => void {
    this.#stopped = false;
    void this.refresh();
    return () => this.stop();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#inFlight?.abort();
  }

  async refresh(): Promise<void> {
    clearTimeout(this.#timer);
    this.#inFlight?.abort();
    const controller = new AbortController();
    this.#inFlight = controller;
    this.loading = true;
    try {
      this.data = await this.fetcher(controller.signal);
      this.fetchedAt = new Date();
      this.error = undefined;
    } catch (cause) {
      if (controller.signal.aborted) return;
      this.error = asApiError(cause);
    } finally {
      if (this.#inFlight === controller) this.#settle();
    }
  }

  #settle(): void {
    this.#inFlight = undefined;
    this.loading = false;
    if (!this.#stopped && this.intervalMs) this.#timer = setTimeout(() => void this.refresh(), this.intervalMs);
  }
}

export function asApiError(cause: unknown): ApiError {
  return cause instanceof ApiError ? cause : new ApiError(0, 'unexpected', String(cause));
}
