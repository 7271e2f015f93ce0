/**
 * Pipeline templates over REST: list them with the blanks a person fills, and create one as its two connectors
 * (`<name>-source`, then `<name>-sink`) on a Connect cluster. The sink is only created once the source is; when
 * the sink is refused, the source just made is deleted again, so a pipeline is created whole or not at all.
 */
import { auditActorOf } from '../audit/actor';
import { apiRoute } from '../auth/api-route';
import { PERMISSIONS } from '../auth/permissions';
import type { Catalog } from '../catalog/catalog';
import { loadPipelineTemplates, pipelineBlanks, renderPipeline, type PipelineTemplate } from '../catalog/pipeline-templates';
import { fieldsErrorResponse } from '../connect/field-errors';
import { openConnectCluster, type ConnectServices } from '../connect/services';
import { createConnector, deleteConnector } from '../connectors/write';
import { ApiError, errorResponses } from '../http/errors';
import { json } from '../http/openapi';
import { createRouter } from '../http/router';
import { CreatePipelineSchema, CreatedPipelineSchema, PipelineTemplateListSchema } from './template-schema';
import { ConnectClusterParamsSchema } from '../connectors/schema';

const TAGS = ['Pipelines'];

const list = apiRoute({
  method: 'get',
  path: '/pipeline-templates',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'Pipeline templates: a catalog source and sink as one unit, with the blanks to fill for each',
  description: 'Sink blanks wired to the source (e.g. its topics) are not asked; `wiring` says how they are filled.',
  responses: { 200: { description: 'Templates', ...json(PipelineTemplateListSchema) } },
});

const create = apiRoute({
  method: 'post',
  path: '/connect/{connectId}/pipelines',
  permission: PERMISSIONS.connectorWrite,
  tags: TAGS,
  summary: 'Create a pipeline from a template: its source connector, then its sink connector',
  description:
    'Connectors `<name>-source` and `<name>-sink`, created only if neither name is taken (409, `field: name`). Missing blanks answer 400 with each one named `source.<blank>` or `sink.<blank>`. A sink refused by Connect deletes the source just created.',
  request: { params: ConnectClusterParamsSchema, body: { required: true, ...json(CreatePipelineSchema) } },
  responses: {
    201: { description: 'Created', ...json(CreatedPipelineSchema) },
    400: fieldsErrorResponse('Blanks missing or unknown, each named `source.<blank>` or `sink.<blank>`'),
    ...errorResponses(404, 409, 502),
  },
});

/** Mounted under /api/v1. */
export function pipelineTemplateRoutes(deps: { connect: ConnectServices; catalog: () => Promise<Catalog> }) {
  let loaded: Promise<PipelineTemplate[]> | undefined;
  const templates = () => (loaded ??= deps.catalog().then((catalog) => loadPipelineTemplates(catalog)));
  return createRouter()
    .openapi(list, async (c) => {
      const items = (await templates()).map((t) => ({
        id: t.id,
        name: t.name,
        description: t.description,
        source: { entry: t.source.entry, template: t.source.template.id, connectorClass: t.source.template.connectorClass },
        sink: { entry: t.sink.entry, template: t.sink.template.id, connectorClass: t.sink.template.connectorClass },
        blanks: pipelineBlanks(t),
        wiring: t.wiring,
      }));
      return c.json({ items }, 200);
    })
    .openapi(create, async (c) => {
      const body = c.req.valid('json');
      const template = (await templates()).find((t) => t.id === body.template);
      if (!template) throw new ApiError(400, 'unknown_template', `No pipeline template "${body.template}" (there are: ${(await templates()).map((t) => t.id).join(', ')})`, 'template');
      const configs = renderPipeline(template, body.name, { source: body.values.source ?? {}, sink: body.values.sink ?? {} });
      const opened = await openConnectCluster(deps.connect, c.req.valid('param').connectId);
      const who = auditActorOf(c);
      const [sourceName, sinkName] = [`${body.name}-source`, `${body.name}-sink`];
      for (const name of [sourceName, sinkName]) {
        if (await opened.client.findConnectorConfig(name).catch(() => undefined)) {
          throw new ApiError(409, 'already_exists', `A connector named "${name}" already exists on Connect cluster "${opened.cluster.id}": choose another pipeline name`, 'name');
        }
      }
      await createConnector(deps.connect, opened, who, sourceName, configs.source);
      try {
        await createConnector(deps.connect, opened, who, sinkName, configs.sink);
      } catch (error) {
        await deleteConnector(deps.connect, opened, who, sourceName).catch(() => undefined);
        throw error;
      }
      return c.json({ template: template.id, connectId: opened.cluster.id, source: sourceName, sink: sinkName, topics: configs.sink.topics ?? null }, 201);
    });
}
