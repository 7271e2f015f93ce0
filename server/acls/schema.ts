import { z } from '@hono/zod-openapi';
import { kafkaIdParam } from '../brokers/schema';
import { ACL_OPERATIONS, ACL_PATTERN_TYPES, ACL_PERMISSION_TYPES, ACL_RESOURCE_TYPES } from '../kafka/protocol';
import { BINDING_OPERATIONS, BINDING_PATTERN_TYPES, BINDING_PERMISSION_TYPES, BINDING_RESOURCE_TYPES, bindingProblem, PRINCIPAL_PATTERN } from './rules';

export const MAX_ACL_PAGE_SIZE = 500;

export const AclParamsSchema = z.object({ kafkaId: kafkaIdParam });

const principal = z
  .string()
  .max(512)
  .regex(PRINCIPAL_PATTERN, 'must look like "User:<name>" ("User:*" for every user)')
  .openapi({ example: 'User:orders-service', description: 'Kafka principal: `User:<name>`, `User:*` for every user' });
const host = z.string().min(1).max(64).openapi({ example: '*', description: '`*` (any host) or one IP address' });
const resourceName = z.string().min(1).max(1000).openapi({ example: 'orders', description: 'Resource name, or prefix with patternType PREFIXED; `*` (LITERAL) is every resource of the type' });
const resourceType = z.enum(BINDING_RESOURCE_TYPES).openapi({ example: 'TOPIC' });
const patternType = z.enum(BINDING_PATTERN_TYPES).openapi({ example: 'LITERAL', description: 'LITERAL: the exact name (or `*`); PREFIXED: every name starting with it' });
const operation = z.enum(BINDING_OPERATIONS).openapi({ example: 'READ' });
const permissionType = z.enum(BINDING_PERMISSION_TYPES).openapi({ example: 'ALLOW' });

export const AclBindingSchema = z
  .object({
    principal: z.string(),
    host: z.string(),
    operation: z.enum(ACL_OPERATIONS),
    permissionType: z.enum(ACL_PERMISSION_TYPES),
    resourceType: z.enum(ACL_RESOURCE_TYPES),
    resourceName: z.string(),
    patternType: z.enum(ACL_PATTERN_TYPES),
  })
  .openapi('AclBinding', { description: 'One ACL binding as the broker holds it' });

export const AclListQuerySchema = z.object({
  principal: z.string().max(512).optional().openapi({ description: 'Exactly this principal', example: 'User:orders-service' }),
  resourceType: resourceType.optional(),
  resourceName: z.string().min(1).max(1000).optional().openapi({ description: 'With patternType: the name to match', example: 'orders' }),
  patternType: z.enum([...BINDING_PATTERN_TYPES, 'MATCH']).optional().openapi({
    description: 'LITERAL or PREFIXED: bindings stored with exactly that name and type. MATCH (with resourceName): every binding that applies to that resource, wildcard and prefixes included. Absent: any.',
  }),
  operation: operation.optional(),
  permissionType: permissionType.optional(),
  page: z.coerce.number().int().min(1).default(1).openapi({ description: '1-based' }),
  size: z.coerce.number().int().min(1).max(MAX_ACL_PAGE_SIZE).default(100),
});

export const AclPageSchema = z
  .object({ items: z.array(AclBindingSchema), total: z.number().int().openapi({ description: 'Bindings matching the filter, over all pages' }), page: z.number().int(), size: z.number().int() })
  .openapi('AclPage', { description: 'Sorted by resource type, resource name, principal and operation' });

export const CreateAclBodySchema = z
  .object({ principal, host: host.default('*'), operation, permissionType, resourceType, resourceName, patternType })
  .superRefine((binding, ctx) => {
    const problem = bindingProblem(binding);
    if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
  })
  .openapi('CreateAcl');

export const CreatedAclsSchema = z
  .object({ created: z.array(AclBindingSchema), dryRun: z.boolean() })
  .openapi('CreatedAcls', { description: 'The bindings created (or, with dryRun, that would be)' });

export const DeleteAclQuerySchema = z.object({
  principal,
  host: host.default('*'),
  operation,
  permissionType,
  resourceType,
  resourceName,
  patternType,
});

export const DeletedAclsSchema = z.object({ deleted: z.array(AclBindingSchema) }).openapi('DeletedAcls');

const topicName = z
  .string()
  .min(1)
  .max(249)
  .regex(/^[a-zA-Z0-9._-]+$/, 'a topic name has only a-z, A-Z, 0-9, ".", "_" and "-"')
  .openapi({ example: 'orders' });
const groupId = z.string().min(1).max(255).openapi({ example: 'orders-app' });
const common = { principal, host: host.optional() };
const templatePattern = z.enum(BINDING_PATTERN_TYPES).optional().openapi({ description: 'LITERAL (default) or PREFIXED' });

export const AclTemplateBodySchema = z
  .discriminatedUnion('template', [
    z.object({ template: z.literal('producer'), ...common, topic: topicName, patternType: templatePattern, transactionalId: z.string().min(1).max(255).optional() }),
    z.object({ template: z.literal('consumer'), ...common, topic: topicName, group: groupId, patternType: templatePattern }),
    z.object({ template: z.literal('connect-worker'), ...common, group: groupId, configTopic: topicName, offsetTopic: topicName, statusTopic: topicName }),
    z.object({ template: z.literal('debezium'), ...common, topicPrefix: topicName, schemaHistoryTopic: topicName.optional() }),
  ])
  .openapi('AclTemplateRequest', { description: 'A template and its fields (see `GET .../acls/templates`)' });

export const AclTemplateQuerySchema = z.object({
  dryRun: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional()
    .openapi({ description: '`true`: only answer which bindings the template stands for; nothing is created', example: 'true' }),
});

export const AclTemplateListSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.enum(['producer', 'consumer', 'connect-worker', 'debezium']),
        title: z.string(),
        description: z.string(),
        fields: z.array(z.object({ name: z.string(), required: z.boolean(), description: z.string() })),
      }),
    ),
  })
  .openapi('AclTemplateList');
