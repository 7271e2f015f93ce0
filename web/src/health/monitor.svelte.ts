import { ApiError, get } from '../lib/api';
import type { HealthReport } from './types';

export const HEALTH_REFRESH_MS = 10_000;

/**
 * Polls GET /api/health. The next check is scheduled only after the previous
 * one settles, so a slow server never piles up requests.
 */
export class HealthMonitor {
  report = $state<HealthReport | undefined>();
  error = $state<ApiError | undefined>();
  checking = $state(false);
  /** When the last check finished, whatever its outcome. */
  checkedAt = $state<Date | undefined>();
  /** When the report on screen was fetched. */
  reportAt = $state<Date | undefined>();

  #timer: ReturnType<typeof setTimeout> | undefined;
  #inFlight: AbortController | undefined;
  #stopped = true;

  constructor(private readonly intervalMs = HEALTH_REFRESH_MS) {}

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
    this.checking = true;
    try {
      this.report = await get<HealthReport>('/api/health', { signal: controller.signal });
      this.reportAt = new Date();
      this.error = undefined;
    } catch (cause) {
      if (controller.signal.aborted) return;
      this.error = cause instanceof ApiError ? cause : new ApiError(0, 'unexpected', String(cause));
    } finally {
      if (this.#inFlight === controller) this.#settle();
    }
  }

  #settle(): void {
    this.#inFlight = undefined;
    this.checking = false;
    this.checkedAt = new Date();
    if (!this.#stopped) this.#timer = setTimeout(() => void this.refresh(), this.intervalMs);
  }
}
