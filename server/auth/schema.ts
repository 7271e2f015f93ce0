import { z } from '@hono/zod-openapi';
import { ROLES } from '../db/tables';
import { ALL_PERMISSIONS } from './permissions';

export const RoleSchema = z.enum(ROLES).openapi('Role', {
  description: 'viewer: read; operator: viewer + operate and edit connectors and topics; admin: everything',
});

const ClusterIdSchema = z
  .string()
  .min(1)
  .max(108)
  .regex(/^(?:(?:kafka|connect):)?[A-Za-z0-9._-]{1,100}$/, 'must be kafka:<id>, connect:<id> or a cluster id (letters, digits, . _ -)');

/** Output form: null means every cluster. */
export const ClustersSchema = z
  .array(z.string())
  .nullable()
  .openapi({ description: 'Clusters the grant reaches, `kafka:<id>` or `connect:<id>` (a bare id, from older grants, reaches either kind); null means every cluster', example: null });

/** Input form: omitted or null means every cluster. */
export const ClustersInputSchema = z
  .array(ClusterIdSchema)
  .max(1000)
  .nullable()
  .optional()
  .openapi({ description: 'Clusters the grant reaches, `kafka:<id>` or `connect:<id>`; a bare id is stored as the kinds registered under it (both for `local`), or kept bare when none is. Omitted or null means every cluster' });

export const SessionUserSchema = z
  .object({
    id: z.string().openapi({ format: 'uuid' }),
    username: z.string(),
    role: RoleSchema,
    clusters: ClustersSchema,
  })
  .openapi('SessionUser');

export const SessionSchema = z
  .object({
    user: SessionUserSchema,
    csrfToken: z.string().openapi({ description: 'Send as the X-CSRF-Token header on every cookie-authenticated write' }),
  })
  .openapi('Session');

export const LoginSchema = z
  .object({
    username: z.string().min(1).max(200),
    password: z.string().min(1).max(1024),
  })
  .openapi('Login');

export const MeSchema = z
  .object({
    kind: z.enum(['user', 'token']),
    id: z.string(),
    name: z.string().openapi({ description: 'Username, or the API token name' }),
    role: RoleSchema,
    clusters: ClustersSchema,
    permissions: z.array(z.enum(ALL_PERMISSIONS as [string, ...string[]])).openapi({ description: 'What this caller may do' }),
  })
  .openapi('Me');

/** Sorted and without duplicates, so equal grants compare equal; undefined becomes null (every cluster). */
export function normalizeClusters(clusters: readonly string[] | null | undefined): string[] | null {
  return clusters == null ? null : [...new Set(clusters)].sort();
}
