import { auditActorOf } from '../audit/actor';
import { apiRoute } from '../auth/api-route';
import { requirePrincipal } from '../auth/authorize';
import { grantCoversCluster, PERMISSIONS } from '../auth/permissions';
import { ApiError, errorResponses } from '../http/errors';
import { json } from '../http/openapi';
import { createRouter } from '../http/router';
import { getConnectCluster, getKafkaCluster, listConnectClusters, listKafkaClusters } from './registry';
import {
  ConnectClusterListSchema,
  ConnectClusterSchema,
  ConnectIdParamsSchema,
  CreateConnectClusterSchema,
  CreateKafkaClusterSchema,
  ForceQuerySchema,
  KafkaClusterListSchema,
  KafkaClusterSchema,
  KafkaIdParamsSchema,
  SavedConnectClusterSchema,
  SavedKafkaClusterSchema,
  UpdateConnectClusterSchema,
  UpdateKafkaClusterSchema,
} from './schema';
import {
  createConnectCluster,
  createKafkaCluster,
  deleteConnectCluster,
  deleteKafkaCluster,
  updateConnectCluster,
  updateKafkaCluster,
  type ClusterDeps,
} from './service';
import { connectClusterView, kafkaClusterView } from './views';

const TAGS = ['Clusters'];

const listKafka = apiRoute({
  method: 'get',
  path: '/clusters',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'Registered Kafka clusters the caller may see',
  responses: { 200: { description: 'Kafka clusters by id', ...json(KafkaClusterListSchema) } },
});

const getKafka = apiRoute({
  method: 'get',
  path: '/clusters/{kafkaId}',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'One registered Kafka cluster',
  request: { params: KafkaIdParamsSchema },
  responses: { 200: { description: 'The Kafka cluster', ...json(KafkaClusterSchema) }, ...errorResponses(404) },
});

const listConnect = apiRoute({
  method: 'get',
  path: '/connect',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'Registered Connect clusters the caller may see, with their workers',
  responses: { 200: { description: 'Connect clusters by id', ...json(ConnectClusterListSchema) } },
});

const getConnect = apiRoute({
  method: 'get',
  path: '/connect/{connectId}',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'One registered Connect cluster',
  request: { params: ConnectIdParamsSchema },
  responses: { 200: { description: 'The Connect cluster', ...json(ConnectClusterSchema) }, ...errorResponses(404) },
});

const UNREACHABLE = '422 `unreachable` when the connectivity test fails (the message says why, naming the system) unless `?force=true`.';
const unreachableResponse = { 422: { ...errorResponses(422)[422]!, description: 'The connectivity test failed' } };

const createKafka = apiRoute({
  method: 'post',
  path: '/clusters',
  permission: PERMISSIONS.clusterManage,
  tags: TAGS,
  summary: 'Register a Kafka cluster',
  description: `Tests connectivity first (describeCluster). ${UNREACHABLE} Secrets are stored encrypted and shown masked.`,
  request: { query: ForceQuerySchema, body: { required: true, ...json(CreateKafkaClusterSchema) } },
  responses: { 201: { description: 'Registered', ...json(SavedKafkaClusterSchema) }, ...errorResponses(400, 409), ...unreachableResponse },
});

const updateKafka = apiRoute({
  method: 'put',
  path: '/clusters/{kafkaId}',
  permission: PERMISSIONS.clusterManage,
  tags: TAGS,
  summary: 'Edit a registered Kafka cluster',
  description: `Replaces the registration. ${UNREACHABLE}`,
  request: { params: KafkaIdParamsSchema, query: ForceQuerySchema, body: { required: true, ...json(UpdateKafkaClusterSchema) } },
  responses: { 200: { description: 'Saved', ...json(SavedKafkaClusterSchema) }, ...errorResponses(400, 404), ...unreachableResponse },
});

const deleteKafka = apiRoute({
  method: 'delete',
  path: '/clusters/{kafkaId}',
  permission: PERMISSIONS.clusterManage,
  tags: TAGS,
  summary: 'Remove a registered Kafka cluster (Connect clusters that named it keep running, unlinked)',
  description: 'Topic templates saved for this cluster only are deleted with it; the audit entry names them.',
  request: { params: KafkaIdParamsSchema },
  responses: { 204: { description: 'Removed' }, ...errorResponses(404) },
});

const createConnect = apiRoute({
  method: 'post',
  path: '/connect',
  permission: PERMISSIONS.clusterManage,
  tags: TAGS,
  summary: 'Register a Connect cluster with every worker URL',
  description: `Tests connectivity first (\`GET /\` on each worker, each answer collected). ${UNREACHABLE}`,
  request: { query: ForceQuerySchema, body: { required: true, ...json(CreateConnectClusterSchema) } },
  responses: { 201: { description: 'Registered', ...json(SavedConnectClusterSchema) }, ...errorResponses(400, 409), ...unreachableResponse },
});

const updateConnect = apiRoute({
  method: 'put',
  path: '/connect/{connectId}',
  permission: PERMISSIONS.clusterManage,
  tags: TAGS,
  summary: 'Edit a registered Connect cluster',
  description: `Replaces the registration, workers included. ${UNREACHABLE}`,
  request: { params: ConnectIdParamsSchema, query: ForceQuerySchema, body: { required: true, ...json(UpdateConnectClusterSchema) } },
  responses: { 200: { description: 'Saved', ...json(SavedConnectClusterSchema) }, ...errorResponses(400, 404), ...unreachableResponse },
});

const deleteConnect = apiRoute({
  method: 'delete',
  path: '/connect/{connectId}',
  permission: PERMISSIONS.clusterManage,
  tags: TAGS,
  summary: 'Remove a registered Connect cluster; its connectors keep running, but Connectory forgets their config history',
  description: 'Connector templates saved for this cluster only are deleted with it; the audit entry names them.',
  request: { params: ConnectIdParamsSchema },
  responses: { 204: { description: 'Removed' }, ...errorResponses(404) },
});

/** Mounted under /api/v1. Cluster-scoped callers see only their clusters. */
export function clusterRoutes(deps: ClusterDeps) {
  const { db } = deps;
  return createRouter()
    .openapi(listKafka, async (c) => {
      const principal = requirePrincipal(c);
      const clusters = (await listKafkaClusters(db)).filter((cluster) => grantCoversCluster(principal, 'kafka', cluster.id));
      return c.json({ items: clusters.map(kafkaClusterView) }, 200);
    })
    .openapi(getKafka, async (c) => {
      const { kafkaId } = c.req.valid('param');
      const cluster = await getKafkaCluster(db, kafkaId);
      if (!cluster) throw ApiError.notFound(`Kafka cluster "${kafkaId}" is not registered`);
      return c.json(kafkaClusterView(cluster), 200);
    })
    .openapi(listConnect, async (c) => {
      const principal = requirePrincipal(c);
      const clusters = (await listConnectClusters(db)).filter((cluster) => grantCoversCluster(principal, 'connect', cluster.id));
      return c.json({ items: clusters.map(connectClusterView) }, 200);
    })
    .openapi(getConnect, async (c) => {
      const { connectId } = c.req.valid('param');
      const cluster = await getConnectCluster(db, connectId);
      if (!cluster) throw ApiError.notFound(`Connect cluster "${connectId}" is not registered`);
      return c.json(connectClusterView(cluster), 200);
    })
    .openapi(createKafka, async (c) =>
      c.json(await createKafkaCluster(deps, auditActorOf(c), c.req.valid('json'), c.req.valid('query').force), 201),
    )
    .openapi(updateKafka, async (c) =>
      c.json(await updateKafkaCluster(deps, auditActorOf(c), c.req.valid('param').kafkaId, c.req.valid('json'), c.req.valid('query').force), 200),
    )
    .openapi(deleteKafka, async (c) => {
      await deleteKafkaCluster(deps, auditActorOf(c), c.req.valid('param').kafkaId);
      return c.body(null, 204);
    })
    .openapi(createConnect, async (c) =>
      c.json(await createConnectCluster(deps, auditActorOf(c), c.req.valid('json'), c.req.valid('query').force), 201),
    )
    .openapi(updateConnect, async (c) =>
      c.json(await updateConnectCluster(deps, auditActorOf(c), c.req.valid('param').connectId, c.req.valid('json'), c.req.valid('query').force), 200),
    )
    .openapi(deleteConnect, async (c) => {
      await deleteConnectCluster(deps, auditActorOf(c), c.req.valid('param').connectId);
      return c.body(null, 204);
    });
}
