/**
 * A cap on server-sent-event streams per caller. Each open stream holds a connection, a timer and database
 * polls for as long as the client keeps it; without a cap one user (or a leaked token) could open thousands.
 */
import type { Principal } from '../auth/principal';
import { ApiError } from './errors';

export const DEFAULT_MAX_EVENT_STREAMS_PER_USER = 10;

export class EventStreamSlots {
  readonly #open = new Map<string, number>();

  constructor(readonly maxPerCaller = DEFAULT_MAX_EVENT_STREAMS_PER_USER) {}

  /** Takes a slot for the caller, or throws 429; call the returned function exactly when the stream ends. */
  acquire(principal: Principal): () => void {
    const key = `${principal.kind}:${principal.id}`;
    const open = this.#open.get(key) ?? 0;
    if (open >= this.maxPerCaller) {
      throw new ApiError(429, 'too_many_streams', `${this.maxPerCaller} event streams are already open for this caller: close one first (MAX_EVENT_STREAMS_PER_USER)`);
    }
    this.#open.set(key, open + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#open.get(key) ?? 1) - 1;
      if (left > 0) this.#open.set(key, left);
      else this.#open.delete(key);
    };
  }

  openFor(principal: Principal): number {
    return this.#open.get(`${principal.kind}:${principal.id}`) ?? 0;
  }
}
