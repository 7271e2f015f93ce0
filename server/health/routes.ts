import { createRoute } from '@hono/zod-openapi';
import { apiRoute } from '../auth/api-route';
import { requirePrincipal } from '../auth/authorize';
import { grantCoversCluster, PERMISSIONS } from '../auth/permissions';
import type { Principal } from '../auth/principal';
import { errorResponses } from '../http/errors';
import { createRouter } from '../http/router';
import { checkHealth, type HealthDeps } from './check';
import { HealthSchema, HealthSummarySchema, type Health } from './schema';
import { CachedSummary } from './summary';

const publicHealth = createRoute({
  method: 'get',
  path: '/health',
  tags: ['System'],
  summary: 'Whether the server, its database and its clusters are up: one word, for probes',
  description:
    'No authentication. Always 200 while the server runs. Answered from a check at most a few seconds old; the details ' +
    '(clusters, workers, versions, errors) are at `GET /api/v1/health` for signed-in callers.',
  responses: {
    200: { description: 'Overall status', content: { 'application/json': { schema: HealthSummarySchema } } },
    ...errorResponses(500),
  },
});

const detailedHealth = apiRoute({
  method: 'get',
  path: '/health',
  permission: PERMISSIONS.clusterRead,
  tags: ['System'],
  summary: 'Health of the server, its database and every registered Kafka and Connect cluster the caller may see',
  description: 'Checked live. `status` is `degraded` when any system is down.',
  responses: { 200: { description: 'Health report', content: { 'application/json': { schema: HealthSchema } } } },
});

/** Public: mounted under /api. */
export function healthRoutes(deps: HealthDeps) {
  const summary = new CachedSummary(() => checkHealth(deps));
  return createRouter().openapi(publicHealth, async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(await summary.get(), 200);
  });
}

/** Mounted under /api/v1. */
export function detailedHealthRoutes(deps: HealthDeps) {
  return createRouter().openapi(detailedHealth, async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(visibleTo(requirePrincipal(c), await checkHealth(deps)), 200);
  });
}

/** A cluster-scoped caller sees only its clusters, and the overall status of what it sees. */
function visibleTo(principal: Principal, report: Health): Health {
  const kafkaClusters = report.kafkaClusters.filter((cluster) => grantCoversCluster(principal, 'kafka', cluster.id));
  const connectClusters = report.connectClusters.filter((cluster) => grantCoversCluster(principal, 'connect', cluster.id));
  const allUp = report.database.status === 'up' && [...kafkaClusters, ...connectClusters].every((cluster) => cluster.status === 'up');
  return { ...report, status: allUp ? 'ok' : 'degraded', kafkaClusters, connectClusters };
}
