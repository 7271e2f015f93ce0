import { createRoute } from '@hono/zod-openapi';
import { errorResponses } from '../http/errors';
import { createRouter } from '../http/router';
import { checkHealth, type HealthDeps } from './check';
import { HealthSchema } from './schema';

const getHealth = createRoute({
  method: 'get',
  path: '/health',
  tags: ['System'],
  summary: 'Health of the server, its database and every registered Kafka and Connect cluster',
  description: 'Always 200 while the server runs; `status` is `degraded` when any system is down. No authentication.',
  responses: {
    200: { description: 'Health report', content: { 'application/json': { schema: HealthSchema } } },
    ...errorResponses(500),
  },
});

/** Mounted under /api. */
export function healthRoutes(deps: HealthDeps) {
  return createRouter().openapi(getHealth, async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(await checkHealth(deps), 200);
  });
}
