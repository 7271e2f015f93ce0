/**
 * What an anonymous caller (a load balancer, an uptime probe) learns: one word, from a cached check. Worker URLs,
 * versions, cluster names and error texts are for signed-in callers only (`GET /api/v1/health`), and anonymous
 * requests never cause checks of their own: at most one check runs per CACHE_MS, whoever asks.
 */
import type { Health, HealthSummary } from './schema';

export const SUMMARY_CACHE_MS = 5_000;

export function summarize(report: Health): HealthSummary {
  if (report.database.status === 'down') return { status: 'down' };
  return { status: report.status === 'ok' ? 'up' : 'degraded' };
}

/** Single flight: requests arriving while a check runs share it; its answer is reused until it is `ttlMs` old. */
export class CachedSummary {
  #latest: { at: number; summary: HealthSummary } | undefined;
  #running: Promise<HealthSummary> | undefined;

  constructor(
    private readonly check: () => Promise<Health>,
    private readonly ttlMs = SUMMARY_CACHE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Promise<HealthSummary> {
    if (this.#latest && this.now() - this.#latest.at < this.ttlMs) return Promise.resolve(this.#latest.summary);
    this.#running ??= this.check()
      .then(summarize, () => ({ status: 'down' }) as const)
      .then((summary) => {
        this.#latest = { at: this.now(), summary };
        return summary;
      })
      .finally(() => (this.#running = undefined));
    return this.#running;
  }
}
