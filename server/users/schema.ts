import { z } from '@hono/zod-openapi';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../auth/passwords';
import { ClustersInputSchema, ClustersSchema, RoleSchema } from '../auth/schema';

const PasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH)
  .openapi({ format: 'password' });

/** Usernames are compared in lower case, so `Alice` and `alice` are one user. */
const UsernameSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, 'may hold letters, digits and . _ @ - (starting with a letter or digit)')
  .transform((name) => name.toLowerCase())
  .openapi({ example: 'alice' });

export const UserSchema = z
  .object({
    id: z.string().openapi({ format: 'uuid' }),
    username: z.string(),
    role: RoleSchema,
    clusters: ClustersSchema,
    disabled: z.boolean(),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('User');

export const UserListSchema = z.object({ items: z.array(UserSchema) }).openapi('UserList');

export const CreateUserSchema = z
  .object({ username: UsernameSchema, password: PasswordSchema, role: RoleSchema, clusters: ClustersInputSchema })
  .openapi('CreateUser');

export const UpdateUserSchema = z
  .object({ role: RoleSchema.optional(), clusters: ClustersInputSchema, password: PasswordSchema.optional(), disabled: z.boolean().optional() })
  .openapi('UpdateUser', { description: 'Only the fields sent change. Disabling a user or changing their password ends their sessions.' });

export const UserIdParamsSchema = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
});

export type UserView = z.infer<typeof UserSchema>;
export type CreateUserInput = z.infer<typeof CreateUserSchema>;
export type UpdateUserInput = z.infer<typeof UpdateUserSchema>;
