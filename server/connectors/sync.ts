/**
 * The config sync: changes made on Connect directly show up in config history even when nobody opens
 * Connectory. It rides on the connector watch's listings (no listing of its own) and records each cluster's
 * configs at most once per interval; `runOnce()` (tests) asks the watch for a pass and records at once.
 */
import type { ClientRegistry } from '../clusters/client-registry';
import type { Db } from '../db';
import type { Logger } from '../logger';
import type { SecretBox } from '../secrets/secret-box';
import { noticeConfigs } from './history';
import { ConnectorWatch, type ConnectorSnapshot } from './watch';

export const DEFAULT_SYNC_INTERVAL_MS = 30_000;

export interface ConfigSync {
  /** One pass now (tests); resolves with the number of versions recorded. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

export function startConfigSync(deps: {
  db: Db;
  secrets: SecretBox;
  logger: Logger;
  clients: ClientRegistry;
  /** The app's watch; without one the sync owns a watch that only its `runOnce()` drives. */
  watch?: ConnectorWatch;
  intervalMs?: number;
}): ConfigSync {
  const log = deps.logger.child({ component: 'config-sync' });
  const watch = deps.watch ?? new ConnectorWatch({ db: deps.db, clients: deps.clients, logger: deps.logger });
  const intervalMs = deps.intervalMs ?? DEFAULT_SYNC_INTERVAL_MS;
  const recordedAt = new Map<string, number>();
  /** Clusters that failed last pass: logged once when they fail and once when they recover, not every pass. */
  const failing = new Set<string>();
  let recording: Promise<number> = Promise.resolve(0);

  async function record(snapshots: ConnectorSnapshot[], force: boolean): Promise<number> {
    let recorded = 0;
    for (const snapshot of snapshots) {
      const { connectId } = snapshot;
      if (!snapshot.listings) {
        if (!failing.has(connectId)) log.warn({ connectId }, `config sync: Connect cluster "${connectId}": ${snapshot.error}`);
        failing.add(connectId);
        continue;
      }
      if (failing.delete(connectId)) log.info({ connectId }, `config sync: Connect cluster "${connectId}" answers again`);
      if (!force && snapshot.at - (recordedAt.get(connectId) ?? 0) < intervalMs) continue;
      recordedAt.set(connectId, snapshot.at);
      const configs = new Map(snapshot.listings.flatMap((listing) => (listing.info ? [[listing.name, listing.info.config] as const] : [])));
      recorded += await noticeConfigs(deps.db, deps.secrets, connectId, configs, new Date(snapshot.at));
    }
    if (recorded > 0) log.info({ recorded }, 'config sync: recorded changes made outside Connectory');
    return recorded;
  }

  /** One recording at a time, in the order the passes came. */
  function queue(snapshots: ConnectorSnapshot[], force: boolean): Promise<number> {
    recording = recording.catch(() => 0).then(() => record(snapshots, force));
    return recording;
  }

  /** While `runOnce()` drives a pass, it records that pass itself (forced), so the listener leaves it alone. */
  let driving = 0;
  const unsubscribe = watch.subscribe((snapshots) => (driving > 0 ? undefined : queue(snapshots, false).then(() => undefined)));
  return {
    async runOnce() {
      driving += 1;
      try {
        return await queue(await watch.runOnce(), true);
      } finally {
        driving -= 1;
      }
    },
    async stop() {
      unsubscribe();
      await recording.catch(() => {});
    },
  };
}
