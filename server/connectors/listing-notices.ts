/**
 * Config history noticed from connector lists, off the list's answer path. A list's purpose is the list: it
 * hands the configs it read to this queue and answers, instead of waiting for the history query (after the
 * 15 s shortcut expires that query reads every connector's newest hash, a fifth of a 1,000-connector list's time).
 *
 * Per cluster one notice runs at a time, and only the newest listing waits behind it: an older listing holds
 * nothing a newer one lacks. Noticing stays as careful as before (an observation older than the newest version
 * is dropped), so a list answered before a write cannot record a stale config after it.
 */
import type { ConnectorConfig } from '../connect/types';
import type { Db } from '../db';
import type { Logger } from '../logger';
import type { SecretBox } from '../secrets/secret-box';
import { noticeConfigs } from './history';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Listing {
  configs: Map<string, ConnectorConfig>;
  observedAt: Date;
}

export class ListingNotices {
  readonly #running = new Map<string, Promise<void>>();
  readonly #waiting = new Map<string, Listing>();

  constructor(private readonly deps: { db: Db; secrets: SecretBox; logger: Logger }) {}

  /** Queues a listing's configs for noticing; never throws, never waits. */
  notice(connectId: string, configs: Map<string, ConnectorConfig>, observedAt: Date): void {
    this.#waiting.set(connectId, { configs, observedAt });
    // Started on the next turn of the event loop, so even the hashing (a JSON.stringify per connector) comes after the answer is sent.
    if (!this.#running.has(connectId)) this.#running.set(connectId, nextTurn().then(() => this.#drain(connectId)));
  }

  /** Resolves once every listing queued so far has been noticed (tests; a server about to stop). */
  async settled(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running.values());
  }

  async #drain(connectId: string): Promise<void> {
    try {
      for (let listing = this.#take(connectId); listing; listing = this.#take(connectId)) {
        try {
          await noticeConfigs(this.deps.db, this.deps.secrets, connectId, listing.configs, listing.observedAt);
        } catch (error) {
          // History is a record, not the list's purpose: a failure is logged, and the next list tries again.
          this.deps.logger.warn({ err: error, connectId }, `config history: could not record changes noticed on Connect cluster "${connectId}"`);
        }
      }
    } finally {
      this.#running.delete(connectId);
    }
  }

  #take(connectId: string): Listing | undefined {
    const listing = this.#waiting.get(connectId);
    this.#waiting.delete(connectId);
    return listing;
  }
}
