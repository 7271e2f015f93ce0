import { z } from '@hono/zod-openapi';
import { CONFIG_SOURCES } from '../db/tables';
import { TASK_STATES } from './summary';

// ---------------------------------------------------------------------------------------------- inputs

const connectIdParam = z.string().min(1).openapi({ param: { name: 'connectId', in: 'path' }, example: 'local', description: 'Connect cluster id' });
const nameParam = z.string().min(1).max(249).openapi({ param: { name: 'name', in: 'path' }, example: 'orders-source', description: 'Connector name' });

export const ConnectClusterParamsSchema = z.object({ connectId: connectIdParam });
export const ConnectorParamsSchema = z.object({ connectId: connectIdParam, name: nameParam });
export const TaskParamsSchema = ConnectorParamsSchema.extend({
  taskId: z.coerce.number().int().min(0).openapi({ param: { name: 'taskId', in: 'path' }, example: 0, description: 'Task id (0-based)' }),
});
export const VersionParamsSchema = ConnectorParamsSchema.extend({
  version: z.coerce.number().int().min(1).openapi({ param: { name: 'version', in: 'path' }, example: 3, description: 'Config version (1-based)' }),
});

const booleanQuery = (description: string) =>
  z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true')
    .openapi({ description, example: 'true' });

const pageQuery = {
  page: z.coerce.number().int().min(1).default(1).openapi({ description: 'Page number, 1-based' }),
  size: z.coerce.number().int().min(1).max(500).default(50).openapi({ description: 'Items per page (max 500)' }),
};

const filterQuery = {
  state: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: 'Connector states, comma separated, any of: RUNNING, PAUSED, STOPPED, FAILED, UNASSIGNED, RESTARTING', example: 'FAILED,PAUSED' }),
  class: z.string().max(300).optional().openapi({ description: 'Part of the connector class, case-insensitive', example: 'FileStream' }),
  q: z.string().max(249).optional().openapi({ description: 'Part of the connector name, case-insensitive', example: 'orders' }),
  type: z.enum(['source', 'sink']).optional().openapi({ description: 'Connector type' }),
  ...pageQuery,
};

export const ClusterConnectorsQuerySchema = z.object(filterQuery);
export const AllConnectorsQuerySchema = z.object({
  ...filterQuery,
  connectId: z.string().min(1).optional().openapi({ description: 'Only this Connect cluster', example: 'local' }),
});

export const RestartQuerySchema = z.object({
  includeTasks: booleanQuery('Restart the tasks too (KIP-745); default false'),
  onlyFailed: booleanQuery('Restart only instances that FAILED; default false'),
});

export const HistoryQuerySchema = z.object(pageQuery);
export const DiffQuerySchema = z.object({
  from: z.coerce.number().int().min(1).openapi({ description: 'Older version', example: 1 }),
  to: z.coerce.number().int().min(1).openapi({ description: 'Newer version', example: 2 }),
});

export const ConnectorConfigSchema = z
  .record(z.string(), z.string())
  .openapi('ConnectorConfig', {
    description:
      'A connector config: every value is a string, as Connect keeps it. Secrets (PASSWORD keys of the plugin, and keys that look secret) are shown as `********`; sending `********` back keeps the stored secret.',
    example: { 'connector.class': 'FileStreamSource', 'tasks.max': '1', file: '/tmp/in.txt', topic: 'lines' },
  });

export const PutConnectorBodySchema = z
  .object({ config: ConnectorConfigSchema })
  .openapi('PutConnector', { description: 'The whole config; `name` may be left out (it is the path\'s connector name)' });

const ConnectorNameSchema = z
  .string()
  .trim()
  .min(1, 'a connector needs a name')
  .max(249)
  .openapi({ example: 'orders-source', description: 'The new connector\'s name' });

export const CreateConnectorBodySchema = z
  .object({
    name: ConnectorNameSchema,
    config: ConnectorConfigSchema,
  })
  .openapi('CreateConnector', { description: 'The new connector\'s name and whole config (`name` in the config may be left out)' });

export const OperationBodySchema = z
  .object({ reason: z.string().trim().max(500).optional().openapi({ description: 'Why: kept in the audit log', example: 'stuck after a database failover' }) })
  .openapi('OperationReason', { description: 'Optional. Send `Content-Type: application/json` only together with a body.' });

export const RollbackBodySchema = z.object({ version: z.number().int().min(1).openapi({ description: 'The version to write back', example: 2 }) }).openapi('Rollback');

const OffsetEntrySchema = z.object({
  partition: z.record(z.string(), z.unknown()).openapi({ description: 'Connector-specific source partition, or `{kafka_topic, kafka_partition}` for sinks' }),
  offset: z.record(z.string(), z.unknown()).nullable().openapi({ description: 'Connector-specific offset, or `{kafka_offset}` for sinks; null removes the partition\'s offset' }),
});

export const OffsetsSchema = z
  .object({ offsets: z.array(OffsetEntrySchema) })
  .openapi('ConnectorOffsets', {
    description: 'KIP-875 offsets',
    example: { offsets: [{ partition: { filename: '/tmp/in.txt' }, offset: { position: 42 } }] },
  });

// ---------------------------------------------------------------------------------------------- outputs

const stateSchema = z.string().openapi({ description: 'RUNNING, PAUSED, STOPPED, FAILED, UNASSIGNED, RESTARTING (UNKNOWN while Connect has no status)', example: 'RUNNING' });
const typeSchema = z.enum(['source', 'sink', 'unknown']);

const TaskCountsSchema = z
  .object(Object.fromEntries([...TASK_STATES, 'total'].map((state) => [state, z.number().int()])) as Record<(typeof TASK_STATES)[number] | 'total', z.ZodNumber>)
  .openapi('TaskCounts', { description: 'Number of tasks in each state' });

export const ConnectorSummarySchema = z
  .object({
    connectId: z.string().openapi({ description: 'Connect cluster id', example: 'local' }),
    name: z.string(),
    type: typeSchema,
    class: z.string().nullable().openapi({ description: '`connector.class` as configured', example: 'FileStreamSource' }),
    state: stateSchema,
    workerId: z.string().nullable().openapi({ description: 'The worker running the connector instance', example: '127.0.0.1:8083' }),
    tasks: z.array(z.object({ id: z.number().int(), state: stateSchema, workerId: z.string() })),
    taskCounts: TaskCountsSchema,
    migration: z.string().nullable().openapi({ description: 'The migration that owns this MirrorMaker 2 connector (`GET /api/v1/migrations/{id}`); null for others' }),
  })
  .openapi('ConnectorSummary');

const ClusterFailureSchema = z
  .object({ connectId: z.string(), code: z.string().openapi({ example: 'unreachable' }), message: z.string() })
  .openapi('ClusterFailure', { description: 'A Connect cluster whose connectors could not be listed' });

export const ConnectorPageSchema = z
  .object({
    items: z.array(ConnectorSummarySchema),
    total: z.number().int().openapi({ description: 'Matching connectors over all pages' }),
    errors: z.array(ClusterFailureSchema).openapi({ description: 'Clusters left out because they could not be asked' }),
  })
  .openapi('ConnectorPage', { description: 'Sorted by Connect cluster, then name' });

const FailureCauseSchema = z
  .object({
    message: z.string().openapi({ description: 'The deepest "Caused by" of the trace (the one a hint recognises, if any), without its exception class', example: "Access denied for user 'connectory'@'10.0.0.5' (using password: YES)" }),
    exception: z.string().nullable().openapi({ example: 'java.sql.SQLException' }),
    hint: z.string().nullable().openapi({ description: 'What a well-known cause usually means and what to do; null when the cause is not one of them' }),
  })
  .openapi('FailureCause', { description: 'Why the instance failed, in words' });

export const ConnectorDetailSchema = z
  .object({
    connectId: z.string(),
    name: z.string(),
    type: typeSchema,
    class: z.string().nullable(),
    state: stateSchema,
    workerId: z.string().nullable(),
    trace: z.string().nullable().openapi({ description: 'Java stack trace when the connector instance FAILED' }),
    cause: FailureCauseSchema.nullable().openapi({ description: 'The trace\'s real cause; null without a trace' }),
    config: ConnectorConfigSchema,
    tasks: z.array(
      z.object({
        id: z.number().int(),
        state: stateSchema,
        workerId: z.string(),
        trace: z.string().nullable().openapi({ description: 'Java stack trace when the task FAILED' }),
        cause: FailureCauseSchema.nullable().openapi({ description: 'The trace\'s real cause; null without a trace' }),
      }),
    ),
    taskCounts: TaskCountsSchema,
    topics: z.array(z.string()).nullable().openapi({ description: 'Topics the connector uses (KIP-558); null when the worker does not track them' }),
  })
  .openapi('ConnectorDetail');

const ActivityPartitionSchema = z.object({
  topic: z.string(),
  partition: z.number().int(),
  committed: z.number().int().nullable(),
  logEnd: z.number().int().nullable(),
  lag: z.number().int().nullable(),
});

export const ConnectorActivitySchema = z
  .object({
    connectId: z.string(),
    name: z.string(),
    type: typeSchema,
    kafkaClusterId: z.string().nullable().openapi({ description: 'The Kafka cluster the Connect cluster is linked to; null when none is' }),
    at: z.string().openapi({ format: 'date-time', description: 'When Kafka was read' }),
    recordsPerSec: z.number().nullable().openapi({ description: 'Source: growth of its topics\' log-end offsets; sink: of its group\'s committed offsets. Null until a second reading (ask again a second or more later)' }),
    windowMs: z.number().int().nullable().openapi({ description: 'The span the rate was measured over' }),
    position: z.number().int().nullable().openapi({ description: 'Records so far: log-end offsets (source) or committed offsets (sink), summed' }),
    lastRecordAt: z.string().nullable().openapi({ format: 'date-time', description: 'Source: the newest record in its topics; sink: the newest record consumed, or when its commits last moved' }),
    groupId: z.string().nullable().openapi({ description: 'Sinks: the consumer group, `connect-<name>` unless overridden' }),
    lag: z.number().int().nullable().openapi({ description: 'Sinks: records not yet consumed' }),
    topics: z.array(z.string()).nullable(),
    tasks: z.array(
      z.object({
        id: z.number().int(),
        state: stateSchema,
        workerId: z.string(),
        partitions: z.array(ActivityPartitionSchema).nullable().openapi({ description: 'Sinks: the partitions the task consumes; null for sources' }),
        lag: z.number().int().nullable(),
      }),
    ),
    note: z.string().nullable().openapi({ description: 'Why part of this is missing; null when complete' }),
  })
  .openapi('ConnectorActivity');

export const WriteResultSchema = z
  .object({
    connectId: z.string(),
    name: z.string(),
    created: z.boolean().openapi({ description: 'The connector did not exist before' }),
    changed: z.boolean().openapi({ description: 'False when the config sent is the one already in effect: nothing was written' }),
    version: z.number().int().nullable().openapi({ description: 'The config version now in effect' }),
    config: ConnectorConfigSchema,
  })
  .openapi('ConnectorWriteResult');

const InstanceStatusSchema = z.object({ state: stateSchema, workerId: z.string(), trace: z.string().optional() });

export const OperationResultSchema = z
  .object({
    connectId: z.string(),
    name: z.string(),
    action: z.enum(['pause', 'resume', 'stop', 'restart', 'restart-task']),
    status: z
      .object({ connector: InstanceStatusSchema, tasks: z.array(InstanceStatusSchema.extend({ id: z.number().int() })) })
      .optional()
      .openapi({ description: 'For restarts with includeTasks or onlyFailed: the instances being restarted show RESTARTING' }),
  })
  .openapi('ConnectorOperation', { description: 'Connect accepted the request; the state changes shortly after' });

export const OffsetsMessageSchema = z.object({ message: z.string().openapi({ description: "Connect's own message" }) }).openapi('OffsetsChanged');

const VersionSummarySchema = z
  .object({
    version: z.number().int(),
    source: z.enum(CONFIG_SOURCES).openapi({ description: '`connectory`: written through Connectory; `external`: a change Connectory noticed on Connect' }),
    actor: z.string().nullable().openapi({ description: 'Who wrote it through Connectory; null for external changes' }),
    configHash: z.string().openapi({ description: 'sha256 of the canonical config' }),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('ConfigVersionSummary');

export const VersionListSchema = z.object({ items: z.array(VersionSummarySchema), total: z.number().int() }).openapi('ConfigVersionList', { description: 'Newest first' });

export const VersionDetailSchema = VersionSummarySchema.extend({ config: ConnectorConfigSchema }).openapi('ConfigVersion');

export const ConfigDiffSchema = z
  .object({
    from: z.number().int(),
    to: z.number().int(),
    changes: z.array(
      z.object({
        key: z.string(),
        change: z.enum(['added', 'removed', 'changed']),
        before: z.string().optional().openapi({ description: 'Absent for an added key; `********` for a secret' }),
        after: z.string().optional().openapi({ description: 'Absent for a removed key; `********` for a secret' }),
      }),
    ),
  })
  .openapi('ConfigDiff', { description: 'Per key, sorted by key; secrets compare by value but show as the mask' });
