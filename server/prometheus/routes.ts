/**
 * GET /metrics in Prometheus' text format. Outside /api/v1 (where scrapers look for it), but guarded the same way:
 * a session or an API token whose role reads clusters (viewer is enough), each seeing only the clusters its grant
 * covers; or open to anyone when METRICS_PUBLIC=true, for a Prometheus in a trusted network.
 */
import { Hono } from 'hono';
import { Registry } from 'prom-client';
import { authenticate } from '../auth/authenticate';
import { grantHolds, PERMISSIONS } from '../auth/permissions';
import type { AppEnv } from '../http/env';
import { ApiError } from '../http/errors';
import { collectScrape, type ExporterDeps } from './exporter';
import { KafkaText } from './kafka-text';
import type { ProcessMetrics } from './http-metrics';

export interface MetricsRouteDeps extends Omit<ExporterDeps, 'kafkaText'> {
  processMetrics: ProcessMetrics;
  public: boolean;
}

export function metricsRoutes(routeDeps: MetricsRouteDeps) {
  const kafkaText = new KafkaText();
  const deps: MetricsRouteDeps & ExporterDeps = { ...routeDeps, kafkaText };
  // Each new sample is rendered as it arrives (while scrapes come), so a scrape does not pay for it.
  deps.sampler.onSample((cluster, metrics) => {
    // Text work only; should it ever throw, the next scrape renders the sample itself and the error shows there.
    kafkaText.prerender(cluster, metrics).catch(() => undefined);
  });
  return new Hono<AppEnv>().get('/metrics', authenticate(deps.db), async (c) => {
    const principal = c.get('principal');
    if (!deps.public) {
      if (!principal) throw ApiError.unauthenticated();
      if (!grantHolds(principal, PERMISSIONS.clusterRead)) throw ApiError.forbidden(`"${principal.name}" lacks the permission "${PERMISSIONS.clusterRead}"`);
    }
    const started = performance.now();
    const { registry, kafkaText } = await collectScrape(deps, deps.public ? null : principal!);
    const collected = performance.now();
    const merged = Registry.merge([deps.processMetrics.registry, registry]);
    const body = Buffer.concat([Buffer.from(await merged.metrics()), kafkaText]);
    // Where a slow scrape spent its time (the wire and the scraper's parsing are not in it): collect waits on the
    // database and Connect, body is the text itself.
    const timing = `collect;dur=${(collected - started).toFixed(1)}, body;dur=${(performance.now() - collected).toFixed(1)}`;
    return c.body(body, 200, { 'content-type': merged.contentType, 'server-timing': timing });
  });
}
