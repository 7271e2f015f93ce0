import { auditActorOf } from '../audit/actor';
import { apiRoute } from '../auth/api-route';
import { requirePrincipal } from '../auth/authorize';
import { PERMISSIONS } from '../auth/permissions';
import type { Db } from '../db';
import { errorResponses } from '../http/errors';
import { createRouter } from '../http/router';
import { CreatedTokenSchema, CreateTokenSchema, TokenIdParamsSchema, TokenListSchema } from './schema';
import { createToken, listTokens, revokeToken } from './service';

const TAGS = ['Access'];

const create = apiRoute({
  method: 'post',
  path: '/tokens',
  permission: PERMISSIONS.tokenManage,
  tags: TAGS,
  summary: 'Create an API token; the token itself is in this response only',
  description: "The token's role and clusters may not exceed its creator's.",
  request: { body: { required: true, content: { 'application/json': { schema: CreateTokenSchema } } } },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: CreatedTokenSchema } } },
    ...errorResponses(400),
  },
});

const list = apiRoute({
  method: 'get',
  path: '/tokens',
  permission: PERMISSIONS.tokenManage,
  tags: TAGS,
  summary: 'List API tokens (never the tokens themselves)',
  responses: { 200: { description: 'Tokens, newest first', content: { 'application/json': { schema: TokenListSchema } } } },
});

const revoke = apiRoute({
  method: 'delete',
  path: '/tokens/{id}',
  permission: PERMISSIONS.tokenManage,
  tags: TAGS,
  summary: 'Revoke an API token; it is refused from the next request on',
  request: { params: TokenIdParamsSchema },
  responses: { 204: { description: 'Revoked' }, ...errorResponses(404) },
});

/** Mounted under /api/v1. */
export function tokenRoutes(db: Db) {
  return createRouter()
    .openapi(create, async (c) => c.json(await createToken(db, requirePrincipal(c), auditActorOf(c), c.req.valid('json')), 201))
    .openapi(list, async (c) => c.json({ items: await listTokens(db) }, 200))
    .openapi(revoke, async (c) => {
      await revokeToken(db, auditActorOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    });
}
