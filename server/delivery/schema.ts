import { z } from '@hono/zod-openapi';
import { INSTALL_KINDS, INSTALL_STATES, INSTALL_STEP_KINDS, INSTALL_STEP_PHASES, INSTALL_STEP_STATES } from '../db/tables';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 (64 lower-case hex characters)');
const connectId = z.string().min(1).openapi({ param: { name: 'connectId', in: 'path' }, example: 'local' });

export const ConnectParamsSchema = z.object({ connectId });
export const OperationParamsSchema = z.object({ id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' }, example: '3f0c8a52-6f1e-4c59-9d0e-2f1d7a1c9b11' }) });

export const InstallBodySchema = z
  .union([
    z.object({
      catalog: z.object({
        id: z.string().min(1).openapi({ example: 'debezium-mariadb' }),
        version: z.string().min(1).openapi({ example: '3.5.0.Final' }),
      }),
      force: z.boolean().optional().openapi({
        description: "Install even when the version's Kafka range excludes the cluster's Kafka version (otherwise 400 `incompatible_version` on `catalog.version`)",
      }),
    }),
    z.object({
      artifact: sha256.openapi({ description: 'An uploaded artifact (POST /api/v1/artifacts)' }),
      name: z.string().min(1).optional().openapi({ description: "The plugin's folder name on the workers; defaults to the artifact's name" }),
    }),
  ])
  .openapi('InstallRequest', { description: 'A catalog version (downloaded from the Maven repository and checked against its sha512) or an uploaded artifact' });

export const UninstallBodySchema = z.object({ plugin: z.string().min(1).openapi({ example: 'debezium-mariadb' }) }).openapi('UninstallRequest');

export const AffectedConnectorSchema = z.object({ name: z.string(), class: z.string(), state: z.string() }).openapi('AffectedConnector');

export const StepSchema = z
  .object({
    position: z.number().int(),
    worker: z.string().openapi({ description: 'The worker URL' }),
    step: z.enum(INSTALL_STEP_KINDS),
    phase: z.enum(INSTALL_STEP_PHASES),
    state: z.enum(INSTALL_STEP_STATES),
    error: z.string().optional(),
    artifactSha256: z.string().optional(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .openapi('InstallStep');

export const OperationSchema = z
  .object({
    id: z.string(),
    connectId: z.string(),
    kind: z.enum(INSTALL_KINDS),
    state: z.enum(INSTALL_STATES),
    plugin: z.string(),
    version: z.string().nullable(),
    artifactSha256: z.string().nullable(),
    requestedBy: z.string(),
    error: z.string().optional(),
    affectedConnectors: z.array(AffectedConnectorSchema),
    previous: z.record(z.string(), z.string().nullable()).openapi({ description: "Each worker's artifact under this plugin name before the operation; null: none" }),
    classes: z.array(z.string()).openapi({ description: 'Classes each worker must list afterwards (or no longer list, for an uninstall)' }),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    steps: z.array(StepSchema),
  })
  .openapi('InstallOperation');

export const AcceptedSchema = OperationSchema.extend({
  warning: z.string().optional().openapi({ description: 'Set when connectors use the plugin being upgraded or removed' }),
}).openapi('InstallAccepted');

export const OperationPageSchema = z.object({ items: z.array(OperationSchema), total: z.number().int() }).openapi('InstallOperationPage');

export const PageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1).openapi({ param: { name: 'page', in: 'query' } }),
  size: z.coerce.number().int().min(1).max(200).default(50).openapi({ param: { name: 'size', in: 'query' } }),
});

const InstalledPluginSchema = z.object({
  name: z.string(),
  sha256: z.string().nullable().openapi({ description: 'The artifact the agent installed; null for a folder put there another way' }),
  version: z.string().nullable(),
  classes: z.array(z.string()),
  loaded: z.boolean().openapi({ description: "The worker's own GET /connector-plugins lists all its classes" }),
  missingClasses: z.array(z.string()),
});

export const InstalledSchema = z
  .object({
    connectId: z.string(),
    workers: z.array(
      z.object({
        url: z.string(),
        agentUrl: z.string().nullable(),
        agent: z.enum(['up', 'down', 'none']),
        worker: z.enum(['up', 'down']),
        error: z.string().optional(),
        plugins: z.array(InstalledPluginSchema),
      }),
    ),
    plugins: z.array(
      z.object({
        name: z.string(),
        workers: z.array(z.object({ url: z.string(), sha256: z.string().nullable(), loaded: z.boolean() })),
        onEveryWorker: z.boolean(),
        drift: z.boolean().openapi({ description: 'Missing on some worker, different bytes, or not loaded everywhere' }),
      }),
    ),
  })
  .openapi('InstalledPlugins');
