/**
 * What each worker's agent has in plugin.path against what the worker itself lists: shows a plugin
 * that is missing on a worker, differs between workers, or is on disk but not loaded (no restart yet).
 */
import { inArray } from 'drizzle-orm';
import type { ConnectCluster } from '../clusters/registry';
import { artifacts } from '../db/tables';
import { ApiError } from '../http/errors';
import { getConnectCluster } from '../clusters/registry';
import type { AgentPlugin } from './agent-client';
import { pluginClasses } from './classes';
import type { DeliveryContext } from './context';

interface InstalledPlugin {
  name: string;
  sha256: string | null;
  version: string | null;
  classes: string[];
  loaded: boolean;
  missingClasses: string[];
}

interface WorkerView {
  url: string;
  agentUrl: string | null;
  agent: 'up' | 'down' | 'none';
  worker: 'up' | 'down';
  error?: string;
  plugins: InstalledPlugin[];
}

const TIMEOUT_MS = 5_000;

export async function installedPlugins(ctx: DeliveryContext, connectId: string) {
  const cluster = await getConnectCluster(ctx.db, connectId);
  if (!cluster) throw ApiError.notFound(`Connect cluster "${connectId}" is not registered`);
  const raw = await Promise.all(cluster.workers.map((worker) => askWorker(ctx, cluster, worker)));
  const versions = await versionsOf(ctx, raw.flatMap((w) => w.agentPlugins.map((p) => p.installed?.sha256 ?? '')).filter(Boolean));
  const workers: WorkerView[] = raw.map(({ view, agentPlugins, listed }) => ({
    ...view,
    plugins: agentPlugins.map((plugin) => describe(plugin, listed, versions)),
  }));
  return { connectId, workers, plugins: lineUp(workers) };
}

async function askWorker(ctx: DeliveryContext, cluster: ConnectCluster, worker: ConnectCluster['workers'][number]) {
  const agent = ctx.agentFor(worker, cluster);
  const client = ctx.clients.get(cluster);
  const errors: string[] = [];
  const [agentPlugins, listed] = await Promise.all([
    agent ? agent.listPlugins().catch((error: Error) => (errors.push(error.message), undefined)) : Promise.resolve(undefined),
    client.workerPlugins(worker.url, { timeoutMs: TIMEOUT_MS }).then(
      (plugins) => new Set(plugins.map((p) => p.class)),
      (error: Error) => (errors.push(error.message), undefined),
    ),
  ]);
  const view: Omit<WorkerView, 'plugins'> = {
    url: worker.url,
    agentUrl: worker.agentUrl,
    agent: !agent ? 'none' : agentPlugins ? 'up' : 'down',
    worker: listed ? 'up' : 'down',
    ...(errors.length ? { error: errors.join('; ') } : {}),
  };
  return { view, agentPlugins: agentPlugins ?? [], listed };
}

async function versionsOf(ctx: DeliveryContext, shas: string[]): Promise<Map<string, string | null>> {
  if (shas.length === 0) return new Map();
  const rows = await ctx.db.select({ sha256: artifacts.sha256, version: artifacts.version }).from(artifacts).where(inArray(artifacts.sha256, [...new Set(shas)]));
  return new Map(rows.map((row) => [row.sha256, row.version]));
}

function describe(plugin: AgentPlugin, listed: Set<string> | undefined, versions: Map<string, string | null>): InstalledPlugin {
  const classes = pluginClasses(plugin.classes);
  const missingClasses = listed ? classes.filter((c) => !listed.has(c)) : classes;
  const sha256 = plugin.installed?.sha256 ?? null;
  return { name: plugin.name, sha256, version: sha256 ? (versions.get(sha256) ?? null) : null, classes, loaded: listed !== undefined && missingClasses.length === 0, missingClasses };
}

function lineUp(workers: WorkerView[]) {
  const reachable = workers.filter((w) => w.agent === 'up');
  const names = [...new Set(reachable.flatMap((w) => w.plugins.map((p) => p.name)))].sort();
  return names.map((name) => {
    const holders = reachable.flatMap((w) => {
      const plugin = w.plugins.find((p) => p.name === name);
      return plugin ? [{ url: w.url, sha256: plugin.sha256, loaded: plugin.loaded }] : [];
    });
    const onEveryWorker = holders.length === reachable.length;
    const drift = !onEveryWorker || new Set(holders.map((h) => h.sha256)).size > 1 || holders.some((h) => !h.loaded);
    return { name, workers: holders, onEveryWorker, drift };
  });
}
