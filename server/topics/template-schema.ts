/**
 * Topic templates in the API: the built-in ones (read-only, server/topics/templates.ts) and users' own (stored,
 * for every Kafka cluster or one). Both list in one shape so the create form offers them alike.
 */
import { z } from '@hono/zod-openapi';
import { scopeIdField, TemplateIdSchema } from '../templates/schema';

export const TopicTemplateSchema = z
  .object({
    id: z.string().openapi({ example: 'cdc-changelog' }),
    name: z.string().openapi({ example: 'CDC changelog' }),
    description: z.string(),
    partitions: z.number().int(),
    replicationFactor: z.number().int().openapi({ description: 'Wanted on a production cluster; capped at the broker count when applied' }),
    minInsyncFromReplication: z.boolean().openapi({ description: 'min.insync.replicas is set to replicationFactor - 1 (at least 1) when applied' }),
    configs: z.record(z.string(), z.string()),
    rationale: z.record(z.string(), z.string()).openapi({ description: 'Why each config is set as it is (built-in templates)' }),
    builtIn: z.boolean().openapi({ description: 'Comes with Connectory and cannot be changed or deleted; false for templates saved by users' }),
    kafkaClusterId: z.string().nullable().openapi({ description: 'The Kafka cluster the template is for; null: every cluster' }),
    createdAt: z.string().nullable().openapi({ format: 'date-time', description: 'Null for built-in templates' }),
    updatedAt: z.string().nullable().openapi({ format: 'date-time', description: 'Null for built-in templates' }),
  })
  .openapi('TopicTemplate');

export const TopicTemplateListSchema = z.object({ items: z.array(TopicTemplateSchema) }).openapi('TopicTemplateList');

export const TopicTemplateListQuerySchema = z.object({
  cluster: z
    .string()
    .min(1)
    .optional()
    .openapi({ description: 'A Kafka cluster id: only the templates usable there (built-in, global and that cluster’s). Unknown: 400.', example: 'local' }),
});

export const TopicTemplateIdParamsSchema = z.object({ id: TemplateIdSchema.openapi({ param: { name: 'id', in: 'path' } }) });

/** A Kafka config name; whether the cluster knows it is checked when a topic is created from the template. */
const configName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a Kafka config name (letters, digits, ".", "_", "-")');

const topicTemplateFields = {
  name: z.string().trim().min(1).max(200).openapi({ example: 'Orders events' }),
  description: z.string().max(4000).default(''),
  kafkaClusterId: scopeIdField('The Kafka cluster the template is for (its id); `null` for every cluster. Absent: every cluster on create, the current scope kept on replace.'),
  partitions: z.number().int().min(1).max(100_000).openapi({ example: 6 }),
  replicationFactor: z.number().int().min(1).max(32_767).openapi({ description: 'Capped at the broker count when applied', example: 3 }),
  configs: z
    .record(configName, z.string().max(10_000))
    .default({})
    .openapi({ description: 'Topic configs the template sets; checked against the cluster when a topic is created from it', example: { 'retention.ms': '604800000' } }),
};

export const NewTopicTemplateSchema = z.object({ id: TemplateIdSchema, ...topicTemplateFields }).openapi('NewTopicTemplate');
export const TopicTemplateUpdateSchema = z.object(topicTemplateFields).openapi('TopicTemplateUpdate');

export type NewTopicTemplate = z.infer<typeof NewTopicTemplateSchema>;
export type TopicTemplateUpdate = z.infer<typeof TopicTemplateUpdateSchema>;
export type TopicTemplateView = z.infer<typeof TopicTemplateSchema>;
