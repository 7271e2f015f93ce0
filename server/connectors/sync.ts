/**
 * The periodic config sync: every registered Connect cluster is listed (one call each) so changes made on
 * Connect directly show up in config history even when nobody opens Connectory. Runs one pass at a time;
 * `stop()` waits for a pass in progress.
 */
import { listConnectClusters } from '../clusters/registry';
import type { ClientRegistry } from '../clusters/client-registry';
import type { Db } from '../db';
import type { Logger } from '../logger';
import type { SecretBox } from '../secrets/secret-box';
import { noticeConfigs } from './history';

export const DEFAULT_SYNC_INTERVAL_MS = 30_000;

export interface ConfigSync {
  /** One pass now (tests); resolves with the number of versions recorded. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

export function startConfigSync(deps: { db: Db; secrets: SecretBox; logger: Logger; clients: ClientRegistry; intervalMs?: number }): ConfigSync {
  const log = deps.logger.child({ component: 'config-sync' });
  const clients = deps.clients.connect;
  const intervalMs = deps.intervalMs ?? DEFAULT_SYNC_INTERVAL_MS;
  /** Clusters that failed last pass: logged once when they fail and once when they recover, not every 30 s. */
  const failing = new Set<string>();
  let running: Promise<number> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  async function pass(): Promise<number> {
    let recorded = 0;
    for (const cluster of await listConnectClusters(deps.db)) {
      if (cluster.workers.length === 0) continue;
      const observedAt = new Date();
      try {
        const listings = await clients.get(cluster).listConnectors();
        const configs = new Map(listings.flatMap((listing) => (listing.info ? [[listing.name, listing.info.config] as const] : [])));
        recorded += await noticeConfigs(deps.db, deps.secrets, cluster.id, configs, observedAt);
        if (failing.delete(cluster.id)) log.info({ connectId: cluster.id }, `config sync: Connect cluster "${cluster.id}" answers again`);
      } catch (error) {
        if (!failing.has(cluster.id)) log.warn({ err: error, connectId: cluster.id }, `config sync: Connect cluster "${cluster.id}": ${(error as Error).message}`);
        failing.add(cluster.id);
      }
    }
    if (recorded > 0) log.info({ recorded }, 'config sync: recorded changes made outside Connectory');
    return recorded;
  }

  function runOnce(): Promise<number> {
    running ??= pass().finally(() => (running = undefined));
    return running;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      runOnce()
        .catch((error: Error) => log.error({ err: error }, `config sync failed: ${error.message}`))
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  }

  schedule();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}
