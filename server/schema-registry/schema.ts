import { z } from '@hono/zod-openapi';

const masked = z.string().openapi({ description: 'Always the mask `********`: stored secrets are never returned', example: '********' });
const secretInput = (description: string) => z.string().min(1).openapi({ format: 'password', description });

export const COMPATIBILITY_LEVELS = ['NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'] as const;
export const SCHEMA_TYPES = ['AVRO', 'PROTOBUF', 'JSON'] as const;
export const MAX_SUBJECT_PAGE_SIZE = 500;

export const RegistryIdParamsSchema = z.object({
  registryId: z.string().min(1).openapi({ param: { name: 'registryId', in: 'path' }, example: 'local' }),
});
const subjectParam = z.string().min(1).max(1000).openapi({ param: { name: 'subject', in: 'path' }, example: 'orders-value' });
export const SubjectParamsSchema = RegistryIdParamsSchema.extend({ subject: subjectParam });
export const VersionParamsSchema = SubjectParamsSchema.extend({
  version: z
    .string()
    .regex(/^(latest|[1-9]\d{0,8})$/, 'must be a version number or "latest"')
    .openapi({ param: { name: 'version', in: 'path' }, example: '1' }),
});
export const SchemaIdParamsSchema = RegistryIdParamsSchema.extend({
  schemaId: z.coerce.number().int().min(0).openapi({ param: { name: 'schemaId', in: 'path' }, example: 1 }),
});

export const SchemaRegistrySchema = z
  .object({
    id: z.string().openapi({ example: 'local' }),
    name: z.string(),
    url: z.string().openapi({ description: 'Base URL of the Confluent-compatible API', example: 'http://127.0.0.1:8081/apis/ccompat/v7' }),
    kafkaClusterId: z.string().nullable().openapi({ description: 'The Kafka cluster whose messages this registry encodes' }),
    auth: z
      .union([z.object({ kind: z.literal('basic'), username: z.string(), password: masked }), z.object({ kind: z.literal('bearer'), token: masked })])
      .nullable(),
    tls: z.object({ caPem: z.string().nullable(), rejectUnauthorized: z.boolean() }).nullable(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    updatedAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('SchemaRegistry');

export const SchemaRegistryListSchema = z.object({ items: z.array(SchemaRegistrySchema) }).openapi('SchemaRegistryList');

export const CreateSchemaRegistrySchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a slug: lower-case letters, digits and hyphens, starting with a letter or digit, at most 63 characters')
      .openapi({ example: 'local' }),
    name: z.string().trim().min(1).max(200),
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).openapi({
      description: 'Base URL of the Confluent-compatible API: the registry\'s root for Confluent, Karapace and Redpanda; `…/apis/ccompat/v7` for Apicurio',
    }),
    kafkaClusterId: z.string().min(1).nullable().optional().openapi({ description: 'The registered Kafka cluster whose topics this registry\'s schemas encode' }),
    auth: z
      .union([
        z.object({ kind: z.literal('basic'), username: z.string().min(1), password: secretInput('Basic auth password') }),
        z.object({ kind: z.literal('bearer'), token: secretInput('Bearer token') }),
      ])
      .nullable()
      .optional(),
    tls: z
      .object({ caPem: z.string().min(1).optional(), rejectUnauthorized: z.boolean().optional() })
      .nullable()
      .optional()
      .openapi({ description: 'For an https registry: a private CA (PEM), and whether to verify its certificate (default true)' }),
  })
  .openapi('CreateSchemaRegistry');
export type SchemaRegistryInput = z.infer<typeof CreateSchemaRegistrySchema>;

export const SubjectsQuerySchema = z.object({
  search: z.string().max(1000).optional().openapi({ description: 'Case-insensitive part of the subject name' }),
  page: z.coerce.number().int().min(1).default(1),
  size: z.coerce.number().int().min(1).max(MAX_SUBJECT_PAGE_SIZE).default(50),
});

export const SubjectSummarySchema = z
  .object({
    subject: z.string(),
    latestVersion: z.number().int().nullable(),
    schemaId: z.number().int().nullable(),
    schemaType: z.enum(SCHEMA_TYPES).nullable(),
  })
  .openapi('SubjectSummary');

export const SubjectPageSchema = z
  .object({
    items: z.array(SubjectSummarySchema),
    total: z.number().int(),
    page: z.number().int(),
    size: z.number().int(),
    globalCompatibility: z.string().nullable(),
    registryRequests: z.number().int().openapi({ description: 'Requests this page cost the registry (0 when served from the short cache)' }),
  })
  .openapi('SubjectPage', { description: 'Built from two bulk calls (all subject names, latest schemas) cached for a few seconds; never one request per subject.' });

const ReferenceSchema = z.object({ name: z.string(), subject: z.string(), version: z.number().int() });

export const SubjectVersionSchema = z
  .object({
    subject: z.string(),
    version: z.number().int(),
    id: z.number().int(),
    schemaType: z.enum(SCHEMA_TYPES),
    schema: z.string(),
    references: z.array(ReferenceSchema),
  })
  .openapi('SubjectVersion');

export const SubjectDetailSchema = z
  .object({
    subject: z.string(),
    versions: z.array(z.number().int()),
    latest: SubjectVersionSchema,
    compatibility: z.string().nullable().openapi({ description: 'Set on this subject; null when it inherits the global level' }),
    globalCompatibility: z.string().nullable(),
  })
  .openapi('SubjectDetail');

export const DiffQuerySchema = z.object({
  from: z.string().regex(/^[1-9]\d{0,8}$/, 'must be a version number'),
  to: z.string().regex(/^(latest|[1-9]\d{0,8})$/, 'must be a version number or "latest"'),
});

export const SchemaDiffSchema = z
  .object({
    subject: z.string(),
    from: SubjectVersionSchema,
    to: SubjectVersionSchema,
    /** Line diff of the pretty-printed schemas, for a side-by-side view. */
    lines: z.array(z.object({ kind: z.enum(['same', 'added', 'removed']), left: z.string().nullable(), right: z.string().nullable() })),
  })
  .openapi('SchemaDiff');

export const SchemaByIdSchema = z
  .object({
    id: z.number().int(),
    schemaType: z.enum(SCHEMA_TYPES),
    schema: z.string(),
    references: z.array(ReferenceSchema),
    subjects: z.array(z.object({ subject: z.string(), version: z.number().int() })),
  })
  .openapi('SchemaById');

export const CompatibilitySchema = z.object({ compatibility: z.string().nullable() }).openapi('Compatibility');
export const SetCompatibilitySchema = z.object({ compatibility: z.enum(COMPATIBILITY_LEVELS) }).openapi('SetCompatibility');

export const SchemaInputSchema = z
  .object({
    schema: z.string().min(1).max(1024 * 1024).openapi({ description: 'The schema text (Avro JSON, .proto text or JSON Schema)' }),
    schemaType: z.enum(SCHEMA_TYPES).default('AVRO'),
    references: z.array(z.object({ name: z.string().min(1), subject: z.string().min(1), version: z.number().int().min(1) })).optional(),
  })
  .openapi('SchemaInput');

export const CompatibilityCheckSchema = z
  .object({ isCompatible: z.boolean(), messages: z.array(z.string()).openapi({ description: 'The registry\'s own reasons' }) })
  .openapi('CompatibilityCheck');

export const RegisteredSchema = z.object({ id: z.number().int(), version: z.number().int().nullable() }).openapi('RegisteredSchema');

export const DeleteSubjectQuerySchema = z.object({
  permanent: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .openapi({ description: 'Hard delete (only after a soft one, as the registry requires)' }),
});
export const DeleteSubjectBodySchema = z.object({ confirm: z.string().openapi({ description: 'The subject name again' }) });
export const VersionNumberParamsSchema = SubjectParamsSchema.extend({
  version: z.coerce.number().int().min(1).openapi({ param: { name: 'version', in: 'path' }, example: 1 }),
});

export const RegistryHealthSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    kafkaClusterId: z.string().nullable(),
    status: z.enum(['up', 'down']).openapi({ description: 'down: the registry did not answer its global level within the timeout, or answered an error' }),
    latencyMs: z.number().nullable().openapi({ description: 'How long the registry took to answer' }),
    globalCompatibility: z.string().nullable(),
    error: z.string().optional(),
  })
  .openapi('SchemaRegistryHealth');
export const DeletedVersionsSchema = z.object({ versions: z.array(z.number().int()) }).openapi('DeletedVersions');
