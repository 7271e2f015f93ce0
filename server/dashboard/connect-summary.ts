import { connectClientFor } from '../clusters/clients';
import type { ConnectCluster, ConnectWorker } from '../clusters/registry';
import type { ConnectClient } from '../connect/client';
import type { ConnectorListing } from '../connect/types';
import type { SecretBox } from '../secrets/secret-box';
import { messageOf } from '../util/errors';
import { withTimeout } from '../util/timeout';
import { fetchAgentHealth } from './agent-health';
import type { ConnectClusterSummary, DashboardWorker } from './schema';

/**
 * One Connect cluster on the dashboard: connectors by state (one `GET /connectors?expand=status&expand=info`), and
 * every worker's REST root and plugin agent health, all in parallel and each bounded by `timeoutMs`.
 */
export async function summarizeConnect(cluster: ConnectCluster, secrets: SecretBox, timeoutMs: number): Promise<ConnectClusterSummary> {
  const client = connectClientFor(cluster, secrets, timeoutMs);
  const [connectors, workers] = await Promise.all([
    withTimeout(client.listConnectors(), timeoutMs, () => `Connect cluster "${cluster.id}": listing connectors took longer than ${timeoutMs} ms`).then(
      (listing) => ({ counts: connectorCounts(listing) }),
      (error: unknown) => ({ error: `Connect cluster "${cluster.id}": ${messageOf(error)}` }),
    ),
    Promise.all(cluster.workers.map((worker) => summarizeWorker(client, worker, secrets, timeoutMs))),
  ]);
  const up = workers.filter((worker) => worker.status === 'up').length;
  const summary: ConnectClusterSummary = {
    id: cluster.id,
    name: cluster.name,
    kafkaClusterId: cluster.kafkaClusterId,
    status: up === 0 ? 'down' : up === workers.length ? 'up' : 'degraded',
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

async function summarizeWorker(client: ConnectClient, worker: ConnectWorker, secrets: SecretBox, timeoutMs: number): Promise<DashboardWorker> {
  const [rest, agent] = await Promise.all([
    client.workerInfo(worker.url, { timeoutMs }).then(
      (info) => ({ status: 'up' as const, version: info.version }),
      (error: unknown) => ({ status: 'down' as const, error: messageOf(error) }),
    ),
    agentOf(worker, secrets, timeoutMs),
  ]);
  return { url: worker.url, ...rest, agent };
}

async function agentOf(worker: ConnectWorker, secrets: SecretBox, timeoutMs: number): Promise<DashboardWorker['agent']> {
  if (!worker.agentUrl) return null;
  try {
    const token = worker.agentTokenEnc ? secrets.decrypt(worker.agentTokenEnc) : '';
    const health = await fetchAgentHealth(worker.agentUrl, token, timeoutMs);
    return { url: worker.agentUrl, status: 'up', node: health.node, ...(health.worker ? { worker: health.worker } : {}) };
  } catch (error) {
    return { url: worker.agentUrl, status: 'down', error: messageOf(error) };
  }
}
