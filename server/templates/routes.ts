import { auditActorOf } from '../audit/actor';
import { apiRoute } from '../auth/api-route';
import { PERMISSIONS } from '../auth/permissions';
import { fieldsErrorResponse } from '../connect/field-errors';
import type { Db } from '../db';
import { errorResponses } from '../http/errors';
import { json } from '../http/openapi';
import { createRouter } from '../http/router';
import { maskRendered, renderTemplate } from './render';
import { RenderBodySchema, RenderedSchema, TemplateBodySchema, TemplateIdParamsSchema, TemplateListSchema, TemplateSchema, TemplateViewSchema } from './schema';
import { createTemplate, deleteTemplate, getTemplate, listTemplates, templateView, updateTemplate } from './store';

const TAGS = ['Templates'];

const list = apiRoute({
  method: 'get',
  path: '/templates',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'Connector templates, by name',
  responses: { 200: { description: 'Templates', ...json(TemplateListSchema) } },
});

const create = apiRoute({
  method: 'post',
  path: '/templates',
  permission: PERMISSIONS.templateWrite,
  tags: TAGS,
  summary: 'Create a connector template',
  request: { body: { required: true, ...json(TemplateSchema) } },
  responses: { 201: { description: 'Created', ...json(TemplateViewSchema) }, ...errorResponses(400, 409) },
});

const one = apiRoute({
  method: 'get',
  path: '/templates/{id}',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'One connector template',
  request: { params: TemplateIdParamsSchema },
  responses: { 200: { description: 'The template', ...json(TemplateViewSchema) }, ...errorResponses(404) },
});

const update = apiRoute({
  method: 'put',
  path: '/templates/{id}',
  permission: PERMISSIONS.templateWrite,
  tags: TAGS,
  summary: 'Replace a connector template',
  request: { params: TemplateIdParamsSchema, body: { required: true, ...json(TemplateBodySchema) } },
  responses: { 200: { description: 'Saved', ...json(TemplateViewSchema) }, ...errorResponses(400, 404) },
});

const remove = apiRoute({
  method: 'delete',
  path: '/templates/{id}',
  permission: PERMISSIONS.templateWrite,
  tags: TAGS,
  summary: 'Delete a connector template',
  request: { params: TemplateIdParamsSchema },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(404) },
});

const render = apiRoute({
  method: 'post',
  path: '/templates/{id}/render',
  // Rendering is the first step of creating a connector, and its values carry secrets.
  permission: PERMISSIONS.connectorWrite,
  tags: TAGS,
  summary: "Fill a template's placeholders into a connector config",
  description: 'Nothing is created: PUT the config to `/connect/{connectId}/connectors/{name}` for that.',
  request: { params: TemplateIdParamsSchema, body: { required: true, ...json(RenderBodySchema) } },
  responses: {
    200: { description: 'The config', ...json(RenderedSchema) },
    400: fieldsErrorResponse('`missing_placeholders`: each placeholder without a value (or unknown) is in `fields`'),
    ...errorResponses(404),
  },
});

/** Mounted under /api/v1. */
export function templateRoutes(db: Db) {
  return createRouter()
    .openapi(list, async (c) => c.json({ items: (await listTemplates(db)).map(templateView) }, 200))
    .openapi(create, async (c) => c.json(templateView(await createTemplate(db, auditActorOf(c), c.req.valid('json'))), 201))
    .openapi(one, async (c) => c.json(templateView(await getTemplate(db, c.req.valid('param').id)), 200))
    .openapi(update, async (c) => c.json(templateView(await updateTemplate(db, auditActorOf(c), c.req.valid('param').id, c.req.valid('json'))), 200))
    .openapi(remove, async (c) => {
      await deleteTemplate(db, auditActorOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    })
    .openapi(render, async (c) => {
      const template = await getTemplate(db, c.req.valid('param').id);
      const rendered = renderTemplate(template, c.req.valid('json').values);
      return c.json({ config: maskRendered(template, rendered) }, 200);
    });
}
