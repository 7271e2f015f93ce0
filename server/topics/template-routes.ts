import type { Context } from 'hono';
import { auditActorOf } from '../audit/actor';
import { apiRoute } from '../auth/api-route';
import { assertClusterAccess, requirePrincipal } from '../auth/authorize';
import { PERMISSIONS } from '../auth/permissions';
import type { Db } from '../db';
import type { AppEnv } from '../http/env';
import { ApiError, errorResponses } from '../http/errors';
import { json } from '../http/openapi';
import { createRouter } from '../http/router';
import { assertScopeAccess, assertScopeRegistered, scopeVisible } from '../templates/scope';
import {
  NewTopicTemplateSchema,
  TopicTemplateIdParamsSchema,
  TopicTemplateListQuerySchema,
  TopicTemplateListSchema,
  TopicTemplateSchema,
  TopicTemplateUpdateSchema,
} from './template-schema';
import {
  builtInView,
  createTopicTemplate,
  deleteTopicTemplate,
  getStoredTopicTemplate,
  listStoredTopicTemplates,
  refuseBuiltIn,
  storedView,
  updateTopicTemplate,
} from './template-store';
import { findTemplate, TOPIC_TEMPLATES } from './templates';

const TAGS = ['Topics'];

const list = apiRoute({
  method: 'get',
  path: '/topic-templates',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'Topic templates: the built-in starting points, then your own by name',
  description: [
    'Pass a template id as `template` when creating a topic; explicit fields override the template’s.',
    'Built-in templates (`builtIn: true`) come first and are read-only. Your own are global or for one Kafka cluster; without `?cluster` the list holds every one the caller may see, with `?cluster=<kafkaId>` only those usable on that cluster.',
  ].join('\n\n'),
  request: { query: TopicTemplateListQuerySchema },
  responses: { 200: { description: 'Templates', ...json(TopicTemplateListSchema) }, ...errorResponses(400) },
});

const create = apiRoute({
  method: 'post',
  path: '/topic-templates',
  permission: PERMISSIONS.templateWrite,
  tags: TAGS,
  summary: 'Save a topic template of your own',
  description: '`kafkaClusterId` shares it with one Kafka cluster only (400 when it is not registered); left out, it is for every cluster. A built-in template’s id is a 409.',
  request: { body: { required: true, ...json(NewTopicTemplateSchema) } },
  responses: { 201: { description: 'Saved', ...json(TopicTemplateSchema) }, ...errorResponses(400, 409) },
});

const one = apiRoute({
  method: 'get',
  path: '/topic-templates/{id}',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'One topic template, built-in or your own',
  request: { params: TopicTemplateIdParamsSchema },
  responses: { 200: { description: 'The template', ...json(TopicTemplateSchema) }, ...errorResponses(404) },
});

const update = apiRoute({
  method: 'put',
  path: '/topic-templates/{id}',
  permission: PERMISSIONS.templateWrite,
  tags: TAGS,
  summary: 'Replace a topic template of your own',
  description: 'A body without `kafkaClusterId` keeps the template’s scope; `null` makes it global. Built-in templates are a 409.',
  request: { params: TopicTemplateIdParamsSchema, body: { required: true, ...json(TopicTemplateUpdateSchema) } },
  responses: { 200: { description: 'Saved', ...json(TopicTemplateSchema) }, ...errorResponses(400, 404, 409) },
});

const remove = apiRoute({
  method: 'delete',
  path: '/topic-templates/{id}',
  permission: PERMISSIONS.templateWrite,
  tags: TAGS,
  summary: 'Delete a topic template of your own',
  description: 'Topics made from it stay as they are. Built-in templates are a 409.',
  request: { params: TopicTemplateIdParamsSchema },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(404, 409) },
});

/** A stored template the caller may reach: one of a Kafka cluster outside the caller's grant is a 403. */
async function reachableStored(c: Context<AppEnv>, db: Db, id: string) {
  const row = await getStoredTopicTemplate(db, id);
  if (!row) throw ApiError.notFound(`Topic template "${id}" does not exist`);
  assertScopeAccess(requirePrincipal(c), 'kafka', row.kafkaClusterId);
  return row;
}

async function assertWritableScope(c: Context<AppEnv>, db: Db, scope: string | null | undefined) {
  if (scope === undefined || scope === null) return;
  await assertScopeRegistered(db, 'kafka', scope, 'kafkaClusterId');
  assertScopeAccess(requirePrincipal(c), 'kafka', scope);
}

/** Mounted under /api/v1. */
export function topicTemplateRoutes(db: Db) {
  return createRouter()
    .openapi(list, async (c) => {
      const principal = requirePrincipal(c);
      const { cluster } = c.req.valid('query');
      if (cluster !== undefined) {
        await assertScopeRegistered(db, 'kafka', cluster, 'cluster');
        assertClusterAccess(principal, 'kafka', cluster);
      }
      const stored = (await listStoredTopicTemplates(db, cluster)).filter((row) => scopeVisible(principal, 'kafka', row.kafkaClusterId));
      return c.json({ items: [...TOPIC_TEMPLATES.map(builtInView), ...stored.map(storedView)] }, 200);
    })
    .openapi(create, async (c) => {
      const template = c.req.valid('json');
      await assertWritableScope(c, db, template.kafkaClusterId);
      return c.json(storedView(await createTopicTemplate(db, auditActorOf(c), template)), 201);
    })
    .openapi(one, async (c) => {
      const { id } = c.req.valid('param');
      const builtIn = findTemplate(id);
      return c.json(builtIn ? builtInView(builtIn) : storedView(await reachableStored(c, db, id)), 200);
    })
    .openapi(update, async (c) => {
      const { id } = c.req.valid('param');
      const template = c.req.valid('json');
      refuseBuiltIn(id);
      await reachableStored(c, db, id);
      await assertWritableScope(c, db, template.kafkaClusterId);
      return c.json(storedView(await updateTopicTemplate(db, auditActorOf(c), id, template)), 200);
    })
    .openapi(remove, async (c) => {
      const { id } = c.req.valid('param');
      refuseBuiltIn(id);
      await reachableStored(c, db, id);
      await deleteTopicTemplate(db, auditActorOf(c), id);
      return c.body(null, 204);
    });
}
