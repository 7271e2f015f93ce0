/**
 * The one poller of connector states: every registered Connect cluster is listed in one call each
 * (`expand=status&expand=info`) on a short interval, and whoever needs connector states (config history,
 * alerts, auto-restart) listens here instead of asking Connect again. Runs under the `connector-watch` lease,
 * so with several servers exactly one polls.
 */
import { listConnectClusters } from '../clusters/registry';
import type { ClientRegistry } from '../clusters/client-registry';
import type { ConnectorListing } from '../connect/types';
import type { Db } from '../db';
import { every, type Every } from '../jobs/every';
import type { Logger } from '../logger';

/** Short enough that a FAILED task reaches an alert receiver well within 10 s. */
export const DEFAULT_WATCH_INTERVAL_MS = 3_000;

export interface ConnectorSnapshot {
  connectId: string;
  /** When the listing was asked for (ms since the epoch). */
  at: number;
  /** Absent when the cluster did not answer; `error` then says why. */
  listings?: ConnectorListing[];
  error?: string;
}

export type SnapshotListener = (snapshots: ConnectorSnapshot[]) => void | Promise<void>;

export class ConnectorWatch {
  readonly #latest = new Map<string, ConnectorSnapshot>();
  readonly #listeners = new Set<SnapshotListener>();
  #loop: Every | undefined;
  #running: Promise<ConnectorSnapshot[]> | undefined;

  constructor(private readonly deps: { db: Db; clients: ClientRegistry; logger: Logger; intervalMs?: number }) {}

  get intervalMs(): number {
    return this.deps.intervalMs ?? DEFAULT_WATCH_INTERVAL_MS;
  }

  latest(connectId: string): ConnectorSnapshot | undefined {
    return this.#latest.get(connectId);
  }

  /** Called after every pass with the snapshot of each cluster; returns the unsubscribe. */
  subscribe(listener: SnapshotListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** One pass now; a pass already running is joined rather than doubled. */
  runOnce(): Promise<ConnectorSnapshot[]> {
    this.#running ??= this.#pass().finally(() => (this.#running = undefined));
    return this.#running;
  }

  start(): void {
    this.#loop ??= every(this.intervalMs, async () => void (await this.runOnce()), (error) =>
      this.deps.logger.error({ err: error }, `connector watch failed: ${error.message}`),
    );
  }

  async stop(): Promise<void> {
    const loop = this.#loop;
    this.#loop = undefined;
    await loop?.stop();
    await this.#running?.catch(() => {});
  }

  async #pass(): Promise<ConnectorSnapshot[]> {
    const clusters = (await listConnectClusters(this.deps.db)).filter((cluster) => cluster.workers.length > 0);
    const snapshots = await Promise.all(
      clusters.map(async (cluster): Promise<ConnectorSnapshot> => {
        const at = Date.now();
        try {
          return { connectId: cluster.id, at, listings: await this.deps.clients.connect.get(cluster).listConnectors() };
        } catch (error) {
          return { connectId: cluster.id, at, error: (error as Error).message };
        }
      }),
    );
    const present = new Set(clusters.map((cluster) => cluster.id));
    for (const id of this.#latest.keys()) if (!present.has(id)) this.#latest.delete(id);
    for (const snapshot of snapshots) this.#latest.set(snapshot.connectId, snapshot);
    for (const listener of this.#listeners) {
      try {
        await listener(snapshots);
      } catch (error) {
        this.deps.logger.error({ err: error }, `connector watch listener failed: ${(error as Error).message}`);
      }
    }
    return snapshots;
  }
}
