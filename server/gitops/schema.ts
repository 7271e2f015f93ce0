import { z } from '@hono/zod-openapi';
import { ConnectorConfigSchema } from '../connectors/schema';
import { DESIRED_STATES } from './format';

const StateSchema = z.enum(DESIRED_STATES).openapi({ description: 'RUNNING, PAUSED or STOPPED', example: 'RUNNING' });

const DesiredConnectorSchema = z
  .object({
    name: z.string().min(1).max(249).openapi({ example: 'orders-source' }),
    state: StateSchema.default('RUNNING'),
    config: ConnectorConfigSchema,
  })
  .openapi('DesiredConnector', { description: 'One connector as the files describe it; secrets already resolved by the CLI' });

const desiredFields = {
  connect: z.string().min(1).openapi({ description: 'The Connect cluster id', example: 'local' }),
  connectors: z.array(DesiredConnectorSchema).max(5000),
  prune: z.boolean().default(false).openapi({ description: 'Delete live connectors the desired state does not name' }),
  prefix: z
    .string()
    .min(1)
    .max(249)
    .optional()
    .openapi({ description: 'Manage only connectors whose name starts with this; the others are not planned, pruned or fingerprinted', example: 'team-a-' }),
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

const PlannedChangeSchema = z.object({
  action: z.enum(['create', 'update', 'state', 'delete', 'noop']),
  name: z.string(),
  class: z.string().nullable(),
  fields: z.array(FieldChangeSchema),
  state: z.object({ from: StateSchema.nullable(), to: StateSchema.nullable() }).optional(),
  errors: z.array(z.object({ name: z.string(), errors: z.array(z.string()) })).optional().openapi({ description: 'The plugin\'s validation errors' }),
});

export const PlanSchema = z
  .object({
    connect: z.string(),
    prefix: z.string().nullable(),
    prune: z.boolean(),
    fingerprint: z.string().openapi({ description: 'sha256 of the live state the plan was made against; send it to apply' }),
    observed: z.record(z.string(), z.string()),
    changes: z.array(PlannedChangeSchema).openapi({ description: 'In the order apply carries them out: creates, updates, state changes, deletes, then what needs nothing' }),
    summary: z.object({ create: z.number(), update: z.number(), state: z.number(), delete: z.number(), noop: z.number(), invalid: z.number() }),
  })
  .openapi('Plan');

export const ApplyResultSchema = z
  .object({
    connect: z.string(),
    applied: z.array(z.object({ name: z.string(), action: z.enum(['create', 'update', 'state', 'delete', 'noop']) })),
    plan: PlanSchema,
  })
  .openapi('ApplyResult');

export const ExportParamsSchema = z.object({
  connectId: z.string().min(1).openapi({ param: { name: 'connectId', in: 'path' }, example: 'local' }),
});

export const ExportQuerySchema = z.object({
  prefix: z.string().min(1).max(249).optional().openapi({ description: 'Only connectors whose name starts with this' }),
});

export const ExportSchema = z
  .object({
    connect: z.string(),
    connectors: z.array(
      z.object({
        name: z.string(),
        state: StateSchema,
        config: ConnectorConfigSchema.openapi({ description: 'Secrets masked as `********`; the CLI writes them as `${env:...}` references' }),
      }),
    ),
  })
  .openapi('DesiredStateExport');
