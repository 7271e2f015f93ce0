import { auditActorOf } from '../audit/actor';
import { apiRoute } from '../auth/api-route';
import { PERMISSIONS } from '../auth/permissions';
import { getKafkaCluster } from '../clusters/registry';
import type { Db } from '../db';
import { errorResponses } from '../http/errors';
import { json } from '../http/openapi';
import { createRouter } from '../http/router';
import { askKafka } from '../kafka/api-errors';
import { kafkaClientFor, registeredKafkaClient, type KafkaDeps } from '../kafka/registered';
import type { Logger } from '../logger';
import { ApiError } from '../http/errors';
import { listBrokerHosts, saveBrokerHost } from './broker-hosts';
import { electPreferredLeaders } from './elections';
import { RebalanceExecutor, type ExecutorSettings } from './executor';
import {
  ApproveBodySchema,
  BrokerHostBodySchema,
  BrokerHostListSchema,
  BrokerHostParamsSchema,
  BrokerHostSchema,
  CreateProposalBodySchema,
  ElectionReportSchema,
  ElectLeadersBodySchema,
  ProposalListSchema,
  ProposalParamsSchema,
  ProposalSchema,
  RebalanceParamsSchema,
  ReplicationFactorBodySchema,
  TopicParamsSchema,
} from './schema';
import { OperationBodySchema } from '../connectors/schema';
import { approveProposal, cancelProposal, changeThrottle, proposalView, proposeRebalance, proposeReplicationFactor, requireProposal } from './service';
import { listProposals } from './store';

const TAGS = ['Rebalancing'];
const PROPOSALS = '/clusters/{kafkaId}/rebalance/proposals';
const KAFKA_ERRORS = errorResponses(404, 502, 503);

const create = apiRoute({
  method: 'post',
  path: PROPOSALS,
  permission: PERMISSIONS.topicWrite,
  tags: TAGS,
  summary: 'Propose a rebalance of the brokers’ disks (nothing moves until it is approved)',
  description: [
    'Plans from the cluster as it is (Metadata, DescribeLogDirs): replicas on distinct brokers and racks, no broker over its capacity limit, disk within the threshold of the mean, replica counts and preferred leaders balanced, in that order, moving as few bytes as it can.',
    'Modes: `full`, `drain` (empty `brokers`), `fill` (move data onto `brokers`). An already balanced cluster gets a proposal with no moves.',
  ].join('\n\n'),
  request: { params: RebalanceParamsSchema, body: { required: true, ...json(CreateProposalBodySchema) } },
  responses: { 201: { description: 'The proposal', ...json(ProposalSchema) }, ...errorResponses(400), ...KAFKA_ERRORS },
});

const list = apiRoute({
  method: 'get',
  path: PROPOSALS,
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'The cluster’s latest proposals (50), newest first',
  request: { params: RebalanceParamsSchema },
  responses: { 200: { description: 'Proposals', ...json(ProposalListSchema) }, ...errorResponses(404) },
});

const get = apiRoute({
  method: 'get',
  path: `${PROPOSALS}/{id}`,
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'One proposal: its moves, loads before and after, state and progress',
  request: { params: ProposalParamsSchema },
  responses: { 200: { description: 'The proposal', ...json(ProposalSchema) }, ...errorResponses(404) },
});

const approve = apiRoute({
  method: 'post',
  path: `${PROPOSALS}/{id}/approve`,
  permission: PERMISSIONS.topicWrite,
  tags: TAGS,
  summary: 'Approve a proposal: its moves run, throttled, in batches',
  description:
    'Refused with 409 `proposal_stale` when the replicas of a partition it moves (or the brokers) changed since it was made. The throttle is set as `kafka-reassign-partitions --throttle` sets it and removed when the proposal ends, however it ends.',
  request: { params: ProposalParamsSchema, body: { required: true, ...json(ApproveBodySchema) } },
  responses: { 202: { description: 'Executing', ...json(ProposalSchema) }, ...errorResponses(400, 409), ...KAFKA_ERRORS },
});

const throttle = apiRoute({
  method: 'put',
  path: `${PROPOSALS}/{id}/throttle`,
  permission: PERMISSIONS.topicWrite,
  tags: TAGS,
  summary: 'Change the throttle of a running proposal',
  description: 'The brokers’ `*.replication.throttled.rate` change within a pass of the executor (about a second); `throttleAppliedBytesPerSecond` shows when. 409 unless the proposal is executing.',
  request: { params: ProposalParamsSchema, body: { required: true, ...json(ApproveBodySchema) } },
  responses: { 200: { description: 'The proposal with its new throttle', ...json(ProposalSchema) }, ...errorResponses(400, 404, 409) },
});

const cancel = apiRoute({
  method: 'post',
  path: `${PROPOSALS}/{id}/cancel`,
  permission: PERMISSIONS.topicWrite,
  tags: TAGS,
  summary: 'Cancel a proposal; moves in flight are reverted',
  request: { params: ProposalParamsSchema, body: { required: false, ...json(OperationBodySchema) } },
  responses: { 202: { description: 'Cancelled, or being cancelled', ...json(ProposalSchema) }, ...errorResponses(400, 404, 409) },
});

const replicationFactor = apiRoute({
  method: 'post',
  path: '/clusters/{kafkaId}/topics/{topic}/replication-factor',
  permission: PERMISSIONS.topicWrite,
  tags: TAGS,
  summary: 'Propose a new replication factor for a topic (approved and run like a rebalance)',
  description:
    'Raising adds the least-loaded brokers, on racks the partition does not use yet; lowering drops the replicas on the most-loaded brokers, never the leader. 400 (field `replicationFactor`) above the broker count, below 1, or below the topic’s `min.insync.replicas` without `confirm: true`.',
  request: { params: TopicParamsSchema, body: { required: true, ...json(ReplicationFactorBodySchema) } },
  responses: { 201: { description: 'The proposal', ...json(ProposalSchema) }, ...errorResponses(400), ...KAFKA_ERRORS },
});

const electLeaders = apiRoute({
  method: 'post',
  path: '/clusters/{kafkaId}/rebalance/preferred-leader-election',
  permission: PERMISSIONS.topicWrite,
  tags: TAGS,
  summary: 'Elect the preferred leaders of a topic or of the whole cluster',
  description: 'ElectLeaders (preferred): each partition’s first replica leads again where it is in sync. The answer gives the outcome per partition.',
  request: { params: RebalanceParamsSchema, body: { required: true, ...json(ElectLeadersBodySchema) } },
  responses: { 200: { description: 'What happened per partition', ...json(ElectionReportSchema) }, ...errorResponses(400), ...KAFKA_ERRORS },
});

const HOSTS = '/clusters/{kafkaId}/rebalance/brokers';

const listHosts = apiRoute({
  method: 'get',
  path: HOSTS,
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'Each broker’s disk capacity (and where it comes from) and its host’s health from the agent beside it',
  request: { params: RebalanceParamsSchema },
  responses: { 200: { description: 'The brokers’ hosts', ...json(BrokerHostListSchema) }, ...KAFKA_ERRORS },
});

const saveHost = apiRoute({
  method: 'put',
  path: `${HOSTS}/{brokerId}`,
  permission: PERMISSIONS.clusterManage,
  tags: TAGS,
  summary: 'Set a broker’s disk capacity and/or the plugin agent beside it',
  description: 'Cluster managers only: the server calls the agent URL given here. Both null removes the settings. The planner uses the capacity entered here, else the agent’s disk, else the log dirs’ volume size.',
  request: { params: BrokerHostParamsSchema, body: { required: true, ...json(BrokerHostBodySchema) } },
  responses: { 200: { description: 'The broker’s host as now known', ...json(BrokerHostSchema) }, ...errorResponses(400), ...KAFKA_ERRORS },
});

/** The executor a server runs proposals with: main.ts hands it to the background job, which resumes unfinished ones. */
export function createRebalanceExecutor(deps: KafkaDeps & { logger: Logger; settings?: Partial<ExecutorSettings> }): RebalanceExecutor {
  return new RebalanceExecutor({
    db: deps.db,
    logger: deps.logger.child({ system: 'rebalance' }),
    settings: deps.settings,
    async kafkaFor(kafkaId) {
      const cluster = await getKafkaCluster(deps.db, kafkaId);
      return cluster ? kafkaClientFor(deps, cluster) : undefined;
    },
  });
}

/** Mounted under /api/v1. */
export function rebalanceRoutes(deps: KafkaDeps & { executor: RebalanceExecutor }) {
  const service = { db: deps.db as Db, secrets: deps.secrets, executor: deps.executor };
  return createRouter()
    .openapi(create, async (c) => {
      const { kafkaId } = c.req.valid('param');
      const kafka = await registeredKafkaClient(deps, kafkaId);
      const proposal = await askKafka(kafkaId, () => proposeRebalance(service, kafka, kafkaId, c.req.valid('json'), auditActorOf(c)));
      return c.json(proposalView(proposal), 201);
    })
    .openapi(list, async (c) => {
      const { kafkaId } = c.req.valid('param');
      await registeredKafkaClient(deps, kafkaId);
      return c.json({ items: (await listProposals(deps.db, kafkaId)).map((p) => proposalView(p)) }, 200);
    })
    .openapi(get, async (c) => {
      const { kafkaId, id } = c.req.valid('param');
      return c.json(proposalView(await requireProposal(deps.db, kafkaId, id)), 200);
    })
    .openapi(approve, async (c) => {
      const { kafkaId, id } = c.req.valid('param');
      const proposal = await requireProposal(deps.db, kafkaId, id);
      const kafka = await registeredKafkaClient(deps, kafkaId);
      const { throttleBytesPerSecond } = c.req.valid('json');
      const approved = await askKafka(kafkaId, () => approveProposal(service, kafka, proposal, throttleBytesPerSecond, auditActorOf(c)));
      return c.json(proposalView(approved), 202);
    })
    .openapi(throttle, async (c) => {
      const { kafkaId, id } = c.req.valid('param');
      const proposal = await requireProposal(deps.db, kafkaId, id);
      return c.json(proposalView(await changeThrottle(service, proposal, c.req.valid('json').throttleBytesPerSecond, auditActorOf(c))), 200);
    })
    .openapi(cancel, async (c) => {
      const { kafkaId, id } = c.req.valid('param');
      const proposal = await requireProposal(deps.db, kafkaId, id);
      return c.json(proposalView(await cancelProposal(service, proposal, auditActorOf(c), c.req.valid('json').reason)), 202);
    })
    .openapi(listHosts, async (c) => {
      const { kafkaId } = c.req.valid('param');
      const kafka = await registeredKafkaClient(deps, kafkaId);
      return c.json({ items: await askKafka(kafkaId, () => listBrokerHosts(deps, kafka, kafkaId)) }, 200);
    })
    .openapi(saveHost, async (c) => {
      const { kafkaId, brokerId } = c.req.valid('param');
      const kafka = await registeredKafkaClient(deps, kafkaId);
      await saveBrokerHost(deps, kafkaId, brokerId, c.req.valid('json'), auditActorOf(c));
      const hosts = await askKafka(kafkaId, () => listBrokerHosts(deps, kafka, kafkaId));
      const host = hosts.find((h) => h.id === brokerId);
      if (!host) throw ApiError.notFound(`Kafka cluster "${kafkaId}" has no broker ${brokerId} and no settings for it`);
      return c.json(host, 200);
    })
    .openapi(electLeaders, async (c) => {
      const { kafkaId } = c.req.valid('param');
      const kafka = await registeredKafkaClient(deps, kafkaId);
      return c.json(await askKafka(kafkaId, () => electPreferredLeaders(deps.db, kafka, kafkaId, c.req.valid('json'), auditActorOf(c))), 200);
    })
    .openapi(replicationFactor, async (c) => {
      const { kafkaId, topic } = c.req.valid('param');
      const kafka = await registeredKafkaClient(deps, kafkaId);
      const proposal = await askKafka(kafkaId, () => proposeReplicationFactor(service, kafka, kafkaId, topic, c.req.valid('json'), auditActorOf(c)));
      return c.json(proposalView(proposal), 201);
    });
}
