import { get, type ApiError } from '../lib/api';
import { Poller } from '../lib/poller.svelte';
import type { HealthReport } from './types';

export const HEALTH_REFRESH_MS = 10_000;

/** Polls GET /api/v1/health for the health page, which also shows when the last check ended, failed or not. */
export class HealthMonitor {
  /** When the last check finished, whatever its outcome. */
  checkedAt = $state<Date | undefined>();

  readonly #poller: Poller<HealthReport>;

  constructor(intervalMs = HEALTH_REFRESH_MS) {
    this.#poller = new Poller((signal) => this.#check(signal), intervalMs);
  }

  get report(): HealthReport | undefined {
    return this.#poller.data;
  }

  get error(): ApiError | undefined {
    return this.#poller.error;
  }

  get checking(): boolean {
    return this.#poller.loading;
  }

  /** When the report on screen was fetched. */
  get reportAt(): Date | undefined {
    return this.#poller.loadedAt;
  }

  start(): () => void {
    return this.#poller.start();
  }

  stop(): void {
    this.#poller.stop();
  }

  refresh(): Promise<void> {
    return this.#poller.refresh();
  }

  async #check(signal: AbortSignal): Promise<HealthReport> {
    try {
      return await get<HealthReport>('/api/v1/health', { signal });
    } finally {
      // An aborted check was replaced by a newer one (or the page left): it did not finish.
      if (!signal.aborted) this.checkedAt = new Date();
    }
  }
}
