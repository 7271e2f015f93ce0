import { z } from '@hono/zod-openapi';
import { ConnectorConfigSchema } from '../connectors/schema';

const connectIdParam = z.string().min(1).openapi({ param: { name: 'connectId', in: 'path' }, example: 'local', description: 'Connect cluster id' });

export const PluginParamsSchema = z.object({
  connectId: connectIdParam,
  class: z
    .string()
    .min(1)
    .openapi({ param: { name: 'class', in: 'path' }, example: 'org.apache.kafka.connect.file.FileStreamSourceConnector', description: 'Plugin class or alias' }),
});

const PluginInfoSchema = z.object({
  class: z.string(),
  type: z.string().openapi({ description: 'source, sink, converter, header_converter, transformation, predicate…' }),
  version: z.string().nullable(),
});

export const ClusterPluginsSchema = z
  .object({
    workers: z.array(
      z.object({
        url: z.string(),
        status: z.enum(['up', 'down']),
        error: z.string().optional(),
        plugins: z.array(PluginInfoSchema).openapi({ description: 'What this worker lists (`GET /connector-plugins?connectorsOnly=false`)' }),
      }),
    ),
    plugins: z.array(
      z.object({
        class: z.string(),
        type: z.string(),
        versions: z.array(z.string()).openapi({ description: 'Versions across workers; more than one is drift' }),
        workers: z.array(z.string()).openapi({ description: 'Worker URLs that list it' }),
        onEveryWorker: z.boolean().openapi({ description: 'False when some answering worker lacks it' }),
      }),
    ),
  })
  .openapi('ClusterPlugins', { description: 'Plugins per worker, and lined up by class so drift between workers shows' });

const ConfigKeySchema = z
  .object({
    name: z.string(),
    type: z.string().openapi({ description: 'BOOLEAN, CLASS, DOUBLE, INT, LIST, LONG, PASSWORD, SHORT, STRING' }),
    required: z.boolean(),
    defaultValue: z.string().nullable(),
    importance: z.string().nullable().openapi({ description: 'HIGH, MEDIUM, LOW' }),
    documentation: z.string().nullable(),
    group: z.string().nullable(),
    orderInGroup: z.number().int().nullable(),
    width: z.string().nullable().openapi({ description: 'NONE, SHORT, MEDIUM, LONG: how wide an input field should be' }),
    displayName: z.string().nullable(),
    dependents: z.array(z.string()).openapi({ description: 'Keys whose validity depends on this one' }),
  })
  .openapi('ConfigKeyDefinition');

export const PluginDefinitionSchema = z
  .object({
    connectorClass: z.string(),
    groups: z.array(z.string()).openapi({ description: 'Group names in display order' }),
    keys: z.array(ConfigKeySchema).openapi({ description: 'Sorted by group, then order within the group' }),
  })
  .openapi('PluginDefinition');

export const ValidateBodySchema = z
  .object({
    config: ConnectorConfigSchema,
    connector: z
      .string()
      .optional()
      .openapi({ description: 'When editing an existing connector: its name, so `********` values are checked with the stored secrets' }),
    create: z
      .boolean()
      .optional()
      .openapi({ description: 'Validating a new connector: a connector already named like `config.name` is an error on `name` (`nameTaken`)' }),
  })
  .openapi('ValidateConfig');

export const ValidationSchema = z
  .object({
    connectorClass: z.string(),
    errorCount: z.number().int(),
    groups: z.array(z.string()),
    fields: z.array(
      z.object({
        name: z.string(),
        value: z.string().nullable().openapi({ description: 'Secrets masked' }),
        errors: z.array(z.string()),
        recommendedValues: z.array(z.string()),
        visible: z.boolean(),
        definition: ConfigKeySchema,
      }),
    ),
    problems: z
      .array(
        z.object({
          field: z.string().openapi({ example: 'database.hostname' }),
          message: z.string().openapi({ example: "Unable to connect: Access denied for user 'connectory'@'localhost' (using password: YES)" }),
          hint: z.string().nullable().openapi({ description: 'What a well-known error usually means and what to do' }),
          connection: z.boolean().openapi({ description: 'Reaching or signing in to the external system failed: about the connection settings as a whole, whichever field the plugin named' }),
          missing: z.boolean().openapi({ description: 'The field needs a value and has none' }),
        }),
      )
      .openapi({ description: 'Every error of `fields`, one per message, in field order' }),
    nameTaken: z.boolean().openapi({ description: 'With `create`: a connector by this name exists (also an error on `name`)' }),
    warnings: z
      .array(
        z.object({
          field: z.string().openapi({ example: 'database.server.id' }),
          connector: z.string().openapi({ description: 'The other connector that uses the same value' }),
          message: z.string(),
        }),
      )
      .openapi({ description: 'Settings another connector on the cluster already uses (server id, topic prefix, replication slot, publication): not errors, but the two connectors would break each other' }),
  })
  .openapi('ConfigValidation');
