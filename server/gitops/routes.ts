import { auditActorOf } from '../audit/actor';
import { apiRoute } from '../auth/api-route';
import { assertClusterAccess, requirePrincipal } from '../auth/authorize';
import { PERMISSIONS } from '../auth/permissions';
import { fieldsErrorResponse } from '../connect/field-errors';
import { openConnectCluster, type ConnectServices } from '../connect/services';
import { errorResponses } from '../http/errors';
import { json } from '../http/openapi';
import { createRouter } from '../http/router';
import { applyDesired } from './apply';
import { exportLive } from './export';
import { makePlan } from './plan';
import { ApplyBodySchema, ApplyResultSchema, ExportParamsSchema, ExportQuerySchema, ExportSchema, PlanBodySchema, PlanSchema } from './schema';

const TAGS = ['Plan and apply'];

const plan = apiRoute({
  method: 'post',
  path: '/plan',
  // Comparing secrets answers "is this the password?": only those who may write the connector may ask.
  permission: PERMISSIONS.connectorWrite,
  tags: TAGS,
  summary: 'Plan the changes that bring a Connect cluster to a desired state',
  description: [
    'Answers the ordered changes (create, update with a field-level diff, state change, delete when `prune`, no-op) against one listing of the cluster. New and changed configs are validated by the plugin; problems are listed per connector under `errors`.',
    'Secrets are compared here with what Connect holds and shown only as changed or unchanged (`secret: true`, no values). Nothing is changed.',
  ].join('\n\n'),
  request: { body: { required: true, ...json(PlanBodySchema) } },
  responses: { 200: { description: 'The plan', ...json(PlanSchema) }, ...errorResponses(400, 404, 409, 502, 503) },
});

const apply = apiRoute({
  method: 'post',
  path: '/apply',
  permission: PERMISSIONS.connectorWrite,
  tags: TAGS,
  summary: 'Apply a desired state, if the live state is still the one the plan saw',
  description: [
    'Plans again; refuses with 409 `plan_stale` (naming the connectors that moved) when the live state no longer matches `fingerprint`, and with 400 `invalid_config` when any config is invalid. Both leave the cluster as it was.',
    'Changes run in the plan\'s order through the same paths as the connector API: each is validated, recorded in the config history and audited, and the apply as a whole is audited as `gitops.apply`. Applying the same state twice changes nothing the second time.',
  ].join('\n\n'),
  request: { body: { required: true, ...json(ApplyBodySchema) } },
  responses: {
    200: { description: 'Applied', ...json(ApplyResultSchema) },
    400: fieldsErrorResponse('A config is invalid: nothing was applied'),
    ...errorResponses(404, 409, 502, 503),
  },
});

const exportRoute = apiRoute({
  method: 'get',
  path: '/connect/{connectId}/export',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'The live connectors of a Connect cluster as a desired state (secrets masked)',
  request: { params: ExportParamsSchema, query: ExportQuerySchema },
  responses: { 200: { description: 'Every connector, sorted by name', ...json(ExportSchema) }, ...errorResponses(404, 409, 502, 503) },
});

/** Mounted under /api/v1. */
export function gitopsRoutes(services: ConnectServices) {
  return createRouter()
    .openapi(plan, async (c) => {
      const body = c.req.valid('json');
      assertClusterAccess(requirePrincipal(c), 'connect', body.connect);
      return c.json(await makePlan(services, await openConnectCluster(services, body.connect), body), 200);
    })
    .openapi(apply, async (c) => {
      const body = c.req.valid('json');
      assertClusterAccess(requirePrincipal(c), 'connect', body.connect);
      const opened = await openConnectCluster(services, body.connect);
      return c.json(await applyDesired(services, opened, auditActorOf(c), body), 200);
    })
    .openapi(exportRoute, async (c) => {
      const opened = await openConnectCluster(services, c.req.valid('param').connectId);
      return c.json(await exportLive(services, opened, c.req.valid('query').prefix), 200);
    });
}
