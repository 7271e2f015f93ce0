import { z } from '@hono/zod-openapi';
import { ClustersInputSchema, ClustersSchema, RoleSchema } from '../auth/schema';

export const CreateTokenSchema = z
  .object({
    name: z.string().trim().min(1).max(100).openapi({ example: 'ci-deploy' }),
    role: RoleSchema,
    clusters: ClustersInputSchema,
    expiresAt: z.iso.datetime({ offset: true }).optional().openapi({ example: '2030-01-01T00:00:00Z' }),
  })
  .openapi('CreateToken');

const tokenFields = {
  id: z.string().openapi({ format: 'uuid' }),
  name: z.string(),
  role: RoleSchema,
  clusters: ClustersSchema,
  expiresAt: z.string().nullable().openapi({ format: 'date-time', description: 'null: never expires' }),
  createdAt: z.string().openapi({ format: 'date-time' }),
};

export const CreatedTokenSchema = z
  .object({
    ...tokenFields,
    token: z.string().openapi({ description: 'The secret: shown only in this response, stored only as a hash', example: 'cty_…' }),
  })
  .openapi('CreatedToken');

export const TokenSchema = z
  .object({
    ...tokenFields,
    createdBy: z.string().nullable().openapi({ description: 'Username of the creator (null when that user was deleted)' }),
    lastUsedAt: z.string().nullable().openapi({ format: 'date-time', description: 'Updated at most once a minute' }),
    revokedAt: z.string().nullable().openapi({ format: 'date-time' }),
  })
  .openapi('Token');

export const TokenListSchema = z.object({ items: z.array(TokenSchema) }).openapi('TokenList');

export const TokenIdParamsSchema = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
});

export type CreateTokenInput = z.infer<typeof CreateTokenSchema>;
export type TokenView = z.infer<typeof TokenSchema>;
export type CreatedTokenView = z.infer<typeof CreatedTokenSchema>;
