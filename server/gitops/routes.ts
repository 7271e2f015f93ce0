import { auditActorOf } from '../audit/actor';
import { apiRoute } from '../auth/api-route';
import { assertClusterAccess, requirePrincipal } from '../auth/authorize';
import { grantHolds, PERMISSIONS } from '../auth/permissions';
import { fieldsErrorResponse } from '../connect/field-errors';
import { openConnectCluster } from '../connect/services';
import { registeredKafkaClient } from '../kafka/registered';
import { askKafka } from '../kafka/api-errors';
import { ApiError, errorResponses } from '../http/errors';
import { json } from '../http/openapi';
import { createRouter } from '../http/router';
import { applyDesired } from './apply';
import { makePlan, type GitopsServices } from './desired';
import { exportLive } from './export';
import { exportPlugins } from './plugins';
import { exportTopics } from './topics';
import { ApplyBodySchema, ApplyResultSchema, ExportParamsSchema, ExportQuerySchema, ExportSchema, PlanBodySchema, PlanSchema } from './schema';

const TAGS = ['Plan and apply'];

const plan = apiRoute({
  method: 'post',
  path: '/plan',
  // Comparing secrets answers "is this the password?": only those who may write the connector may ask.
  permission: PERMISSIONS.connectorWrite,
  tags: TAGS,
  summary: 'Plan the changes that bring a Connect cluster to a desired state',
  description: [
    'Answers the ordered changes (create, update with a field-level diff, state change, restart of FAILED instances, delete when `prune`, no-op) against one listing of the cluster. New and changed configs are validated by the plugin; problems are listed per connector under `errors`.',
    'With `kafka`, topics too (create, update of partitions and configs, delete when `prune`; never internal topics); with `plugins`, which catalog versions or artifacts must still be installed. An unknown catalog entry, version or artifact is a 400 naming it.',
    'Secrets are compared here with what Connect holds and shown only as changed or unchanged (`secret: true`, no values). Nothing is changed.',
  ].join('\n\n'),
  request: { body: { required: true, ...json(PlanBodySchema) } },
  responses: { 200: { description: 'The plan', ...json(PlanSchema) }, ...errorResponses(400, 404, 409, 502, 503) },
});

const apply = apiRoute({
  method: 'post',
  path: '/apply',
  permission: PERMISSIONS.connectorWrite,
  tags: TAGS,
  summary: 'Apply a desired state, if the live state is still the one the plan saw',
  description: [
    'Plans again; refuses with 409 `plan_stale` (naming the connectors that moved) when the live state no longer matches `fingerprint`, and with 400 `invalid_config` when any config is invalid. Both leave the cluster as it was.',
    'Changes run in the plan\'s order through the same paths as the connector API: each is validated, recorded in the config history and audited, and the apply as a whole is audited as `gitops.apply`. Applying the same state twice changes nothing the second time.',
  ].join('\n\n'),
  request: { body: { required: true, ...json(ApplyBodySchema) } },
  responses: {
    200: { description: 'Applied', ...json(ApplyResultSchema) },
    400: fieldsErrorResponse('A config is invalid: nothing was applied'),
    ...errorResponses(404, 409, 502, 503),
  },
});

const exportRoute = apiRoute({
  method: 'get',
  path: '/connect/{connectId}/export',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'The live connectors of a Connect cluster as a desired state (secrets masked), with its plugins and, with `kafka`, topics',
  request: { params: ExportParamsSchema, query: ExportQuerySchema },
  responses: { 200: { description: 'Every connector, sorted by name', ...json(ExportSchema) }, ...errorResponses(404, 409, 502, 503) },
});

/** Mounted under /api/v1. */
export function gitopsRoutes(services: GitopsServices) {
  const access = (c: Parameters<typeof requirePrincipal>[0], body: { connect?: string; kafka?: string }) => {
    const principal = requirePrincipal(c);
    if (body.connect) assertClusterAccess(principal, 'connect', body.connect);
    if (body.kafka) {
      assertClusterAccess(principal, 'kafka', body.kafka);
      // Planning or applying topics is a topic write, as on the topic pages.
      if (!grantHolds(principal, PERMISSIONS.topicWrite)) throw ApiError.forbidden(`Managing topics needs the "${PERMISSIONS.topicWrite}" permission`);
    }
  };
  return createRouter()
    .openapi(plan, async (c) => {
      const body = c.req.valid('json');
      access(c, body);
      return c.json(await makePlan(services, body), 200);
    })
    .openapi(apply, async (c) => {
      const body = c.req.valid('json');
      access(c, body);
      return c.json(await applyDesired(services, auditActorOf(c), body), 200);
    })
    .openapi(exportRoute, async (c) => {
      const { prefix, kafka: kafkaId, plugins } = c.req.valid('query');
      const opened = await openConnectCluster(services.connect, c.req.valid('param').connectId);
      if (kafkaId) assertClusterAccess(requirePrincipal(c), 'kafka', kafkaId);
      const kafka = kafkaId ? await registeredKafkaClient(services.kafka, kafkaId) : undefined;
      const [live, topics] = await Promise.all([exportLive(services.connect, opened, prefix), kafka ? askKafka(kafka.clusterId, () => exportTopics(services.topics, kafka, prefix)) : []]);
      // With a prefix, only the plugins the exported connectors use: another team's plugins are not this export's to pin.
      const used = prefix ? new Set(live.connectors.map((connector) => connector.config['connector.class'] ?? '')) : undefined;
      const installed = plugins === 'true' ? await exportPlugins(services.delivery, opened.cluster.id, used) : [];
      return c.json({ ...live, kafka: kafkaId ?? null, topics, plugins: installed }, 200);
    });
}
