import { z } from '@hono/zod-openapi';
import { LAG_STATUSES } from '../metrics/status';

export const MAX_GROUP_PAGE_SIZE = 1_000;

const kafkaIdParam = z
  .string()
  .min(1)
  .openapi({ param: { name: 'kafkaId', in: 'path' }, example: 'local', description: 'Kafka cluster id, as registered' });

const groupIdParam = z
  .string()
  .min(1)
  .openapi({ param: { name: 'groupId', in: 'path' }, example: 'billing-service', description: 'Consumer group id (URL-encoded)' });

export const KafkaIdParamsSchema = z.object({ kafkaId: kafkaIdParam });
export const GroupParamsSchema = z.object({ kafkaId: kafkaIdParam, groupId: groupIdParam });

export const LagStatusSchema = z.enum(LAG_STATUSES).openapi('LagStatus', {
  description:
    'Burrow-style lag status judged over the sampler\'s recent window (see server/metrics/status.ts): ' +
    'OK (caught up at some point, or keeping pace); WARN (offsets advance but the lag only grows); ' +
    'REWIND (a committed offset went backwards); STALL (a live member owns the partition but its offset does not move while lag > 0); ' +
    'STOP (nobody commits while new messages arrive); ERR (the group stopped with lag left behind). ' +
    'A group\'s status is its worst partition\'s, in that order of severity.',
});

export const GroupProtocolSchema = z.enum(['classic', 'consumer']).openapi({
  description: 'classic: the JoinGroup/SyncGroup protocol every client speaks; consumer: KIP-848 (group.protocol=consumer), assigned by the broker.',
});

/** A comma-separated list in a query string: `state=Stable,Empty`. */
const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (typeof value === 'string' ? value.split(',').map((part) => part.trim()).filter(Boolean) : value), z.array(item));

export const GroupListQuerySchema = z.object({
  q: z.string().max(200).optional().openapi({ description: 'Case-insensitive substring of the group id' }),
  state: csv(z.string().min(1).max(40))
    .optional()
    .openapi({ description: 'Kafka group states, comma-separated, case-insensitive', example: 'Stable,Empty', type: 'string' }),
  status: csv(LagStatusSchema)
    .optional()
    .openapi({ description: 'Lag statuses, comma-separated', example: 'WARN,STOP,ERR', type: 'string' }),
  page: z.coerce.number().int().min(1).default(1).openapi({ description: 'Page number, 1-based' }),
  size: z.coerce.number().int().min(1).max(MAX_GROUP_PAGE_SIZE).default(50).openapi({ description: `Items per page (max ${MAX_GROUP_PAGE_SIZE})` }),
});

const nullableRate = z.number().nullable();

export const GroupSummarySchema = z
  .object({
    groupId: z.string().openapi({ example: 'billing-service' }),
    state: z.string().openapi({ description: "Kafka's state name: Stable, Empty, PreparingRebalance, CompletingRebalance, Dead (classic) or Stable, Empty, Assigning, Reconciling (KIP-848)", example: 'Stable' }),
    protocol: GroupProtocolSchema,
    members: z.number().int().nullable().openapi({ description: 'Live members; null when the group could not be described' }),
    topics: z.array(z.string()).openapi({ description: 'Topics the group has committed offsets for or is assigned, sorted' }),
    lag: z.number().int().nullable().openapi({ description: 'Messages behind, summed over partitions; null when nothing is committed' }),
    status: LagStatusSchema,
    cmps: nullableRate.openapi({ description: 'Consumed messages per second (growth of committed offsets over the rate window); null until two samples exist' }),
    produceRate: nullableRate.openapi({ description: "Messages per second produced to the group's topics; null until two samples exist" }),
    coordinator: z.number().int().openapi({ description: 'Node id of the broker coordinating the group' }),
    error: z.string().optional().openapi({ description: "Why part of this group's data is missing or stale" }),
  })
  .openapi('ConsumerGroupSummary');

export const GroupListSchema = z
  .object({
    items: z.array(GroupSummarySchema),
    total: z.number().int().openapi({ description: 'Groups matching the filters over all pages' }),
    sampledAt: z.string().openapi({ format: 'date-time', description: 'When the offsets behind this page were read' }),
    sampleErrors: z.array(z.string()).openapi({ description: 'Brokers or groups the latest sample could not read (the list is then partial)' }),
  })
  .openapi('ConsumerGroupList', { description: 'Sorted by group id. Served from the offset sampler; a sample is taken on demand when the last is stale.' });

const TopicPartitionsSchema = z.object({ topic: z.string(), partitions: z.array(z.number().int()) });

export const GroupMemberSchema = z
  .object({
    memberId: z.string(),
    clientId: z.string().openapi({ example: 'billing-service-1' }),
    host: z.string().openapi({ description: 'Client address as the broker saw it', example: '/10.0.0.12' }),
    instanceId: z.string().nullable().openapi({ description: 'group.instance.id of a static member' }),
    assignment: z.array(TopicPartitionsSchema).openapi({ description: 'Partitions the member owns (empty while rebalancing)' }),
  })
  .openapi('ConsumerGroupMember');

export const GroupPartitionSchema = z
  .object({
    topic: z.string(),
    partition: z.number().int(),
    committedOffset: z.number().int().nullable().openapi({ description: 'null: nothing committed yet' }),
    logEndOffset: z.number().int().nullable().openapi({ description: 'High watermark; null when unreadable (topic deleted, leader offline)' }),
    lag: z.number().int().nullable(),
    status: LagStatusSchema,
    owner: z.string().nullable().openapi({ description: 'Client id of the member that owns the partition' }),
  })
  .openapi('ConsumerGroupPartition');

export const SeriesPointSchema = z
  .object({
    at: z.string().openapi({ format: 'date-time' }),
    lag: z.number().int().nullable(),
    cmps: nullableRate,
    produceRate: nullableRate,
  })
  .openapi('ConsumerGroupSeriesPoint');

export const GroupDetailSchema = z
  .object({
    groupId: z.string(),
    state: z.string(),
    protocol: GroupProtocolSchema,
    protocolType: z.string().openapi({ description: "`consumer` for consumer groups, '' for a group that only holds offsets" }),
    assignor: z.string().openapi({ description: 'Partition assignor (range, cooperative-sticky, uniform…); empty without members', example: 'range' }),
    coordinator: z.number().int(),
    members: z.array(GroupMemberSchema),
    partitions: z.array(GroupPartitionSchema).openapi({ description: 'Committed or assigned partitions, by topic and partition' }),
    lag: z.number().int().nullable(),
    status: LagStatusSchema,
    cmps: nullableRate,
    produceRate: nullableRate,
    series: z.array(SeriesPointSchema).openapi({ description: 'Up to the last hour, one point per sample, oldest first' }),
    sampledAt: z.string().nullable().openapi({ format: 'date-time', description: 'When the sample behind status, rates and series was taken; null before the first' }),
  })
  .openapi('ConsumerGroupDetail', { description: 'Members and offsets are read live; status, rates and series come from the offset sampler.' });

export const RESET_TARGETS = ['earliest', 'latest', 'timestamp', 'shift'] as const;

export const ResetOffsetsBodySchema = z
  .object({
    topic: z.string().min(1).optional().openapi({ description: 'Only this topic (all its partitions); default: every topic the group has committed offsets for' }),
    to: z.enum(RESET_TARGETS).openapi({ description: 'earliest/latest: the log start/end; timestamp: the first offset at or after `timestamp` (log end if none); shift: current offset + `shift`' }),
    timestamp: z
      .union([z.iso.datetime({ offset: true }), z.number().int().min(0)])
      .optional()
      .openapi({ description: 'For to=timestamp: ISO 8601 time or milliseconds since the epoch', example: '2026-01-31T12:00:00Z' }),
    shift: z.number().int().optional().openapi({ description: 'For to=shift: how many messages forward (positive) or back (negative)', example: -100 }),
    dryRun: z.boolean().openapi({ description: 'true: only preview the targets; false: commit them' }),
  })
  .superRefine((body, ctx) => {
    if (body.to === 'timestamp' && body.timestamp === undefined) ctx.addIssue({ code: 'custom', path: ['timestamp'], message: 'is required when "to" is "timestamp"' });
    if (body.to === 'shift' && body.shift === undefined) ctx.addIssue({ code: 'custom', path: ['shift'], message: 'is required when "to" is "shift"' });
  })
  .openapi('ResetOffsetsRequest');

export const ResetOffsetsResultSchema = z
  .object({
    groupId: z.string(),
    dryRun: z.boolean(),
    applied: z.boolean().openapi({ description: 'The offsets were committed (false for a dry run)' }),
    partitions: z.array(
      z.object({
        topic: z.string(),
        partition: z.number().int(),
        current: z.number().int().nullable().openapi({ description: 'Committed offset before the reset; null when none' }),
        target: z.number().int().openapi({ description: 'The resolved offset (never a -1/-2 sentinel), within the log start and end' }),
      }),
    ),
  })
  .openapi('ResetOffsetsResult');

export type GroupListQuery = z.infer<typeof GroupListQuerySchema>;
export type GroupSummary = z.infer<typeof GroupSummarySchema>;
export type GroupDetail = z.infer<typeof GroupDetailSchema>;
export type ResetOffsetsBody = z.infer<typeof ResetOffsetsBodySchema>;
export type ResetOffsetsResult = z.infer<typeof ResetOffsetsResultSchema>;
