/**
 * Asking for installs, upgrades and uninstalls, retries and rollbacks. Each request is checked and
 * planned here (which workers, what they had before, which connectors it touches), persisted with
 * its audit entry in one transaction, and handed to the runner; the HTTP answer does not wait.
 */
import { isValidPluginName } from '../../plugins/archive';
import { fetchCatalogArtifact, getArtifact, type ArtifactRecord } from '../artifacts';
import { recordAudit, type AuditActor } from '../audit/record';
import { compatibilityOf, type CatalogVersion } from '../catalog';
import { getConnectCluster, type ConnectCluster } from '../clusters/registry';
import { ApiError } from '../http/errors';
import type { AffectedConnector, InstallKind } from '../db/tables';
import { pluginClasses, connectorClassesOf } from './classes';
import type { DeliveryContext } from './context';
import { pluginOn, surveyWorkers, type WorkerPlugins } from './survey';
import {
  activeOperation,
  appendSteps,
  getOperation,
  insertOperation,
  listOperations,
  reclaimOperation,
  resetFailedSteps,
  skipPendingSteps,
  type NewOperation,
  type NewStep,
  type Operation,
  type Tx,
} from './store';
import { operationView, type OperationView } from './views';

export type InstallSource = { catalog: { id: string; version: string }; force?: boolean } | { artifact: string; name?: string };

export interface Accepted {
  operation: OperationView;
  /** Set when running connectors use the plugin: they are restarted with their worker, one worker at a time. */
  warning?: string;
}

export async function requestInstall(ctx: DeliveryContext, who: AuditActor, connectId: string, source: InstallSource): Promise<Accepted> {
  const cluster = await requireCluster(ctx, connectId);
  // before fetching a catalog archive: a busy cluster should not cost a download
  await refuseIfBusy(ctx, connectId);
  const artifact = await resolveArtifact(ctx, cluster, source);
  const name = 'artifact' in source && source.name ? source.name : artifact.name;
  if (!isValidPluginName(name)) throw ApiError.badRequest(`Plugin name "${name}" must be lower-case letters, digits, ".", "_" or "-", starting with a letter or digit`, 'name');
  const classes = connectorClassesOf(artifact.inspection);
  if (classes.length === 0) throw new ApiError(400, 'no_plugin_classes', `Artifact ${artifact.sha256} (${artifact.name}) provides no Kafka Connect connector, converter or transform classes`);

  const survey = await surveyWorkers(cluster, ctx.agentFor);
  const existing = survey.map((s) => pluginOn(s, name)).filter((p) => p !== undefined);
  const kind: InstallKind = existing.length > 0 ? 'upgrade' : 'install';
  const oldClasses = existing.flatMap((plugin) => pluginClasses(plugin.classes));
  const affected = kind === 'upgrade' ? await affectedConnectors(ctx, cluster, new Set([...oldClasses, ...classes])) : [];
  const steps = survey.flatMap(({ worker }): NewStep[] => [
    { workerUrl: worker.url, step: 'push' },
    { workerUrl: worker.url, step: 'restart' },
    { workerUrl: worker.url, step: 'verify' },
  ]);
  return create(ctx, who, cluster, {
    connectClusterId: cluster.id,
    kind,
    artifactSha256: artifact.sha256,
    pluginName: name,
    pluginVersion: artifact.version,
    requestedBy: who.actor,
    previous: previousOf(survey, name),
    affectedConnectors: affected,
    classes,
  }, steps, source);
}

export async function requestUninstall(ctx: DeliveryContext, who: AuditActor, connectId: string, name: string): Promise<Accepted> {
  const cluster = await requireCluster(ctx, connectId);
  await refuseIfBusy(ctx, connectId);
  const survey = await surveyWorkers(cluster, ctx.agentFor);
  const holders = survey.filter((s) => pluginOn(s, name));
  if (holders.length === 0) throw ApiError.notFound(`Plugin "${name}" is not in plugin.path on any worker of Connect cluster "${connectId}"`);
  const classes = [...new Set(holders.flatMap((s) => pluginClasses(pluginOn(s, name)!.classes)))].sort();
  const steps = holders.flatMap(({ worker }): NewStep[] => [
    { workerUrl: worker.url, step: 'remove' },
    { workerUrl: worker.url, step: 'restart' },
    { workerUrl: worker.url, step: 'verify' },
  ]);
  const versions = holders.map((s) => pluginOn(s, name)!.installed?.sha256).filter((sha) => sha !== undefined);
  const known = versions[0] ? await getArtifact(ctx.db, versions[0]) : undefined;
  return create(ctx, who, cluster, {
    connectClusterId: cluster.id,
    kind: 'uninstall',
    artifactSha256: null,
    pluginName: name,
    pluginVersion: known?.version ?? null,
    requestedBy: who.actor,
    previous: previousOf(survey, name),
    affectedConnectors: await affectedConnectors(ctx, cluster, new Set(classes)),
    classes,
  }, steps, { plugin: name });
}

export async function retryOperation(ctx: DeliveryContext, who: AuditActor, id: string, reason?: string): Promise<OperationView> {
  const operation = await requireOperation(ctx, id);
  if (operation.state !== 'failed') throw new ApiError(409, 'not_failed', `Install operation ${id} is ${operation.state}: only a failed operation can be retried`);
  await ctx.db.transaction(async (tx) => {
    await claim(tx, operation);
    await resetFailedSteps(tx, id);
    await recordAudit(tx, who, auditEntry(operation, 'retry', { failedStep: failedStepOf(operation), ...(reason ? { reason } : {}) }));
  });
  void ctx.runner.rerun(id);
  return operationView(await requireOperation(ctx, id));
}

/**
 * Puts back what the failed operation changed: each worker whose plugin folder was already replaced
 * (or removed) gets its previous artifact again, or loses the plugin when it had none, and restarts.
 */
export async function rollbackOperation(ctx: DeliveryContext, who: AuditActor, id: string, reason?: string): Promise<OperationView> {
  const operation = await requireOperation(ctx, id);
  if (operation.state !== 'failed') throw new ApiError(409, 'not_failed', `Install operation ${id} is ${operation.state}: only a failed operation can be rolled back`);
  if (operation.steps.some((s) => s.phase === 'rollback')) {
    throw new ApiError(409, 'rollback_failed', `Install operation ${id} already failed while rolling back: retry it to finish the rollback`);
  }
  const steps = await rollbackSteps(ctx, operation);
  await ctx.db.transaction(async (tx) => {
    await claim(tx, operation);
    // the failed step stays failed, as history; what never ran is abandoned
    await skipPendingSteps(tx, id);
    await appendSteps(tx, id, steps);
    await recordAudit(tx, who, auditEntry(operation, 'rollback', { workers: [...new Set(steps.map((s) => s.workerUrl))], ...(reason ? { reason } : {}) }));
  });
  void ctx.runner.rerun(id);
  return operationView(await requireOperation(ctx, id));
}

export async function operationFor(ctx: DeliveryContext, id: string): Promise<OperationView> {
  return operationView(await requireOperation(ctx, id));
}

export async function operationHistory(ctx: DeliveryContext, connectId: string, page: { limit: number; offset: number }) {
  await requireCluster(ctx, connectId);
  const { items, total } = await listOperations(ctx.db, connectId, page);
  return { items: items.map(operationView), total };
}

// ---------------------------------------------------------------------------------------------- helpers

async function requireCluster(ctx: DeliveryContext, connectId: string): Promise<ConnectCluster> {
  const cluster = await getConnectCluster(ctx.db, connectId);
  if (!cluster) throw ApiError.notFound(`Connect cluster "${connectId}" is not registered`);
  if (cluster.workers.length === 0) throw new ApiError(409, 'no_workers', `Connect cluster "${connectId}" has no workers registered`);
  return cluster;
}

export async function requireOperation(ctx: DeliveryContext, id: string): Promise<Operation> {
  const operation = /^[0-9a-f-]{36}$/i.test(id) ? await getOperation(ctx.db, id) : undefined;
  if (!operation) throw ApiError.notFound(`No install operation ${id}`);
  return operation;
}

async function resolveArtifact(ctx: DeliveryContext, cluster: ConnectCluster, source: InstallSource): Promise<ArtifactRecord> {
  if ('artifact' in source) {
    const artifact = await getArtifact(ctx.db, source.artifact);
    if (!artifact) throw ApiError.notFound(`No artifact ${source.artifact}: upload it with POST /api/v1/artifacts first`);
    return artifact;
  }
  const catalog = await ctx.catalog();
  const entry = catalog.get(source.catalog.id);
  if (!entry) throw ApiError.notFound(`Catalog has no entry "${source.catalog.id}"`);
  const version = catalog.getVersion(entry.id, source.catalog.version);
  if (!version) throw ApiError.notFound(`Catalog entry "${entry.id}" has no version ${source.catalog.version} (known: ${entry.versions.map((v) => v.version).join(', ')})`);
  // before the download: a version made for another Kafka fails on the workers after a rolling restart
  if (!source.force) await refuseIncompatible(ctx, cluster, entry.id, version);
  return (await fetchCatalogArtifact(ctx.artifacts, entry, version)).artifact;
}

/**
 * A catalog version whose Kafka range excludes the cluster's Kafka version is refused (400 on
 * `catalog.version`) unless the request says `force: true`. The version comes from the workers' own
 * `GET /`; when none answers nothing can be said, and the install's own steps will report the workers.
 */
async function refuseIncompatible(ctx: DeliveryContext, cluster: ConnectCluster, entryId: string, version: CatalogVersion): Promise<void> {
  const kafkaVersion = await clusterKafkaVersion(ctx, cluster);
  const verdict = compatibilityOf(version, kafkaVersion);
  if (verdict.compatible !== false) return;
  throw new ApiError(
    400,
    'incompatible_version',
    `Catalog entry "${entryId}" ${verdict.reason} (Connect cluster "${cluster.id}"): pick a version for Kafka ${kafkaVersion}, or send "force": true to install it anyway`,
    'catalog.version',
  );
}

/** The Kafka version the first answering worker reports; null when none answers. */
export async function clusterKafkaVersion(ctx: Pick<DeliveryContext, 'clients'>, cluster: ConnectCluster): Promise<string | null> {
  const client = ctx.clients.get(cluster);
  for (const worker of cluster.workers) {
    try {
      return (await client.workerInfo(worker.url, { timeoutMs: KAFKA_VERSION_TIMEOUT_MS })).version;
    } catch {
      // the next worker may answer
    }
  }
  return null;
}

const KAFKA_VERSION_TIMEOUT_MS = 3_000;

async function refuseIfBusy(ctx: DeliveryContext, connectId: string): Promise<void> {
  const active = await activeOperation(ctx.db, connectId);
  if (active) throw busy(connectId, active.id, `${active.kind} of ${active.pluginName}`);
}

export function busy(connectId: string, operationId: string, what: string): ApiError {
  const error = new ApiError(409, 'install_in_progress', `Connect cluster "${connectId}" already has install operation ${operationId} (${what}) in progress: one operation per cluster at a time`);
  error.headers.Location = `/api/v1/installs/${operationId}`;
  return error;
}

async function claim(tx: Tx, operation: Operation): Promise<void> {
  if (await reclaimOperation(tx, operation.id, 'failed')) return;
  const active = await activeOperation(tx, operation.connectClusterId);
  if (active && active.id !== operation.id) throw busy(operation.connectClusterId, active.id, `${active.kind} of ${active.pluginName}`);
  throw new ApiError(409, 'not_failed', `Install operation ${operation.id} changed meanwhile: it is no longer failed`);
}

function failedStepOf(operation: Operation) {
  const step = operation.steps.find((s) => s.state === 'failed');
  return step ? { worker: step.workerUrl, step: step.step, error: step.error } : null;
}

async function rollbackSteps(ctx: DeliveryContext, operation: Operation): Promise<NewStep[]> {
  const changed = operation.steps.filter((s) => s.phase === 'apply' && (s.step === 'push' || s.step === 'remove') && s.state === 'succeeded');
  const steps: NewStep[] = [];
  for (const { workerUrl } of changed) {
    const before = operation.previous?.workers[workerUrl] ?? null;
    if (before && !(await ctx.artifacts.store.exists(before))) {
      throw new ApiError(409, 'previous_unavailable', `Cannot roll back worker ${workerUrl}: its previous artifact ${before} is not in the artifact store`);
    }
    steps.push(before ? { workerUrl, step: 'push', phase: 'rollback', artifactSha256: before } : { workerUrl, step: 'remove', phase: 'rollback' });
    steps.push({ workerUrl, step: 'restart', phase: 'rollback' }, { workerUrl, step: 'verify', phase: 'rollback' });
  }
  return steps;
}

function previousOf(survey: WorkerPlugins[], name: string) {
  return { workers: Object.fromEntries(survey.map((s) => [s.worker.url, pluginOn(s, name)?.installed?.sha256 ?? null])) };
}

/** Connectors whose class the plugin provides; Connect's answer is best effort (a down cluster still gets its install). */
async function affectedConnectors(ctx: DeliveryContext, cluster: ConnectCluster, classes: Set<string>): Promise<AffectedConnector[]> {
  try {
    const listing = await ctx.clients.get(cluster).listConnectors();
    return listing
      .filter((c) => classes.has(c.info?.config['connector.class'] ?? ''))
      .map((c) => ({ name: c.name, class: c.info!.config['connector.class']!, state: c.status?.connector.state ?? 'UNKNOWN' }))
      .sort((a, b) => a.name.localeCompare(b.name));
  } catch (error) {
    ctx.logger.warn({ err: error, connectId: cluster.id }, `plugin delivery: cannot list the connectors of "${cluster.id}" to find those the change affects`);
    return [];
  }
}

function auditEntry(operation: Pick<Operation, 'id' | 'kind' | 'connectClusterId' | 'pluginName' | 'pluginVersion' | 'artifactSha256'>, verb: string, details: Record<string, unknown> = {}) {
  return {
    action: `plugin.${operation.kind}${verb ? `.${verb}` : ''}`,
    clusterId: operation.connectClusterId,
    objectType: 'install',
    objectId: operation.id,
    details: { plugin: operation.pluginName, version: operation.pluginVersion, artifact: operation.artifactSha256, ...details },
  };
}

async function create(ctx: DeliveryContext, who: AuditActor, cluster: ConnectCluster, operation: NewOperation, steps: NewStep[], source: unknown): Promise<Accepted> {
  const row = await ctx.db.transaction(async (tx) => {
    const inserted = await insertOperation(tx, operation, steps);
    if (!inserted) return undefined;
    await recordAudit(tx, who, auditEntry(inserted, '', { source, affectedConnectors: operation.affectedConnectors.map((c) => c.name) }));
    return inserted;
  });
  if (!row) {
    const active = await activeOperation(ctx.db, cluster.id);
    throw busy(cluster.id, active?.id ?? 'unknown', active ? `${active.kind} of ${active.pluginName}` : 'just started');
  }
  void ctx.runner.run(row.id);
  const view = operationView((await getOperation(ctx.db, row.id))!);
  const running = operation.affectedConnectors.filter((c) => c.state === 'RUNNING');
  const warning = operation.affectedConnectors.length
    ? `${operation.kind === 'uninstall' ? 'Uninstalling' : 'Upgrading'} ${operation.pluginName} affects ${operation.affectedConnectors.length} connector(s) (${running.length} running): ${operation.affectedConnectors.map((c) => c.name).join(', ')}. ` +
      (operation.kind === 'uninstall'
        ? 'They will fail once no worker has the plugin.'
        : 'Workers restart one at a time, so they keep running on the other workers.')
    : undefined;
  return { operation: view, ...(warning ? { warning } : {}) };
}
