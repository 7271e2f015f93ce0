import { auditActorOf } from '../audit/actor';
import { apiRoute } from '../auth/api-route';
import { assertClusterAccess, requirePrincipal } from '../auth/authorize';
import { PERMISSIONS } from '../auth/permissions';
import { OperationBodySchema } from '../connectors/schema';
import { errorResponses } from '../http/errors';
import { json } from '../http/openapi';
import { createRouter } from '../http/router';
import type { DeliveryContext } from './context';
import { installedPlugins } from './installed';
import {
  AcceptedSchema,
  ConnectParamsSchema,
  InstallBodySchema,
  InstalledSchema,
  OperationPageSchema,
  OperationParamsSchema,
  OperationSchema,
  PageQuerySchema,
  UninstallBodySchema,
} from './schema';
import { operationHistory, requestInstall, requestUninstall, requireOperation, retryOperation, rollbackOperation, type Accepted } from './service';
import { operationEventStream } from './sse';
import { operationView } from './views';

const TAGS = ['Plugin delivery'];
const reasonBody = { required: false, ...json(OperationBodySchema) };

const install = apiRoute({
  method: 'post',
  path: '/connect/{connectId}/installs',
  permission: PERMISSIONS.pluginManage,
  tags: TAGS,
  summary: 'Install or upgrade a plugin on every worker, one worker at a time',
  description: [
    'Per worker: push the archive to its agent (checked by sha256, unpacked into staging, moved into plugin.path), restart the worker, wait until it rejoins its group and lists the classes on its own `GET /connector-plugins`; then the next worker.',
    'Answers at once with the operation (follow it with `GET /installs/{id}` or `/installs/{id}/events`). A plugin already on a worker makes it an upgrade; connectors using it are listed in `affectedConnectors` and `warning`.',
    "A catalog version whose Kafka range excludes the Kafka version the cluster's workers report (`GET /` on a worker) is refused with 400 `incompatible_version` on `catalog.version`, naming both, unless the request says `\"force\": true` (recorded in the audit entry).",
  ].join('\n\n'),
  request: { params: ConnectParamsSchema, body: { required: true, ...json(InstallBodySchema) } },
  responses: {
    202: { description: 'Accepted: the operation, queued', ...json(AcceptedSchema) },
    ...errorResponses(400, 404, 409, 502, 503),
  },
});

const uninstall = apiRoute({
  method: 'post',
  path: '/connect/{connectId}/uninstalls',
  permission: PERMISSIONS.pluginManage,
  tags: TAGS,
  summary: 'Remove a plugin from every worker that has it, one worker at a time',
  request: { params: ConnectParamsSchema, body: { required: true, ...json(UninstallBodySchema) } },
  responses: { 202: { description: 'Accepted: the operation, queued', ...json(AcceptedSchema) }, ...errorResponses(400, 404, 409, 502, 503) },
});

const history = apiRoute({
  method: 'get',
  path: '/connect/{connectId}/installs',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'Install, upgrade and uninstall operations on a Connect cluster, newest first',
  request: { params: ConnectParamsSchema, query: PageQuerySchema },
  responses: { 200: { description: 'A page of operations', ...json(OperationPageSchema) }, ...errorResponses(404) },
});

const installed = apiRoute({
  method: 'get',
  path: '/connect/{connectId}/plugins/installed',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: "What each worker's agent has in plugin.path against what the worker lists (drift between workers)",
  request: { params: ConnectParamsSchema },
  responses: { 200: { description: 'Plugins per worker and per name', ...json(InstalledSchema) }, ...errorResponses(404) },
});

const one = apiRoute({
  method: 'get',
  path: '/installs/{id}',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'One operation with its steps',
  request: { params: OperationParamsSchema },
  responses: { 200: { description: 'The operation', ...json(OperationSchema) }, ...errorResponses(404) },
});

const events = apiRoute({
  method: 'get',
  path: '/installs/{id}/events',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: "The operation's progress as server-sent events",
  description: 'Events: `step` (one step, when it changes), `operation` (the whole operation, when it changes) and `done` (the final operation, then the stream ends).',
  request: { params: OperationParamsSchema },
  responses: { 200: { description: 'An event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }, ...errorResponses(404) },
});

const retry = apiRoute({
  method: 'post',
  path: '/installs/{id}/retry',
  permission: PERMISSIONS.pluginManage,
  tags: TAGS,
  summary: 'Run a failed operation again from its failed step',
  request: { params: OperationParamsSchema, body: reasonBody },
  responses: { 202: { description: 'Running again', ...json(OperationSchema) }, ...errorResponses(404, 409) },
});

const rollback = apiRoute({
  method: 'post',
  path: '/installs/{id}/rollback',
  permission: PERMISSIONS.pluginManage,
  tags: TAGS,
  summary: 'Undo a failed operation on the workers it already changed',
  description: 'Each worker already changed gets its previous artifact back (or loses the plugin when it had none) and restarts, one at a time. The operation ends `rolled_back`.',
  request: { params: OperationParamsSchema, body: reasonBody },
  responses: { 202: { description: 'Rolling back', ...json(OperationSchema) }, ...errorResponses(404, 409) },
});

const accepted = ({ operation, warning }: Accepted) => ({ ...operation, ...(warning ? { warning } : {}) });

/** Mounted under /api/v1. */
export function deliveryRoutes(ctx: DeliveryContext) {
  return createRouter()
    .openapi(install, async (c) => {
      const result = await requestInstall(ctx, auditActorOf(c), c.req.valid('param').connectId, c.req.valid('json'));
      return c.json(accepted(result), 202);
    })
    .openapi(uninstall, async (c) => {
      const result = await requestUninstall(ctx, auditActorOf(c), c.req.valid('param').connectId, c.req.valid('json').plugin);
      return c.json(accepted(result), 202);
    })
    .openapi(history, async (c) => {
      const { page, size } = c.req.valid('query');
      return c.json(await operationHistory(ctx, c.req.valid('param').connectId, { limit: size, offset: (page - 1) * size }), 200);
    })
    .openapi(installed, async (c) => c.json(await installedPlugins(ctx, c.req.valid('param').connectId), 200))
    .openapi(one, async (c) => {
      const operation = await requireOperation(ctx, c.req.valid('param').id);
      assertClusterAccess(requirePrincipal(c), 'connect', operation.connectClusterId);
      return c.json(operationView(operation), 200);
    })
    .openapi(events, async (c) => {
      const operation = await requireOperation(ctx, c.req.valid('param').id);
      assertClusterAccess(requirePrincipal(c), 'connect', operation.connectClusterId);
      return operationEventStream(c, ctx, operationView(operation)) as never;
    })
    .openapi(retry, async (c) => {
      const id = c.req.valid('param').id;
      assertClusterAccess(requirePrincipal(c), 'connect', (await requireOperation(ctx, id)).connectClusterId);
      return c.json(await retryOperation(ctx, auditActorOf(c), id, c.req.valid('json')?.reason), 202);
    })
    .openapi(rollback, async (c) => {
      const id = c.req.valid('param').id;
      assertClusterAccess(requirePrincipal(c), 'connect', (await requireOperation(ctx, id)).connectClusterId);
      return c.json(await rollbackOperation(ctx, auditActorOf(c), id, c.req.valid('json')?.reason), 202);
    });
}

