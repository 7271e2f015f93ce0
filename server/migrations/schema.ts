import { z } from '@hono/zod-openapi';

const clusterId = z.string().min(1).max(200);
const topicName = z.string().min(1).max(249);

const SelectionSchema = z
  .union([
    z.array(topicName).max(10_000).openapi({ description: 'Exact names' }),
    z.object({ pattern: z.string().min(1).max(1_000).openapi({ description: 'A regular expression matching whole names (Java syntax, as MirrorMaker 2 reads it)', example: 'orders\\..*' }) }),
  ])
  .openapi('MigrationSelection', { description: 'A list of names, or `{"pattern": "<regex>"}`' });

export const CreateMigrationBodySchema = z
  .object({
    name: z.string().min(1).max(200).optional(),
    source: clusterId.openapi({ description: 'Kafka cluster to migrate from (registered id)', example: 'legacy' }),
    target: clusterId.openapi({ description: 'Kafka cluster to migrate to (registered id)', example: 'local' }),
    connect: clusterId.openapi({ description: 'Connect cluster that runs MirrorMaker 2: the one beside the target (its workers write to the target)', example: 'local' }),
    topics: SelectionSchema,
    groups: SelectionSchema.openapi({ description: 'Consumer groups whose offsets are translated to the target; `[]` for none' }),
    replicationPolicy: z.enum(['identity', 'prefix']).optional().openapi({ description: '`identity` (default) keeps topic names; `prefix` names them `<source>.<topic>`' }),
    syncTopicConfigs: z.boolean().optional().openapi({ description: 'Copy topic configs (retention.ms, cleanup.policy…) to the target (default true)' }),
    replicationFactor: z.number().int().min(1).max(32).nullable().optional().openapi({ description: 'Of the topics created on the target; default min(3, target brokers)' }),
  })
  .openapi('CreateMigration');

export const MigrationParamsSchema = z.object({
  id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' }, description: 'Migration id' }),
});

export const FinishBodySchema = z.object({
  deleteInternalTopics: z.boolean().optional().openapi({ description: "Also delete MirrorMaker 2's internal topics on the target (checkpoints, offset syncs, heartbeats)" }),
});
export const AbortBodySchema = z.object({});

const StepSchema = z.object({
  id: z.enum(['consumers-stopped', 'checkpoint-caught-up', 'start-on-target', 'producers-stopped', 'target-has-everything']),
  ok: z.boolean(),
  detail: z.string(),
});

const TopicProgressSchema = z.object({
  topic: z.string(),
  targetTopic: z.string(),
  existsOnTarget: z.boolean(),
  behind: z.number().openapi({ description: 'Messages on the source not yet on the target' }),
  timeBehindMs: z.number(),
  partitions: z.array(
    z.object({ partition: z.number().int(), sourceEnd: z.number(), targetEnd: z.number().nullable(), behind: z.number(), timeBehindMs: z.number().nullable() }),
  ),
  configs: z.array(z.object({ name: z.string(), source: z.string().nullable(), target: z.string().nullable(), inSync: z.boolean() })),
  configsInSync: z.boolean(),
});

const GroupProgressSchema = z.object({
  groupId: z.string(),
  sourceState: z.string(),
  sourceMembers: z.number().int(),
  targetState: z.string(),
  targetMembers: z.number().int(),
  partitions: z.array(
    z.object({
      topic: z.string(),
      partition: z.number().int(),
      sourceCommitted: z.number().nullable(),
      targetCommitted: z.number().nullable(),
      checkpoint: z.object({ upstreamOffset: z.number(), downstreamOffset: z.number() }).nullable(),
      predictedReRead: z.number().nullable(),
    }),
  ),
  predictedReRead: z.number().openapi({ description: 'Messages consumers started on the target with this group read again' }),
  checklist: z.array(StepSchema),
  ready: z.boolean(),
});

const ConnectorStateSchema = z.object({
  name: z.string(),
  state: z.string(),
  tasks: z.array(z.object({ id: z.number().int(), state: z.string(), error: z.string().nullable() })),
});

export const MIGRATION_VIEW_STATES = ['installing', 'copying', 'caught-up', 'ready', 'finished', 'aborted', 'failed'] as const;

export const MigrationSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  state: z.enum(MIGRATION_VIEW_STATES).openapi({ description: 'installing → copying → caught-up → ready (to cut over) → finished; or aborted, failed' }),
  source: z.string(),
  target: z.string(),
  connect: z.string(),
  selection: z.object({ topics: SelectionSchema, groups: SelectionSchema }),
  options: z.object({ replicationPolicy: z.enum(['identity', 'prefix']), syncTopicConfigs: z.boolean(), replicationFactor: z.number().nullable(), sourceAlias: z.string(), targetAlias: z.string() }),
  connectors: z.array(z.string()).openapi({ description: 'The MirrorMaker 2 connectors it owns on the Connect cluster' }),
  installOperationId: z.string().nullable(),
  error: z.string().nullable(),
  result: z.record(z.string(), z.unknown()).nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  caughtUpAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** Seconds from the connectors' creation to the first time everything was on the target. */
  caughtUpAfterSeconds: z.number().nullable(),
});

export const MigrationSchema = MigrationSummarySchema.extend({
  topics: z.array(TopicProgressSchema),
  groups: z.array(GroupProgressSchema),
  totals: z.object({ sourceMessages: z.number(), behind: z.number(), timeBehindMs: z.number() }).nullable(),
  producers: z.object({ lastSourceRecordAt: z.string().nullable(), stopped: z.boolean(), targetHasEverything: z.boolean(), checklist: z.array(StepSchema) }).nullable(),
  connectorStates: z.array(ConnectorStateSchema),
  errors: z.array(z.string()).openapi({ description: 'What could not be read this time (a partition without leader, a cluster not answering)' }),
}).openapi('Migration');

export const MigrationListSchema = z.object({ items: z.array(MigrationSummarySchema), total: z.number().int() }).openapi('MigrationList');
export const CreatedSchema = MigrationSchema;

export type CreateMigrationBody = z.infer<typeof CreateMigrationBodySchema>;
