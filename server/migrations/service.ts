/**
 * A migration's life: create (checked, persisted, audited) and start — MirrorMaker 2 installed from the catalog
 * when the Connect cluster lacks it, then its three connectors created through the normal connector write path —
 * progress read live, finish (connectors removed, optionally their internal topics, the result recorded) and
 * abort (connectors removed; nothing was ever written to the source).
 */
import { audited } from '../audit/audited';
import { recordAudit, type AuditActor } from '../audit/record';
import type { Catalog, CatalogVersion } from '../catalog';
import { getKafkaCluster, type KafkaCluster } from '../clusters/registry';
import { openConnectCluster, type ConnectServices, type OpenedCluster } from '../connect/services';
import { deleteConnector, putConnector } from '../connectors/write';
import type { Db } from '../db';
import type { MigrationOptions, MigrationSelection } from '../db/tables';
import { type DeliveryContext } from '../delivery/context';
import { clusterKafkaVersion, requestInstall } from '../delivery/service';
import { getOperation } from '../delivery/store';
import { ApiError } from '../http/errors';
import { askKafka } from '../kafka/api-errors';
import type { KafkaClient } from '../kafka/client';
import { kafkaClientFor } from '../kafka/registered';
import type { KafkaClients } from '../kafka/pool';
import type { SecretBox } from '../secrets/secret-box';
import { messageOf } from '../util/errors';
import { internalTopics, MM2_CATALOG_ID, MM2_CLASSES, planConnectors, type ClusterEndpoint } from './plan';
import { readProgress, type Progress } from './progress';
import { claimInstall, getMigration, insertMigration, otherActiveMigrationsTo, updateMigration, type Migration } from './store';
import { checkClusters, checkSelections } from './validate';

export interface MigrationDeps {
  db: Db;
  secrets: SecretBox;
  kafkaClients: KafkaClients;
  connect: ConnectServices;
  delivery: DeliveryContext;
}

export interface CreateMigrationInput {
  name?: string;
  source: string;
  target: string;
  connect: string;
  topics: MigrationSelection;
  groups: MigrationSelection;
  replicationPolicy?: MigrationOptions['replicationPolicy'];
  syncTopicConfigs?: boolean;
  replicationFactor?: number | null;
  /** The caller may install plugins (`plugin:manage`): needed when the Connect cluster lacks MirrorMaker 2. */
  mayInstall: boolean;
}

const ACTIVE = new Set(['installing', 'running']);

export async function createMigration(deps: MigrationDeps, who: AuditActor, input: CreateMigrationInput): Promise<Migration> {
  const clusters = await checkClusters(deps.db, input);
  const source = kafkaClientFor(deps, clusters.source);
  const selected = await askKafka(clusters.source.id, () => checkSelections(source, clusters.source.id, input.topics, input.groups));
  const options: MigrationOptions = {
    replicationPolicy: input.replicationPolicy ?? 'identity',
    syncTopicConfigs: input.syncTopicConfigs ?? true,
    replicationFactor: input.replicationFactor ?? null,
    sourceAlias: input.source,
    targetAlias: input.target,
  };
  const migration = await insertMigration(deps.db, {
    name: input.name ?? `${input.source} → ${input.target}`,
    sourceKafkaId: clusters.source.id,
    targetKafkaId: clusters.target.id,
    connectId: clusters.connect.id,
    topics: input.topics,
    groups: input.groups,
    options,
    state: 'installing',
    createdBy: who.actor,
  });
  await recordAudit(deps.db, who, {
    action: 'migration.create',
    clusterId: clusters.target.id,
    objectType: 'migration',
    objectId: migration.id,
    details: { source: input.source, target: input.target, connect: input.connect, topics: selected.topics, groups: selected.groups, options },
  });
  try {
    return await start(deps, who, migration, input.mayInstall);
  } catch (error) {
    return fail(deps, who, migration, `Starting failed: ${messageOf(error)}`);
  }
}

/** Installs MirrorMaker 2 first when a worker lacks one of its classes; otherwise creates the connectors. */
async function start(deps: MigrationDeps, who: AuditActor, migration: Migration, mayInstall: boolean): Promise<Migration> {
  const opened = await openConnectCluster(deps.connect, migration.connectId);
  if (await hasMirrorMaker(opened)) return createConnectors(deps, who, migration, opened);
  if (!mayInstall) return fail(deps, who, migration, `Connect cluster "${opened.cluster.id}" lacks MirrorMaker 2 and installing it needs the permission "plugin:manage"`);
  const kafkaVersion = await clusterKafkaVersion(deps.delivery, opened.cluster);
  const version = mirrorMakerVersionFor(await deps.delivery.catalog(), kafkaVersion);
  if (!version) return fail(deps, who, migration, `The catalog has no MirrorMaker 2 version for Kafka ${kafkaVersion ?? '(unknown)'} on Connect cluster "${opened.cluster.id}"`);
  const accepted = await requestInstall(deps.delivery, who, opened.cluster.id, { catalog: { id: MM2_CATALOG_ID, version: version.version } });
  await recordAudit(deps.db, who, { action: 'migration.install', clusterId: opened.cluster.id, objectType: 'migration', objectId: migration.id, details: { operation: accepted.operation.id, version: version.version } });
  return updateMigration(deps.db, migration.id, { state: 'installing', installOperationId: accepted.operation.id });
}

/**
 * Judged from the workers that answer: one restarting (another install, a rolling restart) lacks nothing, and
 * must not set off an install of a plugin the cluster has. None answering is an error, not a verdict.
 */
async function hasMirrorMaker(opened: OpenedCluster): Promise<boolean> {
  const perWorker = await Promise.all(
    opened.cluster.workers.map((worker) => opened.client.workerPlugins(worker.url, { timeoutMs: 10_000 }).then((plugins) => plugins.map((p) => p.class)).catch(() => null)),
  );
  const answered = perWorker.filter((classes): classes is string[] => classes !== null);
  if (answered.length === 0) throw new ApiError(502, 'connect_unavailable', `No worker of Connect cluster "${opened.cluster.id}" answered GET /connector-plugins`);
  return missingMirrorMakerClasses(answered).length === 0;
}

/** The MirrorMaker 2 classes some worker does not list. */
export function missingMirrorMakerClasses(classesPerWorker: string[][]): string[] {
  return MM2_CLASSES.filter((cls) => classesPerWorker.some((classes) => !classes.includes(cls)));
}

/** The catalog's newest MirrorMaker 2 for the workers' Kafka (its jars must match the worker's Kafka line). */
export function mirrorMakerVersionFor(catalog: Catalog, kafkaVersion: string | null): CatalogVersion | undefined {
  return catalog.latest(MM2_CATALOG_ID, kafkaVersion ? { kafkaVersion } : {});
}

function endpoint(cluster: KafkaCluster, secrets: SecretBox): ClusterEndpoint {
  return {
    bootstrapServers: cluster.bootstrapServers,
    tls: cluster.tls,
    sasl: cluster.sasl,
    saslPassword: cluster.sasl ? secrets.decrypt(cluster.sasl.passwordEnc) : undefined,
    tlsKeyPem: cluster.tls?.keyPemEnc ? secrets.decrypt(cluster.tls.keyPemEnc) : undefined,
  };
}

async function createConnectors(deps: MigrationDeps, who: AuditActor, migration: Migration, opened: OpenedCluster): Promise<Migration> {
  const [source, target] = await Promise.all([getKafkaCluster(deps.db, migration.sourceKafkaId), getKafkaCluster(deps.db, migration.targetKafkaId)]);
  if (!source || !target) return fail(deps, who, migration, 'A cluster of the migration is no longer registered');
  const targetBrokers = await askKafka(target.id, () => kafkaClientFor(deps, target).brokers());
  const planned = planConnectors({
    id: migration.id,
    topics: migration.topics,
    groups: migration.groups,
    options: migration.options,
    source: endpoint(source, deps.secrets),
    target: endpoint(target, deps.secrets),
    internalReplicationFactor: Math.min(3, targetBrokers.brokers.length),
  });
  // the copy begins with the first connector, seconds before the last is created: time is measured from here
  const startedAt = new Date();
  const created: string[] = [];
  try {
    for (const connector of planned) {
      await putConnector(deps.connect, opened, who, connector.name, connector.config);
      created.push(connector.name);
    }
  } catch (error) {
    await removeConnectors(deps, who, opened, created);
    return fail(deps, who, migration, `Creating the MirrorMaker 2 connectors failed: ${messageOf(error)}`);
  }
  await recordAudit(deps.db, who, { action: 'migration.start', clusterId: opened.cluster.id, objectType: 'migration', objectId: migration.id, details: { connectors: created } });
  return updateMigration(deps.db, migration.id, { state: 'running', connectors: created, startedAt, error: null });
}

async function fail(deps: MigrationDeps, who: AuditActor, migration: Migration, reason: string): Promise<Migration> {
  await recordAudit(deps.db, who, { action: 'migration.fail', clusterId: migration.targetKafkaId, objectType: 'migration', objectId: migration.id, outcome: 'failure', details: { reason } });
  return updateMigration(deps.db, migration.id, { state: 'failed', error: reason, finishedAt: new Date() });
}

/** Moves an installing migration on once its install ended; called whenever the migration is read. */
export async function advance(deps: MigrationDeps, who: AuditActor, migration: Migration): Promise<Migration> {
  if (migration.state !== 'installing' || !migration.installOperationId) return migration;
  const operation = await getOperation(deps.db, migration.installOperationId);
  if (!operation || operation.state === 'queued' || operation.state === 'running') return migration;
  if (operation.state !== 'succeeded') return fail(deps, who, migration, `Installing MirrorMaker 2 failed (install ${operation.id} ${operation.state})`);
  const claimed = await claimInstall(deps.db, migration.id, operation.id);
  if (!claimed) return (await getMigration(deps.db, migration.id)) ?? migration; // another reader is creating them
  return createConnectors(deps, who, claimed, await openConnectCluster(deps.connect, migration.connectId));
}

export async function requireMigration(deps: Pick<MigrationDeps, 'db'>, id: string): Promise<Migration> {
  const migration = await getMigration(deps.db, id);
  if (!migration) throw ApiError.notFound(`No migration ${id}`);
  return migration;
}

export async function clientsOf(deps: MigrationDeps, migration: Migration): Promise<{ source: KafkaClient; target: KafkaClient }> {
  const [source, target] = await Promise.all([getKafkaCluster(deps.db, migration.sourceKafkaId), getKafkaCluster(deps.db, migration.targetKafkaId)]);
  if (!source || !target) throw new ApiError(409, 'cluster_gone', 'A cluster of the migration is no longer registered');
  return { source: kafkaClientFor(deps, source), target: kafkaClientFor(deps, target) };
}

/** Live progress of a running migration; records the first moment it was seen caught up. */
export async function progressOf(deps: MigrationDeps, migration: Migration): Promise<{ migration: Migration; progress: Progress }> {
  const { source, target } = await clientsOf(deps, migration);
  const progress = await askKafka(migration.sourceKafkaId, () => readProgress(source, target, migration));
  if (progress.phase !== 'copying' && !migration.caughtUpAt) migration = await updateMigration(deps.db, migration.id, { caughtUpAt: new Date() });
  return { migration, progress };
}

async function removeConnectors(deps: MigrationDeps, who: AuditActor, opened: OpenedCluster, names: string[]): Promise<string[]> {
  const existing = new Set(await opened.client.connectorNames());
  const removed: string[] = [];
  for (const name of names) {
    if (!existing.has(name)) continue;
    await deleteConnector(deps.connect, opened, who, name);
    removed.push(name);
  }
  return removed;
}

function assertActive(migration: Migration, action: string): void {
  if (!ACTIVE.has(migration.state)) throw new ApiError(409, 'migration_ended', `Migration ${migration.id} is ${migration.state}: it cannot ${action}`);
}

export async function finishMigration(deps: MigrationDeps, who: AuditActor, migration: Migration, request: { deleteInternalTopics?: boolean }): Promise<Migration> {
  assertActive(migration, 'be finished');
  const entry = { action: 'migration.finish', clusterId: migration.targetKafkaId, objectType: 'migration', objectId: migration.id };
  return audited(deps.db, who, { ...entry, details: { deleteInternalTopics: request.deleteInternalTopics ?? false } }, async () => {
    const progress = migration.state === 'running' ? (await progressOf(deps, migration).catch(() => undefined))?.progress : undefined;
    const opened = await openConnectCluster(deps.connect, migration.connectId);
    const removed = await removeConnectors(deps, who, opened, migration.connectors);
    let deletedTopics: string[] = [];
    // MirrorMaker 2's internal topics are per cluster alias, not per migration: another running migration to this target still uses them
    const sharing = request.deleteInternalTopics ? await otherActiveMigrationsTo(deps.db, migration) : [];
    if (request.deleteInternalTopics && sharing.length === 0) {
      const { target } = await clientsOf(deps, migration);
      const answer = await askKafka(migration.targetKafkaId, () => target.deleteTopics({ names: internalTopics(migration.options), timeoutMs: 15_000 }));
      deletedTopics = answer.topics.filter((t) => t.errorCode === 0).map((t) => t.name);
    }
    const result = {
      connectorsRemoved: removed,
      internalTopicsDeleted: deletedTopics,
      ...(sharing.length > 0 ? { internalTopicsKept: `still used by migration(s) ${sharing.join(', ')} to the same target` } : {}),
      phase: progress?.phase ?? null,
      behind: progress?.totals.behind ?? null,
      groups: progress?.groups.map((g) => ({ groupId: g.groupId, ready: g.ready, predictedReRead: g.predictedReRead })) ?? [],
    };
    return updateMigration(deps.db, migration.id, { state: 'finished', result, finishedAt: new Date() });
  });
}

export async function abortMigration(deps: MigrationDeps, who: AuditActor, migration: Migration): Promise<Migration> {
  assertActive(migration, 'be aborted');
  const entry = { action: 'migration.abort', clusterId: migration.targetKafkaId, objectType: 'migration', objectId: migration.id };
  return audited(deps.db, who, entry, async () => {
    const opened = await openConnectCluster(deps.connect, migration.connectId);
    const removed = await removeConnectors(deps, who, opened, migration.connectors);
    // the source only ever served reads (offset syncs live on the target): nothing there to undo
    return updateMigration(deps.db, migration.id, { state: 'aborted', result: { connectorsRemoved: removed, sourceUntouched: true }, finishedAt: new Date() });
  });
}
