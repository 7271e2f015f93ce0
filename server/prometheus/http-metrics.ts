/**
 * Connectory's own process-wide metrics: API request durations and Node's process metrics. One registry per app,
 * so several apps in one test process do not mix their counts.
 */
import type { MiddlewareHandler } from 'hono';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { AppEnv } from '../http/env';

export class ProcessMetrics {
  readonly registry = new Registry();
  readonly #requests: Histogram<'method' | 'route' | 'status'>;

  constructor(options: { defaultMetrics?: boolean } = {}) {
    // Node and process metrics (heap, event loop lag, CPU) register globally-named series: only the server's app has them.
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry });
    this.#requests = new Histogram({
      name: 'connectory_http_request_duration_seconds',
      help: 'API request durations, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
  }

  /**
   * Times /api requests. The route label is Hono's matched pattern (`/api/v1/clusters/:kafkaId/topics`), never the
   * raw path: ids in paths would make a series per connector or topic.
   */
  middleware(): MiddlewareHandler<AppEnv> {
    return async (c, next) => {
      if (!c.req.path.startsWith('/api/')) return next();
      const end = this.#requests.startTimer();
      try {
        await next();
      } finally {
        end({ method: c.req.method, route: c.req.routePath, status: String(c.res.status) });
      }
    };
  }
}
