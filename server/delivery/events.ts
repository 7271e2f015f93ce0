import { EventEmitter } from 'node:events';
import type { OperationView, StepView } from './views';

export type DeliveryEvent =
  | { type: 'step'; operationId: string; step: StepView }
  | { type: 'operation'; operationId: string; operation: OperationView };

/**
 * Progress of the operations this process runs, for the server-sent events stream. Listeners of an
 * operation run by another process (or before a restart) still learn from the database: see sse.ts.
 */
export class DeliveryEvents {
  readonly #emitter = new EventEmitter();

  constructor() {
    // one listener per open SSE stream
    this.#emitter.setMaxListeners(0);
  }

  publish(event: DeliveryEvent): void {
    this.#emitter.emit(event.operationId, event);
  }

  /** Returns the unsubscribe function. */
  subscribe(operationId: string, listener: (event: DeliveryEvent) => void): () => void {
    this.#emitter.on(operationId, listener);
    return () => this.#emitter.off(operationId, listener);
  }
}
