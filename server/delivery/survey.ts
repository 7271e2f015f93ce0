/** What each worker's agent has in plugin.path: the ground truth an operation is planned against. */
import type { ConnectCluster, ConnectWorker } from '../clusters/registry';
import { ApiError } from '../http/errors';
import { AgentError, type AgentClient, type AgentPlugin } from './agent-client';

export interface WorkerPlugins {
  worker: ConnectWorker;
  agent: AgentClient;
  plugins: AgentPlugin[];
}

export type AgentFactory = (worker: ConnectWorker, cluster: Pick<ConnectCluster, 'tls'>) => AgentClient | undefined;

/** Every worker needs an agent that answers: an operation that could only reach some would leave the cluster split. */
export async function surveyWorkers(cluster: ConnectCluster, agentFor: AgentFactory): Promise<WorkerPlugins[]> {
  const withoutAgent = cluster.workers.filter((worker) => !worker.agentUrl);
  if (withoutAgent.length > 0) {
    throw new ApiError(409, 'no_agent', `Connect cluster "${cluster.id}": worker(s) ${withoutAgent.map((w) => w.url).join(', ')} have no plugin agent registered; plugins cannot be delivered to them`);
  }
  return Promise.all(
    cluster.workers.map(async (worker) => {
      const agent = agentFor(worker, cluster)!;
      try {
        return { worker, agent, plugins: await agent.listPlugins() };
      } catch (error) {
        const status = error instanceof AgentError && error.status !== undefined ? 502 : 503;
        throw new ApiError(status, 'agent_unavailable', `${(error as Error).message} (worker ${worker.url}); nothing was changed`);
      }
    }),
  );
}

export function pluginOn(survey: WorkerPlugins, name: string): AgentPlugin | undefined {
  return survey.plugins.find((plugin) => plugin.name === name);
}
