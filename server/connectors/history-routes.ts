import { auditActorOf } from '../audit/actor';
import { apiRoute } from '../auth/api-route';
import { PERMISSIONS } from '../auth/permissions';
import { fieldsErrorResponse } from '../connect/field-errors';
import { openConnectCluster, type ConnectServices, type OpenedCluster } from '../connect/services';
import { ApiError, errorResponses } from '../http/errors';
import { json } from '../http/openapi';
import { createRouter } from '../http/router';
import { maskConfig } from '../secrets/masking';
import { diffConfigs } from './diff';
import { getVersion, listVersions, type VersionSummary, type VersionWithConfig } from './history';
import {
  ConfigDiffSchema,
  ConnectorParamsSchema,
  DiffQuerySchema,
  HistoryQuerySchema,
  RollbackBodySchema,
  VersionDetailSchema,
  VersionListSchema,
  VersionParamsSchema,
  WriteResultSchema,
} from './schema';
import { rollbackConnector } from './write';

const TAGS = ['Config history'];
const PATH = '/connect/{connectId}/connectors/{name}';

const list = apiRoute({
  method: 'get',
  path: `${PATH}/history`,
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: "A connector's config versions, newest first",
  description:
    'Every config written through Connectory (`connectory`) and every change noticed on Connect (`external`: seen when the connector is read or listed, and by a periodic sync).',
  request: { params: ConnectorParamsSchema, query: HistoryQuerySchema },
  responses: { 200: { description: 'Versions', ...json(VersionListSchema) }, ...errorResponses(400, 404) },
});

const diff = apiRoute({
  method: 'get',
  path: `${PATH}/history/diff`,
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'What changed between two config versions, key by key',
  request: { params: ConnectorParamsSchema, query: DiffQuerySchema },
  responses: { 200: { description: 'Changes', ...json(ConfigDiffSchema) }, ...errorResponses(400, 404) },
});

const one = apiRoute({
  method: 'get',
  path: `${PATH}/history/{version}`,
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'One config version (secrets masked)',
  request: { params: VersionParamsSchema },
  responses: { 200: { description: 'The version', ...json(VersionDetailSchema) }, ...errorResponses(400, 404) },
});

const rollback = apiRoute({
  method: 'post',
  path: `${PATH}/rollback`,
  permission: PERMISSIONS.connectorWrite,
  tags: TAGS,
  summary: 'Write a recorded config version back, with its real secrets; recorded as a new version',
  request: { params: ConnectorParamsSchema, body: { required: true, ...json(RollbackBodySchema) } },
  responses: {
    200: { description: 'Rolled back (or already in effect: `changed: false`)', ...json(WriteResultSchema) },
    201: { description: 'The connector had been deleted and was created again', ...json(WriteResultSchema) },
    400: fieldsErrorResponse('The version no longer validates with the installed plugin'),
    ...errorResponses(404, 409, 502, 503),
  },
});

const summaryView = (version: VersionSummary) => ({ ...version, createdAt: version.createdAt.toISOString() });

async function maskedVersion(services: ConnectServices, opened: OpenedCluster, version: VersionWithConfig) {
  const passwordKeys = await services.passwordKeys.get(opened.cluster.id, opened.client, version.config['connector.class']);
  return { ...summaryView(version), config: maskConfig(version.config, passwordKeys) };
}

async function requireVersion(services: ConnectServices, opened: OpenedCluster, name: string, version: number): Promise<VersionWithConfig> {
  const found = await getVersion(services.db, services.secrets, opened.cluster.id, name, version);
  if (!found) throw ApiError.notFound(`Connector "${name}" on Connect cluster "${opened.cluster.id}" has no config version ${version}`);
  return found;
}

export function historyRoutes(services: ConnectServices) {
  return createRouter()
    .openapi(list, async (c) => {
      const { connectId, name } = c.req.valid('param');
      const opened = await openConnectCluster(services, connectId);
      const { items, total } = await listVersions(services.db, opened.cluster.id, name, c.req.valid('query'));
      return c.json({ items: items.map(summaryView), total }, 200);
    })
    // Before `/history/{version}`, which would otherwise take "diff" for a version.
    .openapi(diff, async (c) => {
      const { connectId, name } = c.req.valid('param');
      const { from, to } = c.req.valid('query');
      const opened = await openConnectCluster(services, connectId);
      const [before, after] = await Promise.all([requireVersion(services, opened, name, from), requireVersion(services, opened, name, to)]);
      const passwordKeys = await services.passwordKeys.get(connectId, opened.client, after.config['connector.class']);
      return c.json({ from, to, changes: diffConfigs(before.config, after.config, passwordKeys) }, 200);
    })
    .openapi(one, async (c) => {
      const { connectId, name, version } = c.req.valid('param');
      const opened = await openConnectCluster(services, connectId);
      return c.json(await maskedVersion(services, opened, await requireVersion(services, opened, name, version)), 200);
    })
    .openapi(rollback, async (c) => {
      const { connectId, name } = c.req.valid('param');
      const opened = await openConnectCluster(services, connectId);
      const result = await rollbackConnector(services, opened, auditActorOf(c), name, c.req.valid('json').version);
      return c.json(result, result.created ? 201 : 200);
    });
}
