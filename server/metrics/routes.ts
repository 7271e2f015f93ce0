import { apiRoute } from '../auth/api-route';
import { PERMISSIONS } from '../auth/permissions';
import { errorResponses } from '../http/errors';
import { json } from '../http/openapi';
import { createRouter } from '../http/router';
import { registeredKafka, type KafkaDeps } from '../kafka/registered';
import { ClusterHistorySchema, ClusterHistoryParamsSchema, GroupHistoryParamsSchema, GroupHistorySchema, HistoryQuerySchema, TopicHistoryParamsSchema, TopicHistorySchema } from './schema';
import { historySubjects, readHistory, type HistoryPoint, type HistoryRange } from './store';
import { readTopicHistory, TOPIC_HISTORY_LIMIT } from './topic-store';

const TAGS = ['Metric history'];

const groupHistory = apiRoute({
  method: 'get',
  path: '/clusters/{kafkaId}/consumer-groups/{groupId}/history',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: "A consumer group's lag, consumed and produced messages per second over the last hour, day, week or month",
  request: { params: GroupHistoryParamsSchema, query: HistoryQuerySchema },
  responses: { 200: { description: 'Points, oldest first, and the peak', ...json(GroupHistorySchema) }, ...errorResponses(400, 404) },
});

const clusterHistory = apiRoute({
  method: 'get',
  path: '/clusters/{kafkaId}/history',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'A Kafka cluster’s total lag, message rates and broker disk use over the last hour, day, week or month',
  request: { params: ClusterHistoryParamsSchema, query: HistoryQuerySchema },
  responses: { 200: { description: 'Points, oldest first, and the peak', ...json(ClusterHistorySchema) }, ...errorResponses(400, 404) },
});

const topicHistory = apiRoute({
  method: 'get',
  path: '/clusters/{kafkaId}/topics/{topic}/history',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: "A topic's messages and bytes in per second and its size over the last hour, day, week or month",
  request: { params: TopicHistoryParamsSchema, query: HistoryQuerySchema },
  responses: { 200: { description: 'Points, oldest first, and the peak', ...json(TopicHistorySchema) }, ...errorResponses(400, 404) },
});

/** Mounted under /api/v1. */
export function metricHistoryRoutes(deps: KafkaDeps & { now?: () => number; topicHistoryLimit?: number }) {
  const now = () => new Date((deps.now ?? Date.now)());
  return createRouter()
    .openapi(groupHistory, async (c) => {
      const { kafkaId, groupId } = c.req.valid('param');
      const { range } = c.req.valid('query');
      await registeredKafka(deps, kafkaId);
      const { resolution, points } = await readHistory(deps.db, { clusterId: kafkaId, series: 'group', subject: groupId, range }, now());
      return c.json({ groupId, ...view(range, resolution, points) }, 200);
    })
    .openapi(clusterHistory, async (c) => {
      const { kafkaId } = c.req.valid('param');
      const { range } = c.req.valid('query');
      await registeredKafka(deps, kafkaId);
      const at = now();
      const { resolution, points } = await readHistory(deps.db, { clusterId: kafkaId, series: 'cluster', subject: '', range }, at);
      const brokerIds = await historySubjects(deps.db, kafkaId, 'broker', range, at);
      const brokers = await Promise.all(
        brokerIds.map(async (subject) => {
          const read = await readHistory(deps.db, { clusterId: kafkaId, series: 'broker', subject, range }, at);
          return {
            brokerId: Number(subject),
            points: read.points.map((point) => ({ at: point.at.toISOString(), diskBytes: point.diskBytes, bytesInRate: point.bytesInRate, bytesOutRate: point.bytesOutRate })),
          };
        }),
      );
      brokers.sort((a, b) => a.brokerId - b.brokerId);
      return c.json({ ...view(range, resolution, points), brokers }, 200);
    })
    .openapi(topicHistory, async (c) => {
      const { kafkaId, topic } = c.req.valid('param');
      const { range } = c.req.valid('query');
      await registeredKafka(deps, kafkaId);
      const read = await readTopicHistory(deps.db, kafkaId, topic, range, now());
      let peak: { value: number; at: string } | null = null;
      for (const point of read.points) if (point.messagesInPeak !== null && (peak === null || point.messagesInPeak > peak.value)) peak = { value: point.messagesInPeak, at: point.at.toISOString() };
      const points = read.points.map((point) => ({
        at: point.at.toISOString(),
        messagesInRate: point.messagesIn,
        messagesInPeak: point.messagesInPeak,
        bytesInRate: point.bytesIn,
        sizeBytes: point.sizeBytes,
      }));
      return c.json({ topic, range, resolutionSeconds: read.resolution, points, messagesInPeak: peak, keptTopics: deps.topicHistoryLimit ?? TOPIC_HISTORY_LIMIT }, 200);
    });
}

function view(range: HistoryRange, resolutionSeconds: number, points: HistoryPoint[]) {
  let peak: { value: number; at: string } | null = null;
  for (const point of points) {
    if (point.consumedPeak !== null && (peak === null || point.consumedPeak > peak.value)) peak = { value: point.consumedPeak, at: point.at.toISOString() };
  }
  return {
    range,
    resolutionSeconds,
    points: points.map(({ diskBytes: _disk, bytesInRate: _in, bytesOutRate: _out, at, ...rest }) => ({ at: at.toISOString(), ...rest })),
    consumedPeak: peak,
  };
}
