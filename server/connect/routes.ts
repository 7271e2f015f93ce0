import { auditActorOf } from '../audit/actor';
import { apiRoute } from '../auth/api-route';
import { PERMISSIONS } from '../auth/permissions';
import { ConnectClusterParamsSchema } from '../connectors/schema';
import { errorResponses } from '../http/errors';
import { json } from '../http/openapi';
import { createRouter } from '../http/router';
import { fieldsErrorResponse } from './field-errors';
import { clusterPlugins, pluginDefinition, validatePluginConfig } from './plugins';
import { ClusterPluginsSchema, PluginDefinitionSchema, PluginParamsSchema, ValidateBodySchema, ValidationSchema } from './schema';
import { openConnectCluster, type ConnectServices } from './services';

const TAGS = ['Plugins'];

const perWorker = apiRoute({
  method: 'get',
  path: '/connect/{connectId}/plugins',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'The plugins each worker of a Connect cluster has (drift between workers is visible)',
  request: { params: ConnectClusterParamsSchema },
  responses: { 200: { description: 'Plugins per worker and per class', ...json(ClusterPluginsSchema) }, ...errorResponses(404) },
});

const definition = apiRoute({
  method: 'get',
  path: '/connect/{connectId}/plugins/{class}/config',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: "A plugin's config definition: groups, types, defaults, importance, documentation, width, dependents",
  request: { params: PluginParamsSchema },
  responses: { 200: { description: 'The definition', ...json(PluginDefinitionSchema) }, ...errorResponses(404, 502, 503) },
});

const validate = apiRoute({
  method: 'put',
  path: '/connect/{connectId}/plugins/{class}/validate',
  permission: PERMISSIONS.connectorWrite,
  tags: TAGS,
  summary: 'Validate a connector config with the plugin, without changing anything',
  description:
    'Field errors are in the answer (200 with `errorCount`). The plugin may connect to its external system with the config given, which is why this needs the write permission.',
  request: { params: PluginParamsSchema, body: { required: true, ...json(ValidateBodySchema) } },
  responses: {
    200: { description: 'The validation, per field', ...json(ValidationSchema) },
    400: fieldsErrorResponse('No such connector plugin on the cluster (`field`: connector.class), or a mask without a stored secret'),
    ...errorResponses(404, 502, 503),
  },
});

/** Mounted under /api/v1. */
export function pluginRoutes(services: ConnectServices) {
  return createRouter()
    .openapi(perWorker, async (c) => c.json(await clusterPlugins(await openConnectCluster(services, c.req.valid('param').connectId)), 200))
    .openapi(definition, async (c) => {
      const params = c.req.valid('param');
      return c.json(await pluginDefinition(services, await openConnectCluster(services, params.connectId), params.class), 200);
    })
    .openapi(validate, async (c) => {
      const params = c.req.valid('param');
      const body = c.req.valid('json');
      const opened = await openConnectCluster(services, params.connectId);
      return c.json(await validatePluginConfig(services, opened, params.class, body.config, body.connector, body.create, auditActorOf(c)), 200);
    });
}
