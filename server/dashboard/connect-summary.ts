import type { ClientRegistry } from '../clusters/client-registry';
import { connectClusterLiveness, probeWorker } from '../clusters/liveness';
import type { ConnectCluster, ConnectWorker } from '../clusters/registry';
import type { ConnectClient } from '../connect/client';
import type { ConnectorListing } from '../connect/types';
import { messageOf } from '../util/errors';
import { withTimeout } from '../util/timeout';
import type { ConnectClusterSummary, DashboardWorker } from './schema';

/**
 * One Connect cluster on the dashboard: connectors by state (one `GET /connectors?expand=status&expand=info`), and
 * every worker's REST root and plugin agent health, all in parallel and each bounded by `timeoutMs`.
 */
export async function summarizeConnect(cluster: ConnectCluster, clients: ClientRegistry, timeoutMs: number): Promise<ConnectClusterSummary> {
  // The shared client: a listing that failed over to a live worker makes the next one ask that worker first.
  const client = clients.connect.get(cluster);
  const [connectors, workers] = await Promise.all([
    withTimeout(client.listConnectors({ timeoutMs }), timeoutMs, () => `Connect cluster "${cluster.id}": listing connectors took longer than ${timeoutMs} ms`).then(
      (listing) => ({ counts: connectorCounts(listing) }),
      (error: unknown) => ({ error: `Connect cluster "${cluster.id}": ${messageOf(error)}` }),
    ),
    Promise.all(cluster.workers.map((worker) => summarizeWorker(client, cluster, worker, clients, timeoutMs))),
  ]);
  const summary: ConnectClusterSummary = {
    id: cluster.id,
    name: cluster.name,
    kafkaClusterId: cluster.kafkaClusterId,
    status: connectClusterLiveness(workers),
    connectors: 'counts' in connectors ? connectors.counts : null,
    workers,
  };
  if ('error' in connectors) summary.connectorsError = connectors.error;
  return summary;
}

export function connectorCounts(listing: ConnectorListing[]): NonNullable<ConnectClusterSummary['connectors']> {
  const byState: Record<string, number> = {};
  let failedTasks = 0;
  for (const connector of listing) {
    // Mid-rebalance a connector may have no status yet: Connect itself would call it unassigned.
    const state = connector.status?.connector.state ?? 'UNASSIGNED';
    byState[state] = (byState[state] ?? 0) + 1;
    failedTasks += connector.status?.tasks.filter((task) => task.state === 'FAILED').length ?? 0;
  }
  return { total: listing.length, byState, failedTasks };
}

async function summarizeWorker(client: ConnectClient, cluster: Pick<ConnectCluster, 'tls'>, worker: ConnectWorker, clients: ClientRegistry, timeoutMs: number): Promise<DashboardWorker> {
  const [probe, agent] = await Promise.all([probeWorker(client, worker.url, timeoutMs), agentOf(worker, cluster, clients, timeoutMs)]);
  const rest = probe.status === 'up' ? { status: probe.status, version: probe.version } : { status: probe.status, error: probe.error };
  return { url: worker.url, ...rest, agent };
}

async function agentOf(worker: ConnectWorker, cluster: Pick<ConnectCluster, 'tls'>, clients: ClientRegistry, timeoutMs: number): Promise<DashboardWorker['agent']> {
  if (!worker.agentUrl) return null;
  try {
    const health = await clients.agents.get(worker, cluster)!.health(timeoutMs);
    return { url: worker.agentUrl, status: 'up', node: health.node, ...(health.worker ? { worker: health.worker } : {}) };
  } catch (error) {
    return { url: worker.agentUrl, status: 'down', error: messageOf(error) };
  }
}
