import type { Context } from 'hono';
import { auditActorOf } from '../audit/actor';
import { apiRoute } from '../auth/api-route';
import { assertClusterAccess, requirePrincipal } from '../auth/authorize';
import { PERMISSIONS } from '../auth/permissions';
import { fieldsErrorResponse } from '../connect/field-errors';
import type { Db } from '../db';
import type { AppEnv } from '../http/env';
import { errorResponses } from '../http/errors';
import { json } from '../http/openapi';
import { createRouter } from '../http/router';
import { maskRendered, renderTemplate } from './render';
import {
  NewTemplateSchema,
  RenderBodySchema,
  RenderedSchema,
  TemplateIdParamsSchema,
  TemplateListQuerySchema,
  TemplateListSchema,
  TemplateUpdateSchema,
  TemplateViewSchema,
} from './schema';
import { assertScopeAccess, assertScopeRegistered, scopeVisible } from './scope';
import { createTemplate, deleteTemplate, getTemplate, listTemplates, templateView, updateTemplate } from './store';

const TAGS = ['Templates'];

const list = apiRoute({
  method: 'get',
  path: '/templates',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'Connector templates, by name',
  description:
    'Global templates and those of the Connect clusters the caller may see; with `?cluster=<connectId>` only those usable on that cluster (global ones and its own).',
  request: { query: TemplateListQuerySchema },
  responses: { 200: { description: 'Templates', ...json(TemplateListSchema) }, ...errorResponses(400) },
});

const create = apiRoute({
  method: 'post',
  path: '/templates',
  permission: PERMISSIONS.templateWrite,
  tags: TAGS,
  summary: 'Create a connector template',
  description: '`connectClusterId` shares it with one Connect cluster only (400 when it is not registered); left out, the template is for every cluster.',
  request: { body: { required: true, ...json(NewTemplateSchema) } },
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
  description: 'A body without `connectClusterId` keeps the template’s scope; `null` makes it global.',
  request: { params: TemplateIdParamsSchema, body: { required: true, ...json(TemplateUpdateSchema) } },
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

/** A template the caller may reach: one scoped to a cluster outside the caller's grant is a 403, as that cluster is. */
async function reachableTemplate(c: Context<AppEnv>, db: Db, id: string) {
  const template = await getTemplate(db, id);
  assertScopeAccess(requirePrincipal(c), 'connect', template.connectClusterId);
  return template;
}

/** A scope being written must name a registered Connect cluster the caller may reach. */
async function assertWritableScope(c: Context<AppEnv>, db: Db, scope: string | null | undefined) {
  if (scope === undefined || scope === null) return;
  await assertScopeRegistered(db, 'connect', scope, 'connectClusterId');
  assertScopeAccess(requirePrincipal(c), 'connect', scope);
}

/** Mounted under /api/v1. */
export function templateRoutes(db: Db) {
  return createRouter()
    .openapi(list, async (c) => {
      const principal = requirePrincipal(c);
      const { cluster } = c.req.valid('query');
      if (cluster !== undefined) {
        await assertScopeRegistered(db, 'connect', cluster, 'cluster');
        assertClusterAccess(principal, 'connect', cluster);
      }
      const rows = await listTemplates(db, cluster);
      return c.json({ items: rows.filter((row) => scopeVisible(principal, 'connect', row.connectClusterId)).map(templateView) }, 200);
    })
    .openapi(create, async (c) => {
      const template = c.req.valid('json');
      await assertWritableScope(c, db, template.connectClusterId);
      return c.json(templateView(await createTemplate(db, auditActorOf(c), template)), 201);
    })
    .openapi(one, async (c) => c.json(templateView(await reachableTemplate(c, db, c.req.valid('param').id)), 200))
    .openapi(update, async (c) => {
      const { id } = c.req.valid('param');
      const template = c.req.valid('json');
      await reachableTemplate(c, db, id);
      await assertWritableScope(c, db, template.connectClusterId);
      return c.json(templateView(await updateTemplate(db, auditActorOf(c), id, template)), 200);
    })
    .openapi(remove, async (c) => {
      const { id } = c.req.valid('param');
      await reachableTemplate(c, db, id);
      await deleteTemplate(db, auditActorOf(c), id);
      return c.body(null, 204);
    })
    .openapi(render, async (c) => {
      const template = await reachableTemplate(c, db, c.req.valid('param').id);
      const rendered = renderTemplate(template, c.req.valid('json').values);
      return c.json({ config: maskRendered(template, rendered) }, 200);
    });
}
