import { apiRoute } from '../auth/api-route';
import { PERMISSIONS } from '../auth/permissions';
import type { Db } from '../db';
import { errorResponses } from '../http/errors';
import { createRouter } from '../http/router';
import { queryAudit } from './query';
import { AuditPageSchema, AuditQuerySchema } from './schema';

const list = apiRoute({
  method: 'get',
  path: '/audit',
  permission: PERMISSIONS.auditRead,
  tags: ['Access'],
  summary: 'The audit log: every change, who made it, from where and with what outcome',
  request: { query: AuditQuerySchema },
  responses: {
    200: { description: 'A page of entries, newest first', content: { 'application/json': { schema: AuditPageSchema } } },
    ...errorResponses(400),
  },
});

/** Mounted under /api/v1. */
export function auditRoutes(db: Db) {
  return createRouter().openapi(list, async (c) => c.json(await queryAudit(db, c.req.valid('query')), 200));
}
