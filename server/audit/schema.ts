import { z } from '@hono/zod-openapi';
import { ACTOR_KINDS, AUDIT_OUTCOMES } from '../db/tables';

export const MAX_AUDIT_PAGE_SIZE = 200;

const filterText = z.string().min(1).max(200).optional();

export const AuditQuerySchema = z.object({
  actor: filterText.openapi({ description: 'Username or token name, exact' }),
  action: filterText.openapi({ description: 'Exact action (`user.create`), or a prefix ending in `.` (`user.`)', example: 'token.revoke' }),
  clusterId: filterText,
  objectType: filterText.openapi({ example: 'connector' }),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  from: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Entries at or after this time' }),
  to: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Entries before this time' }),
  page: z.coerce.number().int().min(1).default(1).openapi({ description: '1-based' }),
  size: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE_SIZE).default(50),
});

export const AuditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.string().openapi({ format: 'date-time' }),
    actor: z.string(),
    actorKind: z.enum(ACTOR_KINDS),
    sourceIp: z.string().nullable(),
    action: z.string().openapi({ example: 'connector.pause' }),
    clusterId: z.string().nullable(),
    objectType: z.string().nullable(),
    objectId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).nullable().openapi({ description: 'What changed; secret values are masked' }),
    outcome: z.enum(AUDIT_OUTCOMES),
  })
  .openapi('AuditEntry');

export const AuditPageSchema = z
  .object({ items: z.array(AuditEntrySchema), total: z.number().int() })
  .openapi('AuditPage', { description: 'Newest first' });

export type AuditQuery = z.infer<typeof AuditQuerySchema>;
export type AuditEntryView = z.infer<typeof AuditEntrySchema>;
