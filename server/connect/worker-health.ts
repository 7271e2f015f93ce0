/**
 * What a Connect cluster's workers hold beyond connector states: the plugins each worker lists (lined up so drift
 * between workers shows, as on the plugins page) and each plugin agent's node health (disk where plugins live).
 * Read at most once per the age a reader accepts and shared between readers (the alert evaluator asks once a
 * minute), so adding rules never adds requests to the workers.
 */
import type { ClientRegistry } from '../clusters/client-registry';
import type { ConnectCluster } from '../clusters/registry';
import type { NodeHealth } from '../../plugins/agent/node-health';
import { Latest } from '../util/latest';
import { lineUp, type ClusterPlugin, type WorkerPlugins } from './plugins';

const TIMEOUT_MS = 5_000;

export interface PluginReading {
  at: number;
  /** Lined up over the workers that answered; drift is a class not on every one, or in several versions. */
  plugins: ClusterPlugin[];
  answered: number;
}

export interface AgentReading {
  at: number;
  /** Agents that answered; a worker without an agent, or whose agent is down, is left out. */
  agents: { worker: string; node: NodeHealth }[];
  /** Workers that have an agent registered. */
  registered: number;
}

export class WorkerHealthReader {
  readonly #plugins: Latest<ConnectCluster, PluginReading>;
  readonly #agents: Latest<ConnectCluster, AgentReading>;

  constructor(
    clients: ClientRegistry,
    private readonly now: () => number = Date.now,
  ) {
    this.#plugins = new Latest(async (cluster) => {
      const client = clients.connect.get(cluster);
      const workers = await Promise.all(
        cluster.workers.map(async ({ url }): Promise<WorkerPlugins> => {
          try {
            return { url, status: 'up', plugins: await client.workerPlugins(url, { timeoutMs: TIMEOUT_MS }) };
          } catch (error) {
            return { url, status: 'down', error: (error as Error).message, plugins: [] };
          }
        }),
      );
      return { at: this.now(), plugins: lineUp(workers), answered: workers.filter((w) => w.status === 'up').length };
    });
    this.#agents = new Latest(async (cluster) => {
      const answers = await Promise.all(
        cluster.workers.map(async (worker) => {
          const agent = clients.agents.get(worker, cluster);
          if (!agent) return [];
          try {
            return [{ worker: worker.url, node: (await agent.health(TIMEOUT_MS)).node }];
          } catch {
            return [];
          }
        }),
      );
      return { at: this.now(), agents: answers.flat(), registered: cluster.workers.filter((w) => w.agentUrl).length };
    });
  }

  plugins(cluster: ConnectCluster, maxAgeMs: number): Promise<PluginReading> {
    return this.#plugins.get(cluster, maxAgeMs, this.now());
  }

  agents(cluster: ConnectCluster, maxAgeMs: number): Promise<AgentReading> {
    return this.#agents.get(cluster, maxAgeMs, this.now());
  }

  /** Without waiting (util/latest.ts `peek`): readings up to three ages old serve, a newer one is read meanwhile. */
  peekPlugins(cluster: ConnectCluster, maxAgeMs: number): PluginReading | undefined {
    return this.#plugins.peek(cluster, maxAgeMs, 3 * maxAgeMs, this.now());
  }

  peekAgents(cluster: ConnectCluster, maxAgeMs: number): AgentReading | undefined {
    return this.#agents.peek(cluster, maxAgeMs, 3 * maxAgeMs, this.now());
  }
}
