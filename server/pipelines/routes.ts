import { apiRoute } from '../auth/api-route';
import { requirePrincipal } from '../auth/authorize';
import { PERMISSIONS } from '../auth/permissions';
import { errorResponses } from '../http/errors';
import { json } from '../http/openapi';
import { createRouter } from '../http/router';
import { PipelineQuerySchema, PipelinesSchema } from './schema';
import { buildPipelines, type PipelineDeps } from './service';

const pipelines = apiRoute({
  method: 'get',
  path: '/pipelines',
  permission: PERMISSIONS.clusterRead,
  tags: ['Pipelines'],
  summary: 'How data flows: source connectors → topics → sink connectors and consumer groups, with state, lag and rate per hop',
  description: [
    "Per Kafka cluster, the flows through it: each source connector with the topics it writes (Connect's own record, KIP-558 `GET /connectors/{n}/topics`, else its config: `topic`, `topics`, Debezium's `topic.prefix`), each sink with the topics it reads (`topics`, `topics.regex`) and its consumer group's lag and rate, and the other consumer groups reading those topics (from the offset sampler's latest sample).",
    'Only clusters the caller may read: connectors of readable Connect clusters, groups of readable Kafka clusters. A cluster that does not answer is named in `errors`.',
  ].join('\n\n'),
  request: { query: PipelineQuerySchema },
  responses: { 200: { description: 'The flows', ...json(PipelinesSchema) }, ...errorResponses(400) },
});

/** Mounted under /api/v1. */
export function pipelineRoutes(deps: PipelineDeps) {
  return createRouter().openapi(pipelines, async (c) => c.json(await buildPipelines(deps, requirePrincipal(c), c.req.valid('query')), 200));
}
