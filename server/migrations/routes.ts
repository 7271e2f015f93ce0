import type { Context } from 'hono';
import { auditActorOf } from '../audit/actor';
import { apiRoute } from '../auth/api-route';
import { assertClusterAccess, requirePrincipal } from '../auth/authorize';
import { grantCoversCluster, grantHolds, PERMISSIONS } from '../auth/permissions';
import { openConnectCluster } from '../connect/services';
import { errorResponses } from '../http/errors';
import type { AppEnv } from '../http/env';
import { json } from '../http/openapi';
import { createRouter } from '../http/router';
import { messageOf } from '../util/errors';
import { AbortBodySchema, CreateMigrationBodySchema, FinishBodySchema, MigrationListSchema, MigrationParamsSchema, MigrationSchema, type CreateMigrationBody } from './schema';
import { abortMigration, advance, createMigration, finishMigration, progressOf, requireMigration, type MigrationDeps } from './service';
import { listMigrations, type Migration } from './store';
import { connectorStates, fullView, summaryView } from './views';

const TAGS = ['Migrations'];

const create = apiRoute({
  method: 'post',
  path: '/migrations',
  permission: PERMISSIONS.connectorWrite,
  tags: TAGS,
  summary: 'Start a migration from one Kafka cluster to another with MirrorMaker 2',
  description: [
    'Checks the request (400 naming the field: the same cluster twice, an unknown cluster, a Connect cluster not beside the target, a pattern that matches nothing, names the source lacks), then installs MirrorMaker 2 from the catalog when the Connect cluster lacks it (needs `plugin:manage`; state `installing`) and creates its three connectors (`mm2-<id>-source|checkpoint|heartbeat`) with the migration’s settings: topic names kept (IdentityReplicationPolicy) unless `prefix`, group offsets synced, topics, groups and configs found within seconds.',
    'Nothing is written to the source: MirrorMaker 2’s offset syncs are kept on the target.',
  ].join('\n\n'),
  request: { body: { required: true, ...json(CreateMigrationBodySchema) } },
  responses: { 201: { description: 'The migration', ...json(MigrationSchema) }, ...errorResponses(400, 409, 502, 503) },
});

const list = apiRoute({
  method: 'get',
  path: '/migrations',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'Migrations, newest first (without live progress)',
  responses: { 200: { description: 'Migrations', ...json(MigrationListSchema) } },
});

const one = apiRoute({
  method: 'get',
  path: '/migrations/{id}',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'A migration with its live progress and cut-over checklist',
  description:
    'Per topic and partition the source’s and the target’s log-end offsets (messages and time behind), topic configs in sync; per consumer group the committed offsets on the source beside the translated ones on the target, MirrorMaker 2’s newest checkpoint and the messages a consumer started on the target re-reads; the checklist, each step checked against the clusters. `state` goes copying → caught-up → ready.',
  request: { params: MigrationParamsSchema },
  responses: { 200: { description: 'The migration', ...json(MigrationSchema) }, ...errorResponses(404, 502, 503) },
});

const finish = apiRoute({
  method: 'post',
  path: '/migrations/{id}/finish',
  permission: PERMISSIONS.connectorWrite,
  tags: TAGS,
  summary: 'Finish: remove the MirrorMaker 2 connectors (and optionally their internal topics) and record the result',
  request: { params: MigrationParamsSchema, body: { required: false, ...json(FinishBodySchema) } },
  responses: { 200: { description: 'The finished migration', ...json(MigrationSchema) }, ...errorResponses(400, 404, 409, 502, 503) },
});

const abort = apiRoute({
  method: 'post',
  path: '/migrations/{id}/abort',
  permission: PERMISSIONS.connectorWrite,
  tags: TAGS,
  summary: 'Abort: remove the MirrorMaker 2 connectors; the source is left as it was',
  request: { params: MigrationParamsSchema, body: { required: false, ...json(AbortBodySchema) } },
  responses: { 200: { description: 'The aborted migration', ...json(MigrationSchema) }, ...errorResponses(400, 404, 409) },
});

/** A migration touches three clusters, none named in the path: a scoped grant must cover all of them. */
function assertAccess(c: Context<AppEnv>, ids: { source: string; target: string; connect: string }): void {
  const principal = requirePrincipal(c);
  assertClusterAccess(principal, 'kafka', ids.source);
  assertClusterAccess(principal, 'kafka', ids.target);
  assertClusterAccess(principal, 'connect', ids.connect);
}

const idsOf = (m: Migration) => ({ source: m.sourceKafkaId, target: m.targetKafkaId, connect: m.connectId });

async function view(deps: MigrationDeps, migration: Migration) {
  const errors: string[] = [];
  let progress;
  if (migration.state === 'running') {
    try {
      ({ migration, progress } = await progressOf(deps, migration));
    } catch (error) {
      errors.push(`progress: ${messageOf(error)}`);
    }
  }
  const states = migration.connectors.length > 0 && (migration.state === 'running' || migration.state === 'installing')
    ? await connectorStates(await openConnectCluster(deps.connect, migration.connectId), migration.connectors).catch(() => [])
    : [];
  return fullView(migration, progress, states, errors);
}

/** Mounted under /api/v1. */
export function migrationRoutes(deps: MigrationDeps) {
  return createRouter()
    .openapi(create, async (c) => {
      const body: CreateMigrationBody = c.req.valid('json');
      assertAccess(c, body);
      const principal = requirePrincipal(c);
      const toSelection = (s: CreateMigrationBody['topics']) => (Array.isArray(s) ? { names: s } : { pattern: s.pattern });
      const migration = await createMigration(deps, auditActorOf(c), {
        ...body,
        topics: toSelection(body.topics),
        groups: toSelection(body.groups),
        mayInstall: grantHolds(principal, PERMISSIONS.pluginManage),
      });
      return c.json(await view(deps, migration), 201);
    })
    .openapi(list, async (c) => {
      const principal = requirePrincipal(c);
      const visible = (await listMigrations(deps.db)).filter(
        (m) => grantCoversCluster(principal, 'kafka', m.sourceKafkaId) && grantCoversCluster(principal, 'kafka', m.targetKafkaId) && grantCoversCluster(principal, 'connect', m.connectId),
      );
      return c.json({ items: visible.map((m) => summaryView(m)), total: visible.length }, 200);
    })
    .openapi(one, async (c) => {
      let migration = await requireMigration(deps, c.req.valid('param').id);
      assertAccess(c, idsOf(migration));
      migration = await advance(deps, auditActorOf(c), migration);
      return c.json(await view(deps, migration), 200);
    })
    .openapi(finish, async (c) => {
      const migration = await requireMigration(deps, c.req.valid('param').id);
      assertAccess(c, idsOf(migration));
      const body = (c.req.valid('json') as { deleteInternalTopics?: boolean } | undefined) ?? {};
      return c.json(await view(deps, await finishMigration(deps, auditActorOf(c), migration, body)), 200);
    })
    .openapi(abort, async (c) => {
      const migration = await requireMigration(deps, c.req.valid('param').id);
      assertAccess(c, idsOf(migration));
      return c.json(await view(deps, await abortMigration(deps, auditActorOf(c), migration)), 200);
    });
}
