import { apiRoute } from '../auth/api-route';
import { PERMISSIONS } from '../auth/permissions';
import { errorResponses } from '../http/errors';
import { json } from '../http/openapi';
import { createRouter } from '../http/router';
import { registeredKafkaClient, type KafkaDeps } from '../kafka/registered';
import { askKafka } from '../kafka/api-errors';
import type { MetadataCache } from './metadata-cache';
import { BrokerDetailSchema, BrokerListSchema, BrokerParamsSchema, KafkaClusterParamsSchema } from './schema';
import { getBroker, listBrokers } from './service';

const TAGS = ['Brokers'];
/** Kafka could not be reached (503) or failed (502); the cluster is not registered (404). */
export const KAFKA_ERRORS = errorResponses(404, 502, 503);

const list = apiRoute({
  method: 'get',
  path: '/clusters/{kafkaId}/brokers',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'Brokers of a Kafka cluster with leader and replica counts and disk use',
  description: 'One Metadata request for the whole cluster (cached a few seconds) and one DescribeLogDirs per broker, in parallel.',
  request: { params: KafkaClusterParamsSchema },
  responses: { 200: { description: 'Brokers by id', ...json(BrokerListSchema) }, ...KAFKA_ERRORS },
});

const detail = apiRoute({
  method: 'get',
  path: '/clusters/{kafkaId}/brokers/{brokerId}',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'One broker: every config with its source and documentation, and its log dirs',
  description: 'Configs come from DescribeConfigs v4 sent to that broker (with synonyms and documentation); log dirs from DescribeLogDirs.',
  request: { params: BrokerParamsSchema },
  responses: { 200: { description: 'The broker', ...json(BrokerDetailSchema) }, ...KAFKA_ERRORS },
});

/** Mounted under /api/v1. */
export function brokerRoutes(deps: KafkaDeps & { metadataCache: MetadataCache }) {
  return createRouter()
    .openapi(list, async (c) => {
      const { kafkaId } = c.req.valid('param');
      const kafka = await registeredKafkaClient(deps, kafkaId);
      return c.json(await askKafka(kafkaId, () => listBrokers(kafka, deps.metadataCache)), 200);
    })
    .openapi(detail, async (c) => {
      const { kafkaId, brokerId } = c.req.valid('param');
      const kafka = await registeredKafkaClient(deps, kafkaId);
      return c.json(await askKafka(kafkaId, () => getBroker(kafka, deps.metadataCache, brokerId)), 200);
    });
}
