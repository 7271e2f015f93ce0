/**
 * The connector template format: ONE schema, used by the templates API and by the catalog's YAML files
 * (catalog entries carry config templates in the same shape).
 *
 * A template is a connector config whose values may hold `${name}` blanks, each declared as a placeholder.
 * Config-provider references such as `${file:/etc/secrets.properties:password}` contain a colon and are left
 * alone, so templates can use them. Templates never hold secrets: a key that looks secret must be filled by a
 * placeholder, and secret placeholders have no default.
 */
import { z } from '@hono/zod-openapi';
import { isSecretKey } from '../secrets/masking';

/** `${name}`: a letter or underscore, then letters, digits, `_`, `.` or `-`. */
export const PLACEHOLDER_PATTERN = /\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}/g;

export function placeholdersIn(value: string): string[] {
  return [...value.matchAll(PLACEHOLDER_PATTERN)].map((match) => match[1]!);
}

export const TemplateIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a slug: lower-case letters, digits and hyphens, at most 63 characters')
  .openapi({ example: 'postgres-cdc' });

/** Values a template can generate per connector, where one shared default would break the second connector. */
export const GENERATORS = ['server-id'] as const;

export const PlaceholderSchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'must start with a letter or _ and hold only letters, digits, _ . -')
      .openapi({ example: 'database.hostname' }),
    description: z.string().default('').openapi({ example: 'Host name of the PostgreSQL server' }),
    default: z.string().optional().openapi({ description: 'Used when no value is given; never for a secret' }),
    secret: z.boolean().optional().openapi({ description: 'A password or similar: masked wherever it is shown, no default allowed' }),
    required: z.boolean().default(true).openapi({ description: 'Rendering fails without a value (or default)' }),
    generate: z
      .enum(GENERATORS)
      .optional()
      .openapi({
        description:
          'Left blank, a fresh value is generated for each connector: `server-id` is a random MySQL/MariaDB replication server id, since two connectors with one id drop each other as replicas. Needs no default.',
      }),
  })
  .openapi('TemplatePlaceholder');

const templateFields = {
  name: z.string().trim().min(1).max(200).openapi({ example: 'PostgreSQL CDC (Debezium)' }),
  description: z.string().max(4000).default(''),
  connectorClass: z.string().min(1).openapi({ example: 'io.debezium.connector.postgresql.PostgresConnector' }),
  config: z
    .record(z.string(), z.string())
    .openapi({
      description: 'Connector config with `${placeholder}` blanks',
      example: { 'database.hostname': '${database.hostname}', 'database.password': '${database.password}', 'tasks.max': '1' },
    }),
  placeholders: z.array(PlaceholderSchema).default([]),
};

type TemplateFields = { connectorClass: string; config: Record<string, string>; placeholders: z.infer<typeof PlaceholderSchema>[] };

/** The rules a shape alone cannot say; each problem names its field. */
function checkTemplate(template: TemplateFields, ctx: z.RefinementCtx): void {
  const declared = new Map<string, z.infer<typeof PlaceholderSchema>>();
  template.placeholders.forEach((placeholder, index) => {
    if (declared.has(placeholder.name)) ctx.addIssue({ code: 'custom', path: ['placeholders', index, 'name'], message: `"${placeholder.name}" is declared twice` });
    if (placeholder.secret && placeholder.default !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['placeholders', index, 'default'], message: 'a secret placeholder cannot have a default: templates hold no secrets' });
    }
    if (placeholder.generate && placeholder.default !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['placeholders', index, 'default'], message: 'a generated placeholder has no default: one shared value is what generating avoids' });
    }
    declared.set(placeholder.name, placeholder);
  });
  for (const [key, value] of Object.entries(template.config)) {
    const used = placeholdersIn(value);
    for (const name of used.filter((name) => !declared.has(name))) {
      ctx.addIssue({ code: 'custom', path: ['config', key], message: `uses \${${name}}, which is not declared in placeholders` });
    }
    if (isSecretKey(key) && value !== '' && used.length === 0 && !value.includes('${')) {
      ctx.addIssue({ code: 'custom', path: ['config', key], message: 'looks secret: fill it with a ${placeholder} (templates hold no secrets)' });
    }
  }
  const configuredClass = template.config['connector.class'];
  if (configuredClass !== undefined && configuredClass !== template.connectorClass) {
    ctx.addIssue({ code: 'custom', path: ['config', 'connector.class'], message: `differs from connectorClass "${template.connectorClass}"` });
  }
}

/** A template without its id: the body of `PUT /templates/{id}`, and the form catalog entries embed. */
export const TemplateBodySchema = z.object(templateFields).superRefine(checkTemplate).openapi('TemplateBody');

export const TemplateSchema = z
  .object({ id: TemplateIdSchema, ...templateFields })
  .superRefine(checkTemplate)
  .openapi('ConnectorTemplate', { description: 'A reusable connector config with `${placeholder}` blanks' });

export type TemplateBody = z.infer<typeof TemplateBodySchema>;
export type Template = z.infer<typeof TemplateSchema>;

// ---------------------------------------------------------------------------------------------- API shapes

/**
 * Sharing belongs to the API's templates only, not to the format the catalog embeds (a catalog template is for
 * every cluster), so it is a field of these shapes rather than of TemplateSchema.
 */
export function scopeIdField(description: string) {
  return z.string().min(1).nullable().optional().openapi({ description, example: 'local' });
}

const scopeField = {
  connectClusterId: scopeIdField(
    'The Connect cluster the template is for (its id); `null` for every cluster. Absent: every cluster on create, the current scope kept on replace (an older client does not widen a template by leaving the field out).',
  ),
};

/** The body of `POST /templates`. */
export const NewTemplateSchema = z
  .object({ id: TemplateIdSchema, ...templateFields, ...scopeField })
  .superRefine(checkTemplate)
  .openapi('NewConnectorTemplate', { description: 'A reusable connector config with `${placeholder}` blanks, for every cluster or one' });

/** The body of `PUT /templates/{id}`. */
export const TemplateUpdateSchema = z.object({ ...templateFields, ...scopeField }).superRefine(checkTemplate).openapi('ConnectorTemplateUpdate');

export type NewTemplate = z.infer<typeof NewTemplateSchema>;
export type TemplateUpdate = z.infer<typeof TemplateUpdateSchema>;

export const TemplateViewSchema = z
  .object({
    id: z.string(),
    ...templateFields,
    connectClusterId: z.string().nullable().openapi({ description: 'The Connect cluster the template is for; null: every cluster' }),
    createdAt: z.string().openapi({ format: 'date-time' }),
    updatedAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('ConnectorTemplateView');

export const TemplateListSchema = z.object({ items: z.array(TemplateViewSchema) }).openapi('ConnectorTemplateList');

export const TemplateListQuerySchema = z.object({
  cluster: z
    .string()
    .min(1)
    .optional()
    .openapi({ description: 'A Connect cluster id: only the templates usable there (global ones and that cluster’s). Unknown: 400.', example: 'local' }),
});

export const TemplateIdParamsSchema = z.object({ id: TemplateIdSchema.openapi({ param: { name: 'id', in: 'path' } }) });

export const RenderBodySchema = z
  .object({
    values: z
      .record(z.string(), z.string())
      .default({})
      .openapi({ description: 'Placeholder values by name', example: { 'database.hostname': 'db.example.com', 'database.password': 's3cret' } }),
  })
  .openapi('RenderTemplate');

export const RenderedSchema = z
  .object({
    config: z.record(z.string(), z.string()).openapi({
      description: 'The connector config, `connector.class` included. Secrets are masked here like in every response: the caller already has them.',
    }),
  })
  .openapi('RenderedTemplate');
