import { asApiError, type ApiError } from './api';

/** How often console pages refresh what they show. */
export const CONSOLE_REFRESH_MS = 10_000;

/**
 * Keeps some server data fresh: loads now, then again `intervalMs` after each answer settles, so a slow
 * server never piles up requests. `refresh()` loads at once (e.g. after a change, or when the query changes);
 * an older answer never overwrites a newer one.
 */
export class Poller<T> {
  data = $state<T | undefined>();
  error = $state<ApiError | undefined>();
  loading = $state(false);
  /** When the data on screen was fetched. */
  loadedAt = $state<Date | undefined>();

  #timer: ReturnType<typeof setTimeout> | undefined;
  #inFlight: AbortController | undefined;
  #stopped = true;

  constructor(
    private readonly load: (signal: AbortSignal) => Promise<T>,
    /** 0: loads only when asked (start, refresh). */
    private readonly intervalMs: number = CONSOLE_REFRESH_MS,
  ) {}

  /** Starts polling; returns the stop function, so `$effect(() => poller.start())` cleans up by itself. */
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
      const data = await this.load(controller.signal);
      if (controller.signal.aborted) return;
      this.data = data;
      this.loadedAt = new Date();
      this.error = undefined;
    } catch (cause) {
      if (controller.signal.aborted) return;
      this.error = asApiError(cause);
    } finally {
      if (this.#inFlight === controller) this.#settle();
    }
  }

  /** Several quick refreshes: Connect applies pause/resume/restart a moment after it accepts them. */
  followUp(delaysMs: readonly number[] = [600, 1_500, 3_000, 6_000]): void {
    for (const delay of delaysMs) setTimeout(() => !this.#stopped && void this.refresh(), delay);
  }

  #settle(): void {
    this.#inFlight = undefined;
    this.loading = false;
    if (!this.#stopped && this.intervalMs) this.#timer = setTimeout(() => void this.refresh(), this.intervalMs);
  }
}
