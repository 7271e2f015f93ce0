import { auditActorOf } from '../audit/actor';
import { audited } from '../audit/audited';
import { apiRoute } from '../auth/api-route';
import { PERMISSIONS } from '../auth/permissions';
import { askKafka } from '../kafka/api-errors';
import { getKafkaCluster, type KafkaCluster } from '../clusters/registry';
import { ApiError, errorResponses } from '../http/errors';
import { json } from '../http/openapi';
import { createRouter } from '../http/router';
import { kafkaClientFor, type KafkaDeps } from '../kafka/registered';
import type { OffsetSampler } from '../metrics/sampler';
import { deleteGroup } from './delete';
import { groupDetail } from './detail';
import { groupPage } from './list';
import { resetOffsets } from './reset';
import {
  GroupDetailSchema,
  GroupListQuerySchema,
  GroupListSchema,
  GroupParamsSchema,
  KafkaIdParamsSchema,
  ResetOffsetsBodySchema,
  ResetOffsetsResultSchema,
} from './schema';

export interface ConsumerGroupDeps extends KafkaDeps {
  sampler: OffsetSampler;
}

const TAGS = ['Consumer groups'];
/** The cluster or group is unknown (404), Kafka failed (502) or could not be reached (503). */
const KAFKA_ERRORS = errorResponses(404, 502, 503);
/** Changing offsets or deleting a group is topic-data administration: operators and admins. */
const WRITE_PERMISSION = PERMISSIONS.topicWrite;
const AUDITED_PARTITIONS = 200;

const list = apiRoute({
  method: 'get',
  path: '/clusters/{kafkaId}/consumer-groups',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'Consumer groups with lag, lag status and consumed messages per second',
  description:
    'Served from the offset sampler, which reads every group of the cluster in a few requests per broker (ListGroups, ' +
    'OffsetFetch v8 for many groups at once, DescribeGroups/ConsumerGroupDescribe, ListOffsets per leader). When the last ' +
    'sample is older than two sample intervals, one is taken before answering. Classic and KIP-848 (`protocol: consumer`) groups are both listed.',
  request: { params: KafkaIdParamsSchema, query: GroupListQuerySchema },
  responses: { 200: { description: 'A page of groups, sorted by id', ...json(GroupListSchema) }, ...errorResponses(400), ...KAFKA_ERRORS },
});

const detail = apiRoute({
  method: 'get',
  path: '/clusters/{kafkaId}/consumer-groups/{groupId}',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'One consumer group: members and assignments, per-partition offsets, lag and status, rates and the last hour',
  request: { params: GroupParamsSchema },
  responses: { 200: { description: 'The group', ...json(GroupDetailSchema) }, ...KAFKA_ERRORS },
});

const reset = apiRoute({
  method: 'post',
  path: '/clusters/{kafkaId}/consumer-groups/{groupId}/reset-offsets',
  permission: WRITE_PERMISSION,
  tags: TAGS,
  summary: "Reset a group's committed offsets (dry run first)",
  description:
    'Only for a group without running consumers (state Empty or Dead): 409 otherwise. Targets are resolved against the log ' +
    '(earliest, latest, first offset at a time, or current + shift) and kept within the log start and end. `dryRun: true` returns ' +
    'the preview and writes nothing; `dryRun: false` commits exactly those offsets and is recorded in the audit log.',
  request: { params: GroupParamsSchema, body: { required: true, ...json(ResetOffsetsBodySchema) } },
  responses: { 200: { description: 'The targets, committed unless dry run', ...json(ResetOffsetsResultSchema) }, ...errorResponses(400, 409), ...KAFKA_ERRORS },
});

const remove = apiRoute({
  method: 'delete',
  path: '/clusters/{kafkaId}/consumer-groups/{groupId}',
  permission: WRITE_PERMISSION,
  tags: TAGS,
  summary: 'Delete a consumer group without running consumers, with its committed offsets',
  request: { params: GroupParamsSchema },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(409), ...KAFKA_ERRORS },
});

/** Mounted under /api/v1. */
export function consumerGroupRoutes(deps: ConsumerGroupDeps) {
  const cluster = async (kafkaId: string): Promise<KafkaCluster> => {
    const found = await getKafkaCluster(deps.db, kafkaId);
    if (!found) throw ApiError.notFound(`Kafka cluster "${kafkaId}" is not registered`);
    return found;
  };
  const entry = (kafkaId: string, groupId: string, action: string, details?: Record<string, unknown>) => ({
    action,
    clusterId: kafkaId,
    objectType: 'consumer-group',
    objectId: groupId,
    details,
  });

  return createRouter()
    .openapi(list, async (c) => {
      const { kafkaId } = c.req.valid('param');
      const kafka = await cluster(kafkaId);
      const metrics = await askKafka(kafkaId, () => deps.sampler.current(kafka));
      return c.json(groupPage(metrics, c.req.valid('query')), 200);
    })
    .openapi(detail, async (c) => {
      const { kafkaId, groupId } = c.req.valid('param');
      const kafka = await cluster(kafkaId);
      const client = kafkaClientFor(deps, kafka);
      return c.json(await askKafka(kafkaId, () => groupDetail(client, deps.sampler.history(kafkaId), groupId)), 200);
    })
    .openapi(reset, async (c) => {
      const { kafkaId, groupId } = c.req.valid('param');
      const body = c.req.valid('json');
      const kafka = await cluster(kafkaId);
      const client = kafkaClientFor(deps, kafka);
      const run = () => askKafka(kafkaId, () => resetOffsets(client, groupId, body));
      if (body.dryRun) return c.json(await run(), 200);
      const { dryRun: _dryRun, ...asked } = body;
      const result = await audited(deps.db, auditActorOf(c), entry(kafkaId, groupId, 'consumer-group.reset-offsets', asked), run, (done) => ({
        partitionCount: done.partitions.length,
        // Bounded: a reset of a thousand partitions must not make a megabyte audit entry.
        partitions: done.partitions.slice(0, AUDITED_PARTITIONS).map(({ topic, partition, current, target }) => ({ topic, partition, from: current, to: target })),
      }));
      return c.json(result, 200);
    })
    .openapi(remove, async (c) => {
      const { kafkaId, groupId } = c.req.valid('param');
      const kafka = await cluster(kafkaId);
      const client = kafkaClientFor(deps, kafka);
      await audited(deps.db, auditActorOf(c), entry(kafkaId, groupId, 'consumer-group.delete'), () => askKafka(kafkaId, () => deleteGroup(client, groupId)));
      return c.body(null, 204);
    });
}
