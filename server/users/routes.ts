import { auditActorOf } from '../audit/actor';
import { apiRoute } from '../auth/api-route';
import { requirePrincipal } from '../auth/authorize';
import { PERMISSIONS } from '../auth/permissions';
import type { Db } from '../db';
import { errorResponses } from '../http/errors';
import { json } from '../http/openapi';
import { createRouter } from '../http/router';
import { CreateUserSchema, UpdateUserSchema, UserIdParamsSchema, UserListSchema, UserSchema } from './schema';
import { createUser, deleteUser, listUsers, updateUser } from './service';

const TAGS = ['Access'];

const list = apiRoute({
  method: 'get',
  path: '/users',
  permission: PERMISSIONS.userManage,
  tags: TAGS,
  summary: 'List local users',
  responses: { 200: { description: 'Users by name', ...json(UserListSchema) } },
});

const create = apiRoute({
  method: 'post',
  path: '/users',
  permission: PERMISSIONS.userManage,
  tags: TAGS,
  summary: 'Create a local user',
  request: { body: { required: true, ...json(CreateUserSchema) } },
  responses: { 201: { description: 'Created', ...json(UserSchema) }, ...errorResponses(400, 409) },
});

const update = apiRoute({
  method: 'patch',
  path: '/users/{id}',
  permission: PERMISSIONS.userManage,
  tags: TAGS,
  summary: "Change a user's role, clusters, password or disabled flag",
  description: 'Refused (409) for your own account when it would disable or demote you, and for the last enabled full administrator.',
  request: { params: UserIdParamsSchema, body: { required: true, ...json(UpdateUserSchema) } },
  responses: { 200: { description: 'Updated', ...json(UserSchema) }, ...errorResponses(400, 404, 409) },
});

const remove = apiRoute({
  method: 'delete',
  path: '/users/{id}',
  permission: PERMISSIONS.userManage,
  tags: TAGS,
  summary: 'Delete a user and end their sessions',
  description: 'Refused (409) for your own account and for the last enabled full administrator.',
  request: { params: UserIdParamsSchema },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(404, 409) },
});

/** Mounted under /api/v1. */
export function userRoutes(db: Db) {
  return createRouter()
    .openapi(list, async (c) => c.json({ items: await listUsers(db) }, 200))
    .openapi(create, async (c) => c.json(await createUser(db, auditActorOf(c), c.req.valid('json')), 201))
    .openapi(update, async (c) =>
      c.json(await updateUser(db, requirePrincipal(c), auditActorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
    )
    .openapi(remove, async (c) => {
      await deleteUser(db, requirePrincipal(c), auditActorOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    });
}
