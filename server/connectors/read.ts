/** Reading connectors: lists (one Connect call per cluster) and one connector's detail. Both notice external changes. */
import { grantCoversCluster, type Grant } from '../auth/permissions';
import { listConnectClusters } from '../clusters/registry';
import { askConnect, toApiError } from '../connect/api-errors';
import type { ConnectorStatus, ConnectorType } from '../connect/types';
import { ConnectError } from '../connect/errors';
import type { OpenedCluster, ConnectServices } from '../connect/services';
import { maskConfig } from '../secrets/masking';
import { failureCause, type FailureCause } from './failure-causes';
import { noticeConfig } from './history';
import { countTasks, summarize, type ConnectorSummary, type TaskCounts } from './summary';

/** Every connector of one cluster, summarised; configs seen on the way are queued to be checked for external changes. */
export async function listClusterConnectors(services: ConnectServices, opened: OpenedCluster): Promise<ConnectorSummary[]> {
  const connectId = opened.cluster.id;
  const observedAt = new Date();
  const listings = await askConnect(connectId, () => opened.client.listConnectors());
  const configs = new Map(listings.flatMap((listing) => (listing.info ? [[listing.name, listing.info.config] as const] : [])));
  services.listingNotices.notice(connectId, configs, observedAt);
  return listings.map((listing) => summarize(connectId, listing));
}

export interface ClusterFailure {
  connectId: string;
  code: string;
  message: string;
}

/** Connectors of every Connect cluster the grant covers (or just `connectId`); a cluster that fails is reported, not fatal. */
export async function listAllConnectors(
  services: ConnectServices,
  grant: Grant,
  connectId?: string,
): Promise<{ items: ConnectorSummary[]; errors: ClusterFailure[] }> {
  const clusters = (await listConnectClusters(services.db)).filter(
    (cluster) => grantCoversCluster(grant, 'connect', cluster.id) && (connectId === undefined || cluster.id === connectId) && cluster.workers.length > 0,
  );
  const results = await Promise.allSettled(
    clusters.map((cluster) => listClusterConnectors(services, { cluster, client: services.clients.get(cluster) })),
  );
  const items: ConnectorSummary[] = [];
  const errors: ClusterFailure[] = [];
  results.forEach((result, index) => {
    if (result.status === 'fulfilled') items.push(...result.value);
    else errors.push(failureOf(clusters[index]!.id, result.reason));
  });
  return { items, errors };
}

function failureOf(connectId: string, reason: unknown): ClusterFailure {
  const error = toApiError(reason, connectId) as { code?: string; message?: string };
  return { connectId, code: error.code ?? 'internal', message: error.message ?? String(reason) };
}

export interface ConnectorDetail {
  connectId: string;
  name: string;
  type: ConnectorType;
  class: string | null;
  state: string;
  workerId: string | null;
  /** Java stack trace when the connector instance FAILED. */
  trace: string | null;
  /** The trace's real cause in words (see failure-causes.ts). */
  cause: FailureCause | null;
  /** Secrets masked. */
  config: Record<string, string>;
  tasks: { id: number; state: string; workerId: string; trace: string | null; cause: FailureCause | null }[];
  taskCounts: TaskCounts;
  /** Topics in use (KIP-558); null when the worker does not track them. */
  topics: string[] | null;
}

export async function connectorDetail(services: ConnectServices, opened: OpenedCluster, name: string): Promise<ConnectorDetail> {
  const connectId = opened.cluster.id;
  const { client } = opened;
  const observedAt = new Date();
  // The config first: an unknown connector is then reported as "Connector x not found", not by whichever call lost the race.
  const info = await askConnect(connectId, () => client.connectorInfo(name));
  const [status, topics] = await askConnect(connectId, () =>
    Promise.all([client.connectorStatus(name), client.connectorTopics(name).catch(topicsUnavailable)]),
  );
  await noticeQuietly(services, () => noticeConfig(services.db, services.secrets, { connectId, name, config: info.config, observedAt }), connectId);
  const connectorClass = info.config['connector.class'];
  const passwordKeys = await services.passwordKeys.get(connectId, client, connectorClass);
  return {
    connectId,
    name,
    type: status.type !== 'unknown' ? status.type : info.type,
    class: connectorClass ?? null,
    state: status.connector.state,
    workerId: status.connector.workerId ?? null,
    trace: status.connector.trace ?? null,
    cause: failureCause(status.connector.trace),
    config: maskConfig(info.config, passwordKeys),
    tasks: status.tasks.map((task) => ({ id: task.id, state: task.state, workerId: task.workerId, trace: task.trace ?? null, cause: failureCause(task.trace) })),
    taskCounts: countTasks(status),
    topics,
  };
}

/** Topic tracking can be disabled on the worker (403), or missing before Kafka 2.5 (404): not worth failing the page. */
function topicsUnavailable(error: unknown): null {
  if (error instanceof ConnectError && error.status !== 409 && error.status < 500) return null;
  throw error;
}

/** The status after an operation, for answers that show what the operation did. */
export async function connectorState(opened: OpenedCluster, name: string): Promise<ConnectorStatus> {
  return askConnect(opened.cluster.id, () => opened.client.connectorStatus(name));
}

/** History is a record, not the request's purpose: a failure to write it is logged, and the read still answers. */
async function noticeQuietly(services: ConnectServices, notice: () => Promise<unknown>, connectId: string): Promise<void> {
  try {
    await notice();
  } catch (error) {
    services.logger.warn({ err: error, connectId }, `config history: could not record changes noticed on Connect cluster "${connectId}"`);
  }
}
