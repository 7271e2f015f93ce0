import { z } from '@hono/zod-openapi';
import { PolicyBodySchema } from '../connectors/auto-restart/schema';
import { ConnectorConfigSchema } from '../connectors/schema';
import { DESIRED_STATES } from './format';

const StateSchema = z.enum(DESIRED_STATES).openapi({ description: 'RUNNING, PAUSED or STOPPED', example: 'RUNNING' });

const DesiredConnectorSchema = z
  .object({
    name: z.string().min(1).max(249).openapi({ example: 'orders-source' }),
    state: StateSchema.default('RUNNING'),
    config: ConnectorConfigSchema,
    autoRestart: PolicyBodySchema.nullable()
      .optional()
      .openapi({
        description:
          "The connector's own auto-restart policy (the body of PUT /connect/{c}/connectors/{name}/auto-restart). Absent: not managed, any policy is left alone; `null`: no policy of its own, it follows the cluster's default",
      }),
  })
  .openapi('DesiredConnector', { description: 'One connector as the files describe it; secrets already resolved by the CLI' });

const DesiredTopicSchema = z
  .object({
    name: z.string().min(1).max(249).openapi({ example: 'orders' }),
    partitions: z.number().int().min(1).max(100_000).optional().openapi({ description: "Absent: the broker's default on create, not compared on update. Can only grow" }),
    replicationFactor: z.number().int().min(1).max(32).optional().openapi({ description: 'Absent: the broker\'s default on create, not compared on update. A change is reported, not applied' }),
    config: z.record(z.string(), z.string()).optional().openapi({ description: 'The topic-level overrides; a live override not listed here is removed (back to the default)' }),
  })
  .strict()
  .openapi('DesiredTopic');

const DesiredPluginSchema = z
  .union([
    z.object({ catalog: z.object({ id: z.string().min(1), version: z.string().min(1) }).strict() }).strict(),
    z.object({ artifact: z.string().regex(/^[0-9a-f]{64}$/, 'an uploaded artifact\'s sha256'), name: z.string().min(1).optional() }).strict(),
  ])
  .openapi('DesiredPlugin', { description: 'A catalog version or an uploaded artifact every worker must have (the body of POST /connect/{c}/installs)' });

const desiredFields = {
  connect: z.string().min(1).optional().openapi({ description: 'The Connect cluster id (connectors and plugins); leave out to plan topics only', example: 'local' }),
  connectors: z.array(DesiredConnectorSchema).max(5000).default([]),
  kafka: z.string().min(1).optional().openapi({ description: 'The Kafka cluster id whose topics are managed; leave out to leave topics alone', example: 'local' }),
  topics: z.array(DesiredTopicSchema).max(20_000).default([]),
  plugins: z.array(DesiredPluginSchema).max(200).default([]),
  prune: z
    .boolean()
    .default(false)
    .openapi({ description: "Delete live connectors (and, with `kafka`, topics) the desired state does not name; never Kafka's internal topics, `_`-named topics or Connect's own" }),
  prefix: z
    .string()
    .min(1)
    .max(249)
    .optional()
    .openapi({ description: 'Manage only connectors and topics whose name starts with this; the others are not planned, pruned or fingerprinted', example: 'team-a-' }),
};

export const PlanBodySchema = z.object(desiredFields).openapi('PlanRequest');

export const ApplyBodySchema = z
  .object({
    ...desiredFields,
    fingerprint: z.string().regex(/^[0-9a-f]{64}$/, 'the `fingerprint` of a plan').openapi({ description: 'The reviewed plan\'s fingerprint' }),
    observed: z
      .record(z.string(), z.string().max(64))
      .optional()
      .openapi({ description: 'The reviewed plan\'s `observed` hashes; lets a refusal name which connectors moved' }),
  })
  .openapi('ApplyRequest');

const FieldChangeSchema = z.object({
  key: z.string(),
  change: z.enum(['added', 'removed', 'changed']),
  before: z.string().optional(),
  after: z.string().optional(),
  secret: z.boolean().optional().openapi({ description: 'A secret: compared on the server, its values never shown' }),
});

const ACTIONS = ['create', 'update', 'state', 'restart', 'delete', 'noop'] as const;

const PlannedChangeSchema = z.object({
  action: z.enum(ACTIONS).openapi({ description: '`restart`: a connector meant to run has FAILED instances; apply restarts them (includeTasks, onlyFailed)' }),
  name: z.string(),
  class: z.string().nullable(),
  fields: z.array(FieldChangeSchema),
  state: z.object({ from: StateSchema.nullable(), to: StateSchema.nullable() }).optional(),
  errors: z.array(z.object({ name: z.string(), errors: z.array(z.string()) })).optional().openapi({ description: 'The plugin\'s validation errors' }),
  afterPlugin: z.string().optional().openapi({ description: 'Its class comes with a plugin the plan installs first: validated after that install' }),
  failed: z.array(z.string()).optional().openapi({ description: 'restart: the FAILED instances (`connector`, `task 0`, …)' }),
  autoRestart: z
    .object({
      change: z.enum(['added', 'removed', 'changed']).openapi({ description: "added: the connector gets its own policy; removed: it follows the cluster's default again" }),
      fields: z.array(FieldChangeSchema).openapi({ description: '`enabled`, `maxRestarts`, `backoffUnitSeconds`, `backoffScheduleSeconds` (a list shown comma-separated)' }),
    })
    .optional()
    .openapi({ description: "A change of the connector's own auto-restart policy, with any action; alone it is an `update` without `fields` (the config on Connect is not written)" }),
});

const PlannedTopicSchema = z.object({
  action: z.enum(['create', 'update', 'delete', 'noop']),
  name: z.string(),
  fields: z.array(z.object({ key: z.string().openapi({ description: '`partitions`, `replicationFactor` or `config.<name>`' }), change: z.enum(['added', 'removed', 'changed']), before: z.string().optional(), after: z.string().optional() })),
  errors: z
    .array(z.object({ name: z.string(), errors: z.array(z.string()) }))
    .optional()
    .openapi({ description: 'Why apply cannot carry it out: a partition decrease, a replication-factor change, an unknown or invalid config' }),
});

const PlannedPluginSchema = z.object({
  action: z.enum(['install', 'noop']),
  name: z.string(),
  version: z.string().nullable(),
  sha256: z.string().nullable().openapi({ description: 'null: a catalog version not downloaded yet' }),
  workers: z.record(z.string(), z.string().nullable()).openapi({ description: 'What each worker holds under that name now (sha256, or null)' }),
  classes: z.array(z.string()),
  install: DesiredPluginSchema.openapi({ description: 'The body of POST /api/v1/connect/{connect}/installs' }),
});

export const PlanSchema = z
  .object({
    connect: z.string().nullable(),
    kafka: z.string().nullable(),
    prefix: z.string().nullable(),
    prune: z.boolean(),
    fingerprint: z.string().openapi({ description: 'sha256 of the live state the plan was made against; send it to apply' }),
    observed: z.record(z.string(), z.string()),
    changes: z.array(PlannedChangeSchema).openapi({ description: 'Connectors, in the order apply carries them out: creates, updates, state changes, restarts, deletes, then what needs nothing' }),
    summary: z.object({ create: z.number(), update: z.number(), state: z.number(), restart: z.number(), delete: z.number(), noop: z.number(), invalid: z.number() }),
    plugins: z.array(PlannedPluginSchema).openapi({ description: 'Installed first (plugin delivery, one worker at a time); apply refuses while any is missing' }),
    topics: z.array(PlannedTopicSchema).openapi({ description: 'Applied after the plugins and before the connectors' }),
    topicSummary: z.object({ create: z.number(), update: z.number(), delete: z.number(), noop: z.number(), invalid: z.number() }),
    pluginSummary: z.object({ install: z.number(), noop: z.number() }),
  })
  .openapi('Plan');

export const ApplyResultSchema = z
  .object({
    connect: z.string().nullable(),
    kafka: z.string().nullable(),
    applied: z.array(z.object({ name: z.string(), action: z.enum(ACTIONS), kind: z.literal('topic').optional() })),
    plan: PlanSchema,
  })
  .openapi('ApplyResult');

export const ExportParamsSchema = z.object({
  connectId: z.string().min(1).openapi({ param: { name: 'connectId', in: 'path' }, example: 'local' }),
});

export const ExportQuerySchema = z.object({
  prefix: z.string().min(1).max(249).optional().openapi({ description: 'Only connectors (and topics) whose name starts with this' }),
  kafka: z.string().min(1).optional().openapi({ description: "Also export this Kafka cluster's topics (non-internal, topic-level overrides only)" }),
  plugins: z.enum(['true', 'false']).default('true').openapi({ description: 'Also export the plugins every worker has' }),
});

export const ExportSchema = z
  .object({
    connect: z.string(),
    connectors: z.array(
      z.object({
        name: z.string(),
        state: StateSchema,
        config: ConnectorConfigSchema.openapi({ description: 'Secrets masked as `********`; the CLI writes them as `${env:...}` references' }),
        autoRestart: z
          .object({ enabled: z.boolean(), maxRestarts: z.number().int(), backoffUnitSeconds: z.number().int(), backoffScheduleSeconds: z.array(z.number().int()).optional() })
          .optional()
          .openapi({ description: "Its own auto-restart policy; absent when it has none (one inherited from the cluster's default is not exported)" }),
      }),
    ),
    kafka: z.string().nullable(),
    topics: z.array(z.object({ name: z.string(), partitions: z.number(), replicationFactor: z.number(), config: z.record(z.string(), z.string()) })),
    plugins: z.array(z.union([z.object({ catalog: z.string(), version: z.string() }), z.object({ sha256: z.string(), name: z.string() })])),
  })
  .openapi('DesiredStateExport');
