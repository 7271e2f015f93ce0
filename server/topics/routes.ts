import { auditActorOf } from '../audit/actor';
import { audited, isOwnRefusal } from '../audit/audited';
import { apiRoute } from '../auth/api-route';
import { requirePrincipal } from '../auth/authorize';
import { grantHolds, PERMISSIONS } from '../auth/permissions';
import { registeredKafka, registeredKafkaClient, type KafkaDeps } from '../kafka/registered';
import { askKafka } from '../kafka/api-errors';
import { KafkaClusterParamsSchema } from '../brokers/schema';
import { ApiError, errorResponses } from '../http/errors';
import { json } from '../http/openapi';
import { createRouter } from '../http/router';
import { patchTopic } from './alter';
import { createTopic } from './create';
import type { TopicCaches } from './definitions';
import { browseMessages } from './messages';
import type { WireDecoder } from './message-format';
import { maskInternalRecord, type ConnectInternalTopics } from './connect-internal';
import type { TopicRateSampler } from './rates';
import { deleteTopic } from './remove';
import {
  BrowseQuerySchema,
  CreatedTopicSchema,
  CreateTopicBodySchema,
  CreateTopicQuerySchema,
  DeleteTopicQuerySchema,
  MessagePageSchema,
  TopicConfigHelpSchema,
  TopicDetailSchema,
  TopicListQuerySchema,
  TopicPageSchema,
  TopicParamsSchema,
  TopicPatchBodySchema,
  TopicRatesSchema,
} from './schema';
import { parseTimestamp } from './timestamp';
import { resolveTopicTemplate } from './template-store';
import { getTopic } from './topic-detail';
import { queryTopics, topicSummaries } from './topic-list';

const TAGS = ['Topics'];
const TOPICS = '/clusters/{kafkaId}/topics';
const TOPIC = '/clusters/{kafkaId}/topics/{topic}';
/** Kafka could not be reached (503) or failed (502); the cluster or topic does not exist (404). */
const KAFKA_ERRORS = errorResponses(404, 502, 503);

const configHelp = apiRoute({
  method: 'get',
  path: '/clusters/{kafkaId}/topic-config-help',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'Every topic config the cluster knows: type, default, valid values and documentation',
  description:
    'From the broker itself (DescribeConfigs v4 with documentation, on an existing topic) when it can say; else from a bundled copy of Kafka’s documentation. Cached for ten minutes.',
  request: { params: KafkaClusterParamsSchema },
  responses: { 200: { description: 'Topic config documentation', ...json(TopicConfigHelpSchema) }, ...KAFKA_ERRORS },
});

const list = apiRoute({
  method: 'get',
  path: TOPICS,
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'Topics of a Kafka cluster: search and pages',
  description: 'One Metadata request for all topics, cached a few seconds; searching and paging happen in memory (fast at 10,000 topics).',
  request: { params: KafkaClusterParamsSchema, query: TopicListQuerySchema },
  responses: { 200: { description: 'A page of topics', ...json(TopicPageSchema) }, ...errorResponses(400), ...KAFKA_ERRORS },
});

const create = apiRoute({
  method: 'post',
  path: TOPICS,
  permission: PERMISSIONS.topicWrite,
  tags: TAGS,
  summary: 'Create a topic, optionally from a template',
  description: [
    'Checked before Kafka is asked, each error naming its field: the name (Kafka’s rules; names that differ only by "." and "_" collide), the template, the replication factor against the broker count, and every config against the cluster’s config definitions (name, type, valid values).',
    'The broker’s own refusal comes back as 400 `rejected_by_kafka` with its message (and the config as `field` when it names one). With `?validateOnly=true` the controller checks everything and nothing is created.',
  ].join('\n\n'),
  request: { params: KafkaClusterParamsSchema, query: CreateTopicQuerySchema, body: { required: true, ...json(CreateTopicBodySchema) } },
  responses: {
    200: { description: 'Valid (validateOnly): nothing was created', ...json(CreatedTopicSchema) },
    201: { description: 'Created', ...json(CreatedTopicSchema) },
    ...errorResponses(400, 404, 409, 502, 503),
  },
});

const detail = apiRoute({
  method: 'get',
  path: TOPIC,
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'One topic: partitions with leaders, replicas, ISR and offsets; configs with source and documentation; size on disk',
  request: { params: TopicParamsSchema },
  responses: { 200: { description: 'The topic', ...json(TopicDetailSchema) }, ...KAFKA_ERRORS },
});

const patch = apiRoute({
  method: 'patch',
  path: TOPIC,
  permission: PERMISSIONS.topicWrite,
  tags: TAGS,
  summary: 'Change some configs and/or add partitions',
  description:
    'Incremental (IncrementalAlterConfigs): configs the request does not name keep their values. `delete` removes the topic’s override so the cluster default applies. Partitions can only be added. Everything is validated (here, then by the broker) before anything changes.',
  request: { params: TopicParamsSchema, body: { required: true, ...json(TopicPatchBodySchema) } },
  responses: { 200: { description: 'The topic after the change', ...json(TopicDetailSchema) }, ...errorResponses(400, 404, 502, 503) },
});

const remove = apiRoute({
  method: 'delete',
  path: TOPIC,
  permission: PERMISSIONS.topicWrite,
  tags: TAGS,
  summary: 'Delete a topic and its data (typed confirmation)',
  description: 'Refused with 400 unless `confirm` equals the topic’s name. Kafka’s internal topics cannot be deleted (409).',
  request: { params: TopicParamsSchema, query: DeleteTopicQuerySchema },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(400, 404, 409, 502, 503) },
});

const rates = apiRoute({
  method: 'get',
  path: `${TOPIC}/rates`,
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'Messages per second into the topic, from log-end offsets sampled over time',
  description: 'The first call for a topic samples twice, a second apart; later calls compare with earlier samples (up to a minute back).',
  request: { params: TopicParamsSchema },
  responses: { 200: { description: 'Rates', ...json(TopicRatesSchema) }, ...KAFKA_ERRORS },
});

const messages = apiRoute({
  method: 'get',
  path: `${TOPIC}/messages`,
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'Browse messages: the newest, or from an offset or a time',
  description:
    'Keys and values in the Confluent wire format (magic byte 0 and a schema id) are decoded with the schema registry linked to the cluster (Avro, Protobuf, JSON Schema), and `schema` names the subject and version. A bounded read straight from the partition leaders (Fetch, no consumer group, nothing committed): at most `limit` (≤ 500) messages, 16 MiB and 5 seconds. Keys, values and headers are decoded as `format` asks; values over 64 KiB are truncated. Kafka Connect\'s internal topics (config, offsets, status) need the `cluster:manage` permission, and secret values in them are masked.',
  request: { params: TopicParamsSchema, query: BrowseQuerySchema },
  responses: { 200: { description: 'Messages', ...json(MessagePageSchema) }, ...errorResponses(400), ...KAFKA_ERRORS },
});

export interface TopicRouteDeps extends KafkaDeps, TopicCaches {
  rates: TopicRateSampler;
  connectInternal: ConnectInternalTopics;
  /** The schema registry linked to a Kafka cluster, for decoding wire-format messages; none when not given. */
  wireDecoderFor?: (kafkaId: string) => Promise<WireDecoder | undefined>;
}

/** Mounted under /api/v1. */
export function topicRoutes(deps: TopicRouteDeps) {
  return createRouter()
    .openapi(configHelp, async (c) => {
      const { kafkaId } = c.req.valid('param');
      const kafka = await registeredKafkaClient(deps, kafkaId);
      return c.json(await askKafka(kafkaId, () => deps.configHelp.get(kafka, deps.metadataCache)), 200);
    })
    .openapi(list, async (c) => {
      const { kafkaId } = c.req.valid('param');
      const kafka = await registeredKafkaClient(deps, kafkaId);
      const { metadata } = await askKafka(kafkaId, () => deps.metadataCache.get(kafka));
      return c.json(queryTopics(topicSummaries(metadata), c.req.valid('query')), 200);
    })
    .openapi(create, async (c) => {
      const { kafkaId } = c.req.valid('param');
      const input = c.req.valid('json');
      const validateOnly = c.req.valid('query').validateOnly ?? false;
      const kafka = await registeredKafkaClient(deps, kafkaId);
      // looked up before Kafka is asked: an unknown template, or another cluster's, is the caller's mistake (400)
      const template = input.template === undefined ? undefined : await resolveTopicTemplate(deps.db, input.template, kafkaId);
      const run = () => createTopic(kafka, deps, { ...input, template }, validateOnly);
      const entry = {
        action: 'topic.create',
        clusterId: kafkaId,
        objectType: 'topic',
        objectId: input.name,
        details: { partitions: input.partitions, replicationFactor: input.replicationFactor, configs: input.configs, template: input.template },
      };
      const created = await askKafka(kafkaId, () =>
        validateOnly ? run() : audited(deps.db, auditActorOf(c), entry, run, (result) => ({ ...result, validateOnly: undefined }), isOwnRefusal),
      );
      return c.json(created, validateOnly ? 200 : 201);
    })
    .openapi(detail, async (c) => {
      const { kafkaId, topic } = c.req.valid('param');
      const kafka = await registeredKafkaClient(deps, kafkaId);
      return c.json(await askKafka(kafkaId, () => getTopic(kafka, topic)), 200);
    })
    .openapi(patch, async (c) => {
      const { kafkaId, topic } = c.req.valid('param');
      const body = c.req.valid('json');
      const kafka = await registeredKafkaClient(deps, kafkaId);
      const entry = { action: 'topic.update', clusterId: kafkaId, objectType: 'topic', objectId: topic, details: { configs: body.configs, partitions: body.partitions } };
      await askKafka(kafkaId, () =>
        audited(deps.db, auditActorOf(c), entry, () => patchTopic(kafka, deps, topic, body), (result) => ({ partitionsBefore: result.partitionsBefore }), isOwnRefusal),
      );
      return c.json(await askKafka(kafkaId, () => getTopic(kafka, topic)), 200);
    })
    .openapi(remove, async (c) => {
      const { kafkaId, topic } = c.req.valid('param');
      const { confirm } = c.req.valid('query');
      const kafka = await registeredKafkaClient(deps, kafkaId);
      const entry = { action: 'topic.delete', clusterId: kafkaId, objectType: 'topic', objectId: topic };
      await askKafka(kafkaId, () => audited(deps.db, auditActorOf(c), entry, () => deleteTopic(kafka, deps.metadataCache, topic, confirm), (result) => result, isOwnRefusal));
      return c.body(null, 204);
    })
    .openapi(rates, async (c) => {
      const { kafkaId, topic } = c.req.valid('param');
      const { cluster, kafka } = await registeredKafka(deps, kafkaId);
      return c.json(await askKafka(kafkaId, () => deps.rates.rates(cluster, kafka, topic)), 200);
    })
    .openapi(messages, async (c) => {
      const { kafkaId, topic } = c.req.valid('param');
      const query = c.req.valid('query');
      if (query.offset !== undefined && query.timestamp !== undefined) throw ApiError.badRequest('Give offset or timestamp, not both', 'timestamp');
      const timestamp = query.timestamp === undefined ? undefined : parseTimestamp(query.timestamp);
      const kafka = await registeredKafkaClient(deps, kafkaId);
      const internal = await deps.connectInternal.isInternal(kafkaId, topic);
      if (internal && !grantHolds(requirePrincipal(c), PERMISSIONS.clusterManage)) {
        throw ApiError.forbidden(`Topic "${topic}" is a Kafka Connect internal topic (connector configs, offsets, status): browsing it needs the "${PERMISSIONS.clusterManage}" permission`);
      }
      const schemas = internal ? undefined : await deps.wireDecoderFor?.(kafkaId);
      const browse = { ...query, timestamp, ...(internal ? { mask: maskInternalRecord } : {}), ...(schemas ? { schemas } : {}) };
      const page = await askKafka(kafkaId, () => browseMessages(kafka, topic, browse));
      return c.json(page, 200);
    });
}
