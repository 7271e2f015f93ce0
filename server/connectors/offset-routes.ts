import { auditActorOf } from '../audit/actor';
import { apiRoute } from '../auth/api-route';
import { PERMISSIONS } from '../auth/permissions';
import { openConnectCluster, type ConnectServices } from '../connect/services';
import { errorResponses } from '../http/errors';
import { json } from '../http/openapi';
import { createRouter } from '../http/router';
import { alterOffsets, readOffsets, resetOffsets } from './operate';
import { ConnectorParamsSchema, OffsetsMessageSchema, OffsetsSchema } from './schema';

const TAGS = ['Connectors'];
const PATH = '/connect/{connectId}/connectors/{name}/offsets';
const NOT_SUPPORTED = 'Answered 501 `not_supported` when the workers predate KIP-875 (Kafka Connect 3.6).';
/** 400: Connect refuses changes unless the connector is STOPPED, and says so. */
const ERRORS = errorResponses(400, 404, 409, 501, 502, 503);

const read = apiRoute({
  method: 'get',
  path: PATH,
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: "A connector's committed offsets (KIP-875)",
  description: NOT_SUPPORTED,
  request: { params: ConnectorParamsSchema },
  responses: { 200: { description: 'Offsets per partition', ...json(OffsetsSchema) }, ...ERRORS },
});

const alter = apiRoute({
  method: 'patch',
  path: PATH,
  permission: PERMISSIONS.connectorWrite,
  tags: TAGS,
  summary: "Alter a STOPPED connector's offsets (KIP-875)",
  description: `Partitions not listed keep their offsets; an offset of null removes that partition's. ${NOT_SUPPORTED}`,
  request: { params: ConnectorParamsSchema, body: { required: true, ...json(OffsetsSchema) } },
  responses: { 200: { description: 'Altered', ...json(OffsetsMessageSchema) }, ...ERRORS },
});

const reset = apiRoute({
  method: 'delete',
  path: PATH,
  permission: PERMISSIONS.connectorWrite,
  tags: TAGS,
  summary: "Reset a STOPPED connector's offsets (KIP-875): it starts over when resumed",
  description: NOT_SUPPORTED,
  request: { params: ConnectorParamsSchema },
  responses: { 200: { description: 'Reset', ...json(OffsetsMessageSchema) }, ...ERRORS },
});

export function offsetRoutes(services: ConnectServices) {
  return createRouter()
    .openapi(read, async (c) => {
      const { connectId, name } = c.req.valid('param');
      return c.json(await readOffsets(await openConnectCluster(services, connectId), name), 200);
    })
    .openapi(alter, async (c) => {
      const { connectId, name } = c.req.valid('param');
      const opened = await openConnectCluster(services, connectId);
      return c.json(await alterOffsets(services, opened, auditActorOf(c), name, c.req.valid('json')), 200);
    })
    .openapi(reset, async (c) => {
      const { connectId, name } = c.req.valid('param');
      return c.json(await resetOffsets(services, await openConnectCluster(services, connectId), auditActorOf(c), name), 200);
    });
}
