import { auditActorOf } from '../../audit/actor';
import { apiRoute } from '../../auth/api-route';
import { PERMISSIONS } from '../../auth/permissions';
import { openConnectCluster, type ConnectServices } from '../../connect/services';
import { errorResponses } from '../../http/errors';
import { json } from '../../http/openapi';
import { createRouter } from '../../http/router';
import { ConnectClusterParamsSchema, ConnectorParamsSchema, OperationBodySchema } from '../schema';
import { ClusterAutoRestartSchema, ConnectorAutoRestartSchema, PolicyBodySchema } from './schema';
import { clusterAutoRestart, connectorAutoRestart, removePolicy, resetState, setPolicy } from './service';
import { CLUSTER_DEFAULT } from './store';

const TAGS = ['Auto-restart'];
const CONNECTOR = '/connect/{connectId}/connectors/{name}/auto-restart';
const CLUSTER = '/connect/{connectId}/auto-restart';
const policyBody = { required: true, ...json(PolicyBodySchema) };
const connectorView = { description: "The connector's policy in effect and what auto-restart has done", ...json(ConnectorAutoRestartSchema) };
const clusterView = { description: "The cluster's default policy", ...json(ClusterAutoRestartSchema) };

const getConnector = apiRoute({
  method: 'get',
  path: CONNECTOR,
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: "A connector's auto-restart policy (its own, else the cluster's default) and state: restarts, next try, gave up",
  request: { params: ConnectorParamsSchema },
  responses: { 200: connectorView, ...errorResponses(404, 409) },
});

const putConnector = apiRoute({
  method: 'put',
  path: CONNECTOR,
  permission: PERMISSIONS.connectorOperate,
  tags: TAGS,
  summary: 'Give a connector its own auto-restart policy',
  description:
    'Failed instances are restarted with `POST /connectors/{name}/restart?includeTasks=true&onlyFailed=true`, the first at once, then after each wait of the backoff; after `maxRestarts` it gives up until the count is reset (by hand, or once the connector has stayed RUNNING longer than the next wait). Every restart is in the audit log as `connector.restart` by `auto-restart`.',
  request: { params: ConnectorParamsSchema, body: policyBody },
  responses: { 200: connectorView, ...errorResponses(400, 404, 409) },
});

const deleteConnector = apiRoute({
  method: 'delete',
  path: CONNECTOR,
  permission: PERMISSIONS.connectorOperate,
  tags: TAGS,
  summary: "Remove a connector's own policy: it follows the cluster's default again",
  request: { params: ConnectorParamsSchema },
  responses: { 200: connectorView, ...errorResponses(404, 409) },
});

const resetConnector = apiRoute({
  method: 'post',
  path: `${CONNECTOR}/reset`,
  permission: PERMISSIONS.connectorOperate,
  tags: TAGS,
  summary: 'Reset the restart count and a "gave up": the next failure is restarted at once',
  request: { params: ConnectorParamsSchema, body: { required: false, ...json(OperationBodySchema) } },
  responses: { 200: connectorView, ...errorResponses(400, 404, 409) },
});

const getCluster = apiRoute({
  method: 'get',
  path: CLUSTER,
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: "The Connect cluster's default auto-restart policy, for connectors without their own",
  request: { params: ConnectClusterParamsSchema },
  responses: { 200: clusterView, ...errorResponses(404, 409) },
});

const putCluster = apiRoute({
  method: 'put',
  path: CLUSTER,
  permission: PERMISSIONS.connectorOperate,
  tags: TAGS,
  summary: "Set the Connect cluster's default auto-restart policy",
  description: 'Without one, auto-restart is off for every connector that has no policy of its own.',
  request: { params: ConnectClusterParamsSchema, body: policyBody },
  responses: { 200: clusterView, ...errorResponses(400, 404, 409) },
});

/** Mounted under /api/v1. */
export function autoRestartRoutes(services: ConnectServices) {
  const { db } = services;
  return createRouter()
    .openapi(getConnector, async (c) => {
      const { connectId, name } = c.req.valid('param');
      await openConnectCluster(services, connectId);
      return c.json(await connectorAutoRestart(db, connectId, name), 200);
    })
    .openapi(putConnector, async (c) => {
      const { connectId, name } = c.req.valid('param');
      await openConnectCluster(services, connectId);
      await setPolicy(db, auditActorOf(c), connectId, name, c.req.valid('json'));
      return c.json(await connectorAutoRestart(db, connectId, name), 200);
    })
    .openapi(deleteConnector, async (c) => {
      const { connectId, name } = c.req.valid('param');
      await openConnectCluster(services, connectId);
      await removePolicy(db, auditActorOf(c), connectId, name);
      return c.json(await connectorAutoRestart(db, connectId, name), 200);
    })
    .openapi(resetConnector, async (c) => {
      const { connectId, name } = c.req.valid('param');
      await openConnectCluster(services, connectId);
      await resetState(db, auditActorOf(c), connectId, name, c.req.valid('json').reason);
      return c.json(await connectorAutoRestart(db, connectId, name), 200);
    })
    .openapi(getCluster, async (c) => {
      const { connectId } = c.req.valid('param');
      await openConnectCluster(services, connectId);
      return c.json(await clusterAutoRestart(db, connectId), 200);
    })
    .openapi(putCluster, async (c) => {
      const { connectId } = c.req.valid('param');
      await openConnectCluster(services, connectId);
      await setPolicy(db, auditActorOf(c), connectId, CLUSTER_DEFAULT, c.req.valid('json'));
      return c.json(await clusterAutoRestart(db, connectId), 200);
    });
}
