import { z } from '@hono/zod-openapi';
import { kafkaIdParam } from '../brokers/schema';
import { NodeHealthSchema } from '../dashboard/schema';
import { TopicParamsSchema } from '../topics/schema';

export { TopicParamsSchema };

const brokerId = z.number().int().min(0).max(2_147_483_647);

export const RebalanceParamsSchema = z.object({ kafkaId: kafkaIdParam });
export const ProposalParamsSchema = z.object({
  kafkaId: kafkaIdParam,
  id: z.string().uuid().openapi({ param: { name: 'id', in: 'path' }, description: 'Proposal id' }),
});

export const CreateProposalBodySchema = z
  .object({
    mode: z.enum(['full', 'drain', 'fill']).openapi({ description: 'full: balance every broker; drain: empty `brokers`; fill: move data onto (new) `brokers`' }),
    brokers: z.array(brokerId).min(1).max(1_000).optional().openapi({ description: 'drain: the brokers to empty; fill: the brokers to fill. Required by both.', example: [4] }),
    excludeTopics: z.array(z.string().min(1).max(249)).max(10_000).optional().openapi({ description: 'Topics that stay where they are' }),
    maxMoves: z.number().int().min(1).max(1_000_000).optional().openapi({ description: 'At most this many partitions change' }),
    diskThreshold: z.number().min(1.01).max(3).optional().openapi({ description: 'Every broker’s disk within mean × this and mean ÷ this (1.10)' }),
    capacityLimit: z.number().min(0.1).max(1).optional().openapi({ description: 'No broker’s disk above this share of its capacity (0.8)' }),
  })
  .superRefine((body, ctx) => {
    if (body.mode !== 'full' && !body.brokers) ctx.addIssue({ code: 'custom', path: ['brokers'], message: `${body.mode} needs the brokers to ${body.mode}` });
  });

export const ApproveBodySchema = z.object({
  throttleBytesPerSecond: z.number().int().min(1_024).max(1e13).openapi({ description: 'Replication throttle on every broker and topic the moves involve, bytes per second', example: 10_485_760 }),
});

export const ReplicationFactorBodySchema = z.object({
  replicationFactor: z.number().int().min(1).max(32).openapi({ description: 'The new replication factor: at most the broker count', example: 3 }),
  confirm: z.boolean().optional().openapi({ description: 'Needed to go below the topic’s min.insync.replicas (producers with acks=all then fail)' }),
});

const BrokerLoadSchema = z.object({
  id: z.number().int(),
  rack: z.string().nullable(),
  capacityBytes: z.number().nullable(),
  diskBytes: z.number(),
  replicas: z.number().int(),
  leaders: z.number().int(),
});

const MoveSchema = z.object({
  topic: z.string(),
  partition: z.number().int(),
  from: z.array(z.number().int()),
  to: z.array(z.number().int()),
  bytes: z.number().openapi({ description: 'Bytes copied: the partition’s size per broker that gains a replica' }),
  goal: z.enum(['placement', 'drain', 'capacity', 'disk', 'replicas', 'leaders', 'replication-factor']).openapi({ description: 'The first goal (in priority order) this move serves' }),
  state: z.enum(['pending', 'moving', 'done', 'failed', 'cancelled', 'reverted']),
  copiedBytes: z.number(),
  error: z.string().optional(),
});

export const ProposalSchema = z
  .object({
    id: z.string(),
    kafkaId: z.string(),
    kind: z.enum(['rebalance', 'replication-factor']),
    state: z.enum(['proposed', 'executing', 'done', 'cancelled', 'failed']),
    cancelRequested: z.boolean(),
    request: z.record(z.string(), z.unknown()),
    moves: z.array(MoveSchema),
    before: z.array(BrokerLoadSchema),
    after: z.array(BrokerLoadSchema),
    totalBytes: z.number(),
    diskMaxOverMean: z.object({ before: z.number(), after: z.number() }),
    unplaced: z.array(z.object({ topic: z.string(), partition: z.number().int(), broker: z.number().int() })).openapi({ description: 'Replicas a drain could not move (no other broker may hold them)' }),
    throttleBytesPerSecond: z.number().nullable(),
    estimatedSeconds: z.number().nullable().openapi({ description: 'totalBytes at the throttle (or at the throttle asked for, once approved)' }),
    progress: z.object({ moves: z.number().int(), done: z.number().int(), failed: z.number().int(), bytes: z.number(), copiedBytes: z.number() }),
    throttlesSet: z.boolean().openapi({ description: 'Throttle configs of this proposal are on the cluster now' }),
    throttleAppliedBytesPerSecond: z.number().nullable().openapi({ description: 'The rate on the brokers now; differs from `throttleBytesPerSecond` for a moment after a change' }),
    error: z.string().nullable(),
    createdBy: z.string(),
    approvedBy: z.string().nullable(),
    createdAt: z.string(),
    approvedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .openapi('RebalanceProposal');

export const ElectLeadersBodySchema = z.object({
  topic: z.string().min(1).max(249).optional().openapi({ description: 'Only this topic’s partitions; without it, every partition of the cluster' }),
});

export const ElectionReportSchema = z
  .object({
    elected: z.number().int().openapi({ description: 'Partitions whose preferred replica became the leader' }),
    notNeeded: z.number().int().openapi({ description: 'Partitions already led by their preferred replica' }),
    failed: z.number().int(),
    results: z.array(
      z.object({
        topic: z.string(),
        partition: z.number().int(),
        outcome: z.enum(['elected', 'not-needed', 'failed']),
        error: z.string().optional().openapi({ description: 'Why it failed, e.g. PREFERRED_LEADER_NOT_AVAILABLE when that replica is out of sync' }),
      }),
    ).openapi({ description: 'Per partition. For the whole cluster Kafka leaves out the partitions that needed nothing.' }),
  })
  .openapi('LeaderElectionReport');

export const BrokerHostParamsSchema = z.object({
  kafkaId: kafkaIdParam,
  brokerId: z.coerce.number().int().min(0).max(2_147_483_647).openapi({ param: { name: 'brokerId', in: 'path' }, example: 1, description: 'Broker node id' }),
});

export const BrokerHostBodySchema = z.object({
  capacityBytes: z.number().int().min(1).max(1e18).nullable().openapi({ description: 'The broker’s disk capacity for the planner; null: from its agent, else from Kafka (log dir volume size)', example: 2e12 }),
  agentUrl: z.url({ protocol: /^https?$/ }).max(2_000).nullable().openapi({ description: 'The plugin agent running beside the broker (broker role): its disk is the capacity when none is entered, and its /health the host’s health', example: 'http://kafka-1.internal:8787' }),
  agentToken: z.string().min(1).max(1_000).optional().openapi({ format: 'password', description: 'The agent’s bearer token; required with `agentUrl`. Send `********` (as returned) to keep the stored one.' }),
});

export const BrokerHostSchema = z
  .object({
    id: z.number().int(),
    registered: z.boolean().openapi({ description: 'The cluster lists this broker now' }),
    rack: z.string().nullable(),
    capacityBytes: z.number().nullable().openapi({ description: 'What the planner uses (its limit is 80% of it)' }),
    capacitySource: z.enum(['operator', 'agent', 'kafka']).nullable().openapi({ description: 'operator: entered here; agent: the disk the agent reports; kafka: the log dirs’ volume size (Kafka 3.3+)' }),
    operatorCapacityBytes: z.number().nullable(),
    kafkaCapacityBytes: z.number().nullable(),
    agentUrl: z.string().nullable(),
    agentToken: z.string().nullable().openapi({ description: '`********` when a token is stored' }),
    node: NodeHealthSchema.nullable().openapi({ description: 'The host’s disk, memory and load from its agent; answers even when the broker is down' }),
    nodeError: z.string().optional().openapi({ description: 'Why the agent did not answer' }),
  })
  .openapi('BrokerHost');

export const BrokerHostListSchema = z.object({ items: z.array(BrokerHostSchema) });

export const ProposalListSchema = z.object({ items: z.array(ProposalSchema) });
