import { z } from '@hono/zod-openapi';

const clusterId = z.string().min(1).max(200);

export const PipelineQuerySchema = z.object({
  kafka: clusterId.optional().openapi({ param: { name: 'kafka', in: 'query' }, description: 'Only flows through this Kafka cluster', example: 'local' }),
  connect: clusterId.optional().openapi({ param: { name: 'connect', in: 'query' }, description: 'Only connectors of this Connect cluster', example: 'local' }),
});

const LinksSchema = z
  .object({ api: z.string().openapi({ description: "The part's REST resource ('' when its Kafka cluster is unknown)" }), page: z.string().openapi({ description: 'The console page' }) })
  .openapi('PipelineLinks');

const TasksSchema = z.object({ total: z.number().int(), running: z.number().int(), failed: z.number().int() });
const rate = z.number().nullable().openapi({ description: 'Messages per second; null until the sampler has two samples' });
const lag = z.number().nullable().openapi({ description: 'Messages not yet consumed; null when unknown' });
const state = z.string().openapi({ description: "The connector's state worsened by its tasks': RUNNING, DEGRADED (some tasks not running, or no task yet), FAILED, PAUSED, STOPPED, UNASSIGNED…" });

/** What sources and sinks both are: a connector on a Connect cluster, with its state, tasks and topics. */
const connectorNode = {
  key: z.string(),
  connectId: z.string(),
  name: z.string(),
  class: z.string(),
  state,
  connectorState: z.string(),
  tasks: TasksSchema,
  topics: z.array(z.string()),
  links: LinksSchema,
};

const SourceSchema = z
  .object({
    ...connectorNode,
    topicsFrom: z.enum(['connect', 'config', 'none']).openapi({ description: "connect: Connect's record of the topics the connector wrote (KIP-558); config: read from its config" }),
  })
  .openapi('PipelineSource');

const TopicSchema = z.object({ key: z.string(), name: z.string(), rate: rate.openapi({ description: 'Produce rate seen by the sampler (messages per second)' }), links: LinksSchema }).openapi('PipelineTopic');

const SinkSchema = z
  .object({
    ...connectorNode,
    topicsRegex: z.string().nullable(),
    groupId: z.string().openapi({ description: 'The consumer group its tasks commit with' }),
    lag,
    rate,
    lagStatus: z.string().nullable(),
  })
  .openapi('PipelineSink');

const GroupSchema = z
  .object({ key: z.string(), groupId: z.string(), state: z.string(), lag, rate, lagStatus: z.string(), topics: z.array(z.string()), links: LinksSchema })
  .openapi('PipelineGroup');

const EdgeSchema = z.object({ from: z.string(), to: z.string(), lag, rate }).openapi('PipelineEdge', { description: 'One hop, by node key' });

const FlowSchema = z
  .object({ id: z.string(), sources: z.array(SourceSchema), topics: z.array(TopicSchema), sinks: z.array(SinkSchema), groups: z.array(GroupSchema), edges: z.array(EdgeSchema) })
  .openapi('PipelineFlow', { description: 'One connected part of source → topic → sink/group' });

export const PipelinesSchema = z
  .object({
    generatedAt: z.string().openapi({ format: 'date-time' }),
    clusters: z.array(
      z
        .object({
          kafkaId: z.string().nullable().openapi({ description: 'null: Connect clusters without a (readable) Kafka cluster; no group data for them' }),
          connectIds: z.array(z.string()),
          sampledAt: z.string().nullable().openapi({ description: "When the offset sampler read the groups' offsets" }),
          flows: z.array(FlowSchema),
          errors: z.array(z.string()).openapi({ description: 'Parts that did not answer; the rest is still shown' }),
        })
        .openapi('PipelineCluster'),
    ),
  })
  .openapi('Pipelines');
