/**
 * Registering, editing and removing Kafka and Connect clusters. Every save tests connectivity first and is
 * refused (422 `unreachable`) unless the test passes or the caller forces it; every change is audited in the
 * transaction that makes it.
 */
import { eq } from 'drizzle-orm';
import { recordAudit, type AuditActor } from '../audit/record';
import type { Db } from '../db';
import { connectClusters, connectWorkers, kafkaClusters } from '../db/tables';
import { ApiError } from '../http/errors';
import type { Logger } from '../logger';
import type { SecretBox } from '../secrets/secret-box';
import { templatesScopedTo } from '../templates/scope';
import type { ClientRegistry } from './client-registry';
import { checkConnect, checkKafka } from './connectivity';
import { getConnectCluster, getKafkaCluster } from './registry';
import type { ConnectCheck, ConnectClusterInput, CreateConnectClusterInput, CreateKafkaClusterInput, KafkaCheck, KafkaClusterInput } from './schema';
import { connectSettings, kafkaSettings, type ConnectSettings, type KafkaSettings } from './settings';
import { connectClusterView, kafkaClusterView } from './views';

export interface ClusterDeps {
  db: Db;
  secrets: SecretBox;
  logger: Logger;
  clients: ClientRegistry;
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Templates deleted with their cluster, for its audit entry; nothing when there were none. */
const removedTemplates = (ids: string[]) => (ids.length > 0 ? { templatesRemoved: ids } : {});

function refuseUnreachable(message: string): ApiError {
  return new ApiError(422, 'unreachable', `${message}. Fix the settings, or save anyway with ?force=true`);
}

// ---------------------------------------------------------------------------------------------- Kafka

async function testKafka(deps: ClusterDeps, id: string, settings: KafkaSettings, force: boolean): Promise<KafkaCheck> {
  const check = await checkKafka(id, settings, deps.secrets, deps.logger);
  if (check.status === 'down' && !force) throw refuseUnreachable(check.error ?? `Kafka cluster "${id}" is not reachable`);
  return check;
}

export async function createKafkaCluster(deps: ClusterDeps, who: AuditActor, input: CreateKafkaClusterInput, force: boolean) {
  if (await getKafkaCluster(deps.db, input.id)) throw ApiError.conflict(`Kafka cluster "${input.id}" is already registered`);
  const settings = kafkaSettings(deps.secrets, input);
  const check = await testKafka(deps, input.id, settings, force);
  const cluster = await deps.db.transaction(async (tx) => {
    const [row] = await tx.insert(kafkaClusters).values({ id: input.id, ...settings }).onConflictDoNothing().returning();
    if (!row) throw ApiError.conflict(`Kafka cluster "${input.id}" is already registered`);
    await auditKafka(tx, who, 'cluster.create', row, check, force);
    return row;
  });
  return { ...kafkaClusterView(cluster), check };
}

export async function updateKafkaCluster(deps: ClusterDeps, who: AuditActor, id: string, input: KafkaClusterInput, force: boolean) {
  const existing = await getKafkaCluster(deps.db, id);
  if (!existing) throw ApiError.notFound(`Kafka cluster "${id}" is not registered`);
  const settings = kafkaSettings(deps.secrets, input, existing);
  const check = await testKafka(deps, id, settings, force);
  const cluster = await deps.db.transaction(async (tx) => {
    const [row] = await tx.update(kafkaClusters).set({ ...settings, updatedAt: new Date() }).where(eq(kafkaClusters.id, id)).returning();
    if (!row) throw ApiError.notFound(`Kafka cluster "${id}" is not registered`);
    await auditKafka(tx, who, 'cluster.update', row, check, force);
    return row;
  });
  await deps.clients.releaseKafkaCluster(id);
  return { ...kafkaClusterView(cluster), check };
}

/** Topic templates scoped to it go with it (the foreign key cascades); the audit entry names them. */
export async function deleteKafkaCluster(deps: ClusterDeps, who: AuditActor, id: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const templates = await templatesScopedTo(tx, 'kafka', id);
    const [row] = await tx.delete(kafkaClusters).where(eq(kafkaClusters.id, id)).returning();
    if (!row) throw ApiError.notFound(`Kafka cluster "${id}" is not registered`);
    await recordAudit(tx, who, { action: 'cluster.delete', clusterId: id, objectType: 'kafka-cluster', objectId: id, details: { name: row.name, ...removedTemplates(templates) } });
  });
  await deps.clients.releaseKafkaCluster(id);
}

async function auditKafka(tx: Tx, who: AuditActor, action: string, row: typeof kafkaClusters.$inferSelect, check: KafkaCheck, force: boolean) {
  const { createdAt: _c, updatedAt: _u, ...shown } = kafkaClusterView(row);
  await recordAudit(tx, who, {
    action,
    clusterId: row.id,
    objectType: 'kafka-cluster',
    objectId: row.id,
    details: { ...shown, check: check.status, ...(force && check.status !== 'up' ? { forced: true } : {}) },
  });
}

// ---------------------------------------------------------------------------------------------- Connect

async function testConnect(deps: ClusterDeps, id: string, settings: ConnectSettings, force: boolean): Promise<ConnectCheck> {
  const check = await checkConnect(settings, deps.secrets);
  if (check.status !== 'up' && !force) {
    const failures = check.workers.filter((worker) => worker.status === 'down').map((worker) => worker.error);
    throw refuseUnreachable(`Connect cluster "${id}": ${failures.join('; ')}`);
  }
  return check;
}

async function requireKafkaReference(db: Db, kafkaClusterId: string | null): Promise<void> {
  if (kafkaClusterId && !(await getKafkaCluster(db, kafkaClusterId))) {
    throw ApiError.badRequest(`Kafka cluster "${kafkaClusterId}" is not registered`, 'kafkaClusterId');
  }
}

export async function createConnectCluster(deps: ClusterDeps, who: AuditActor, input: CreateConnectClusterInput, force: boolean) {
  if (await getConnectCluster(deps.db, input.id)) throw ApiError.conflict(`Connect cluster "${input.id}" is already registered`);
  const settings = connectSettings(deps.secrets, input);
  await requireKafkaReference(deps.db, settings.kafkaClusterId);
  const check = await testConnect(deps, input.id, settings, force);
  await deps.db.transaction(async (tx) => {
    const { workers, ...cluster } = settings;
    const [row] = await tx.insert(connectClusters).values({ id: input.id, ...cluster }).onConflictDoNothing().returning();
    if (!row) throw ApiError.conflict(`Connect cluster "${input.id}" is already registered`);
    await tx.insert(connectWorkers).values(workers.map((worker) => ({ connectClusterId: input.id, ...worker })));
    await auditConnect(tx, who, 'connect-cluster.create', input.id, settings, check, force);
  });
  return { ...connectClusterView((await getConnectCluster(deps.db, input.id))!), check };
}

export async function updateConnectCluster(deps: ClusterDeps, who: AuditActor, id: string, input: ConnectClusterInput, force: boolean) {
  const existing = await getConnectCluster(deps.db, id);
  if (!existing) throw ApiError.notFound(`Connect cluster "${id}" is not registered`);
  const settings = connectSettings(deps.secrets, input, existing);
  await requireKafkaReference(deps.db, settings.kafkaClusterId);
  const check = await testConnect(deps, id, settings, force);
  await deps.db.transaction(async (tx) => {
    const { workers, ...cluster } = settings;
    await tx.update(connectClusters).set({ ...cluster, updatedAt: new Date() }).where(eq(connectClusters.id, id));
    await tx.delete(connectWorkers).where(eq(connectWorkers.connectClusterId, id));
    await tx.insert(connectWorkers).values(workers.map((worker) => ({ connectClusterId: id, ...worker })));
    await auditConnect(tx, who, 'connect-cluster.update', id, settings, check, force);
  });
  deps.clients.releaseConnectCluster(id);
  return { ...connectClusterView((await getConnectCluster(deps.db, id))!), check };
}

/** Its config history, install records and connector templates go with it (foreign keys cascade). */
export async function deleteConnectCluster(deps: ClusterDeps, who: AuditActor, id: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const templates = await templatesScopedTo(tx, 'connect', id);
    const [row] = await tx.delete(connectClusters).where(eq(connectClusters.id, id)).returning();
    if (!row) throw ApiError.notFound(`Connect cluster "${id}" is not registered`);
    await recordAudit(tx, who, {
      action: 'connect-cluster.delete',
      clusterId: id,
      objectType: 'connect-cluster',
      objectId: id,
      details: { name: row.name, ...removedTemplates(templates) },
    });
  });
  deps.clients.releaseConnectCluster(id);
}

async function auditConnect(tx: Tx, who: AuditActor, action: string, id: string, settings: ConnectSettings, check: ConnectCheck, force: boolean) {
  await recordAudit(tx, who, {
    action,
    clusterId: id,
    objectType: 'connect-cluster',
    objectId: id,
    details: {
      name: settings.name,
      kafkaClusterId: settings.kafkaClusterId,
      workers: settings.workers.map((worker) => ({ url: worker.url, agentUrl: worker.agentUrl })),
      auth: settings.auth ? settings.auth.kind : null,
      tls: settings.tls !== null,
      check: check.status,
      ...(force && check.status !== 'up' ? { forced: true } : {}),
    },
  });
}
