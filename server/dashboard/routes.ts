import { apiRoute } from '../auth/api-route';
import { requirePrincipal } from '../auth/authorize';
import { PERMISSIONS } from '../auth/permissions';
import { createRouter } from '../http/router';
import { DashboardSchema } from './schema';
import { buildDashboard, type DashboardDeps } from './service';

const dashboard = apiRoute({
  method: 'get',
  path: '/dashboard',
  permission: PERMISSIONS.clusterRead,
  tags: ['Dashboard'],
  summary: 'Every cluster at a glance: brokers, partitions, throughput, consumer groups by lag status, connectors by state, worker hosts',
  description:
    'Per Kafka cluster: one Metadata request (topics, partitions, under-replicated and offline partitions, brokers down), DescribeQuorum ' +
    'for the controller, and the offset sampler\'s latest view (messages in/out per second, consumer groups by lag status). Per Connect ' +
    'cluster: one connector listing and, per worker, its REST root and its plugin agent\'s node health (disk, memory, load). All in ' +
    'parallel with short timeouts; a part that fails carries its error instead of failing the answer. Only clusters the caller may see.',
  responses: { 200: { description: 'The dashboard', content: { 'application/json': { schema: DashboardSchema } } } },
});

/** Mounted under /api/v1. */
export function dashboardRoutes(deps: DashboardDeps) {
  return createRouter().openapi(dashboard, async (c) => c.json(await buildDashboard(deps, requirePrincipal(c)), 200));
}
