import { auditActorOf } from '../audit/actor';
import { apiRoute } from '../auth/api-route';
import { requirePrincipal } from '../auth/authorize';
import { PERMISSIONS } from '../auth/permissions';
import { fieldsErrorResponse } from '../connect/field-errors';
import { openConnectCluster, type ConnectServices } from '../connect/services';
import { errorResponses } from '../http/errors';
import { json } from '../http/openapi';
import { createRouter } from '../http/router';
import { autoRestartRoutes } from './auto-restart/routes';
import { historyRoutes } from './history-routes';
import { changeState, restartConnector, restartTask, type StateChange } from './operate';
import { offsetRoutes } from './offset-routes';
import { connectorActivity } from './activity';
import { connectorDetail, listAllConnectors, listClusterConnectors } from './read';
import {
  AllConnectorsQuerySchema,
  ClusterConnectorsQuerySchema,
  ConnectClusterParamsSchema,
  ConnectorActivitySchema,
  ConnectorDetailSchema,
  ConnectorPageSchema,
  ConnectorParamsSchema,
  OperationBodySchema,
  OperationResultSchema,
  CreateConnectorBodySchema,
  PutConnectorBodySchema,
  RestartQuerySchema,
  TaskParamsSchema,
  WriteResultSchema,
} from './schema';
import { filterAndPage, type ConnectorFilter } from './summary';
import { createConnector, deleteConnector, putConnector } from './write';

const TAGS = ['Connectors'];
const CONNECTOR = '/connect/{connectId}/connectors/{name}';
/** Every route that asks Connect can meet these: Connect refused (4xx passed on), failed (502) or is unreachable (503). */
const CONNECT_ERRORS = errorResponses(404, 409, 502, 503);
const reasonBody = { required: false, ...json(OperationBodySchema) };

const listAll = apiRoute({
  method: 'get',
  path: '/connectors',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'Connectors of every Connect cluster the caller may see',
  description:
    'One `GET /connectors?expand=status&expand=info` per Connect cluster. A cluster that cannot be asked is listed under `errors` instead of failing the whole list.',
  request: { query: AllConnectorsQuerySchema },
  responses: { 200: { description: 'A page of connectors', ...json(ConnectorPageSchema) }, ...errorResponses(400) },
});

const listCluster = apiRoute({
  method: 'get',
  path: '/connect/{connectId}/connectors',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'Connectors of one Connect cluster, with their state and tasks',
  request: { params: ConnectClusterParamsSchema, query: ClusterConnectorsQuerySchema },
  responses: { 200: { description: 'A page of connectors', ...json(ConnectorPageSchema) }, ...errorResponses(400), ...CONNECT_ERRORS },
});

const detail = apiRoute({
  method: 'get',
  path: CONNECTOR,
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'One connector: config (secrets masked), tasks with state, worker and error trace, topics in use',
  request: { params: ConnectorParamsSchema },
  responses: { 200: { description: 'The connector', ...json(ConnectorDetailSchema) }, ...CONNECT_ERRORS },
});

const activity = apiRoute({
  method: 'get',
  path: `${CONNECTOR}/activity`,
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'What a connector is doing: records per second, the last record, lag and per-task progress, read from Kafka',
  description:
    'Read from the Kafka cluster the Connect cluster is linked to. The rate needs two readings: the first call answers `recordsPerSec: null`, a call a second or more later the rate over the last half minute.',
  request: { params: ConnectorParamsSchema },
  responses: { 200: { description: 'The connector\'s activity', ...json(ConnectorActivitySchema) }, ...CONNECT_ERRORS },
});

const put = apiRoute({
  method: 'put',
  path: CONNECTOR,
  permission: PERMISSIONS.connectorWrite,
  tags: TAGS,
  summary: 'Create or update a connector (idempotent)',
  description: [
    'The config is validated by the plugin first; a bad config is refused with 400 `invalid_config`, naming every bad field.',
    'Sending the config already in effect changes nothing on Connect and records no new version. Secrets sent as `********` keep the stored value.',
  ].join('\n\n'),
  request: { params: ConnectorParamsSchema, body: { required: true, ...json(PutConnectorBodySchema) } },
  responses: {
    200: { description: 'Updated, or unchanged (`changed: false`)', ...json(WriteResultSchema) },
    201: { description: 'Created', ...json(WriteResultSchema) },
    400: fieldsErrorResponse('Invalid config: `field` names the first bad key, `fields` all of them'),
    ...errorResponses(409, 502, 503),
  },
});

const create = apiRoute({
  method: 'post',
  path: '/connect/{connectId}/connectors',
  permission: PERMISSIONS.connectorWrite,
  tags: TAGS,
  summary: 'Create a connector; refused when the name is in use',
  description: [
    'Create-only: a connector by that name already on the cluster is refused with 409 `already_exists`, `field: name`, and left as it is. Use it where a typo must not replace a live connector; the idempotent PUT stays for plan/apply.',
    'The config is validated by the plugin first; a bad config is refused with 400 `invalid_config`, naming every bad field.',
  ].join('\n\n'),
  request: { params: ConnectClusterParamsSchema, body: { required: true, ...json(CreateConnectorBodySchema) } },
  responses: {
    201: { description: 'Created', ...json(WriteResultSchema) },
    400: fieldsErrorResponse('Invalid config: `field` names the first bad key, `fields` all of them'),
    ...errorResponses(404, 409, 502, 503),
  },
});

const remove = apiRoute({
  method: 'delete',
  path: CONNECTOR,
  permission: PERMISSIONS.connectorWrite,
  tags: TAGS,
  summary: 'Delete a connector (its config history is kept)',
  request: { params: ConnectorParamsSchema },
  responses: { 204: { description: 'Deleted' }, ...CONNECT_ERRORS },
});

function stateRoute(change: StateChange) {
  const summaries: Record<StateChange, string> = {
    pause: 'Pause a connector and its tasks',
    resume: 'Resume a paused or stopped connector',
    stop: 'Stop a connector and its tasks, keeping its config (KIP-875); needed before offsets can be changed',
  };
  return apiRoute({
    method: 'post',
    path: `${CONNECTOR}/${change}`,
    permission: PERMISSIONS.connectorOperate,
    tags: TAGS,
    summary: summaries[change],
    request: { params: ConnectorParamsSchema, body: reasonBody },
    responses: { 202: { description: 'Accepted by Connect', ...json(OperationResultSchema) }, ...errorResponses(400), ...CONNECT_ERRORS },
  });
}

const restart = apiRoute({
  method: 'post',
  path: `${CONNECTOR}/restart`,
  permission: PERMISSIONS.connectorOperate,
  tags: TAGS,
  summary: 'Restart a connector, optionally with its tasks or only what failed (KIP-745)',
  request: { params: ConnectorParamsSchema, query: RestartQuerySchema, body: reasonBody },
  responses: { 202: { description: 'Accepted by Connect', ...json(OperationResultSchema) }, ...errorResponses(400), ...CONNECT_ERRORS },
});

const restartOneTask = apiRoute({
  method: 'post',
  path: `${CONNECTOR}/tasks/{taskId}/restart`,
  permission: PERMISSIONS.connectorOperate,
  tags: TAGS,
  summary: 'Restart one task',
  request: { params: TaskParamsSchema, body: reasonBody },
  responses: { 202: { description: 'Accepted by Connect', ...json(OperationResultSchema) }, ...errorResponses(400), ...CONNECT_ERRORS },
});

function filterOf(query: { state?: string; class?: string; q?: string; type?: string }): ConnectorFilter {
  const states = query.state?.split(',').map((state) => state.trim()).filter(Boolean);
  return { states, class: query.class, q: query.q, type: query.type };
}

/** Mounted under /api/v1. */
export function connectorRoutes(services: ConnectServices) {
  const router = createRouter()
    .openapi(listAll, async (c) => {
      const query = c.req.valid('query');
      const { items, errors } = await listAllConnectors(services, requirePrincipal(c), query.connectId);
      return c.json({ ...filterAndPage(items, filterOf(query), query), errors }, 200);
    })
    .openapi(listCluster, async (c) => {
      const query = c.req.valid('query');
      const opened = await openConnectCluster(services, c.req.valid('param').connectId);
      const items = await listClusterConnectors(services, opened);
      return c.json({ ...filterAndPage(items, filterOf(query), query), errors: [] }, 200);
    })
    .openapi(detail, async (c) => {
      const { connectId, name } = c.req.valid('param');
      return c.json(await connectorDetail(services, await openConnectCluster(services, connectId), name), 200);
    })
    .openapi(activity, async (c) => {
      const { connectId, name } = c.req.valid('param');
      const opened = await openConnectCluster(services, connectId);
      return c.json(await connectorActivity({ db: services.db, secrets: services.secrets, kafkaClients: services.kafkaClients, grant: requirePrincipal(c) }, opened, name), 200);
    })
    .openapi(put, async (c) => {
      const { connectId, name } = c.req.valid('param');
      const opened = await openConnectCluster(services, connectId);
      const result = await putConnector(services, opened, auditActorOf(c), name, c.req.valid('json').config);
      return c.json(result, result.created ? 201 : 200);
    })
    .openapi(create, async (c) => {
      const { name, config } = c.req.valid('json');
      const opened = await openConnectCluster(services, c.req.valid('param').connectId);
      return c.json(await createConnector(services, opened, auditActorOf(c), name, config), 201);
    })
    .openapi(remove, async (c) => {
      const { connectId, name } = c.req.valid('param');
      await deleteConnector(services, await openConnectCluster(services, connectId), auditActorOf(c), name);
      return c.body(null, 204);
    })
    .openapi(restart, async (c) => {
      const { connectId, name } = c.req.valid('param');
      const opened = await openConnectCluster(services, connectId);
      const status = await restartConnector(services, opened, auditActorOf(c), name, c.req.valid('query'), c.req.valid('json').reason);
      return c.json({ connectId, name, action: 'restart' as const, ...(status ? { status: { connector: status.connector, tasks: status.tasks } } : {}) }, 202);
    })
    .openapi(restartOneTask, async (c) => {
      const { connectId, name, taskId } = c.req.valid('param');
      await restartTask(services, await openConnectCluster(services, connectId), auditActorOf(c), name, taskId, c.req.valid('json').reason);
      return c.json({ connectId, name, action: 'restart-task' as const }, 202);
    });
  for (const change of ['pause', 'resume', 'stop'] as const) {
    router.openapi(stateRoute(change), async (c) => {
      const { connectId, name } = c.req.valid('param');
      await changeState(services, await openConnectCluster(services, connectId), auditActorOf(c), name, change, c.req.valid('json').reason);
      return c.json({ connectId, name, action: change }, 202);
    });
  }
  router.route('/', offsetRoutes(services));
  router.route('/', historyRoutes(services));
  router.route('/', autoRestartRoutes(services));
  return router;
}
