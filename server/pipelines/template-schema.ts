import { z } from '@hono/zod-openapi';
import { PlaceholderSchema } from '../templates/schema';

const PartSchema = z.object({ entry: z.string(), template: z.string(), connectorClass: z.string() });

export const PipelineTemplateListSchema = z
  .object({
    items: z.array(
      z
        .object({
          id: z.string(),
          name: z.string(),
          description: z.string(),
          source: PartSchema,
          sink: PartSchema,
          blanks: z.object({ source: z.array(PlaceholderSchema), sink: z.array(PlaceholderSchema) }).openapi({ description: "The blanks to fill, per part; defaults include the pipeline's own (e.g. names from the pipeline name)" }),
          wiring: z.record(z.string(), z.string()).openapi({ description: 'Sink blanks filled from the source: `${source.x}` is the source\'s value of x', example: { topics: '${source.topic_prefix}.${source.tables}' } }),
        })
        .openapi('PipelineTemplate'),
    ),
  })
  .openapi('PipelineTemplateList');

const values = z.record(z.string(), z.string());

export const CreatePipelineSchema = z
  .object({
    template: z.string().min(1).openapi({ example: 'mariadb-to-postgres' }),
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/, 'must start with a letter or digit and hold only letters, digits, . _ -')
      .openapi({ description: 'The pipeline: its connectors are `<name>-source` and `<name>-sink`', example: 'orders-to-warehouse' }),
    values: z.object({ source: values.optional(), sink: values.optional() }).openapi({ description: 'Blank values per part' }),
  })
  .openapi('CreatePipeline');

export const CreatedPipelineSchema = z
  .object({ template: z.string(), connectId: z.string(), source: z.string(), sink: z.string(), topics: z.string().nullable().openapi({ description: 'What the sink reads' }) })
  .openapi('CreatedPipeline');
