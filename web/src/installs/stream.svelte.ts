// Follows one operation live: the server's event stream (GET /installs/{id}/events), with plain
// polling when the stream cannot be held open (a proxy that buffers, a server restarting mid-way).
import { ApiError } from '../lib/api';
import { getOperation, operationEventsPath } from './api';
import { isFinished, type Operation, type OperationStep } from './types';

export type Connection = 'connecting' | 'live' | 'polling' | 'idle';

const POLL_MS = 2_000;
/** Stream failures in a row before falling back to polling. */
const MAX_STREAM_ERRORS = 3;

export class OperationStream {
  operation = $state<Operation | undefined>();
  error = $state<ApiError | undefined>();
  connection = $state<Connection>('idle');

  #source: EventSource | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #streamErrors = 0;
  #stopped = true;

  constructor(readonly id: string) {}

  /** Loads the operation, then follows it until it finishes; returns the stop function. */
  start(): () => void {
    this.#stopped = false;
    void this.#load().then(() => this.#follow());
    return () => this.stop();
  }

  /** After a retry or rollback the operation runs again: follow it anew. */
  resume(next?: Operation): void {
    if (next) this.operation = next;
    this.#closeSource();
    this.#streamErrors = 0;
    this.#follow();
  }

  stop(): void {
    this.#stopped = true;
    this.#closeSource();
    clearTimeout(this.#timer);
    this.connection = 'idle';
  }

  async #load(): Promise<void> {
    try {
      this.operation = await getOperation(this.id);
      this.error = undefined;
    } catch (cause) {
      this.error = cause instanceof ApiError ? cause : new ApiError(0, 'unexpected', String(cause));
    }
  }

  #follow(): void {
    if (this.#stopped || !this.operation || isFinished(this.operation)) {
      this.connection = 'idle';
      return;
    }
    if (typeof EventSource === 'undefined' || this.#streamErrors >= MAX_STREAM_ERRORS) return this.#poll();
    this.connection = 'connecting';
    const source = new EventSource(operationEventsPath(this.id));
    this.#source = source;
    source.addEventListener('open', () => {
      this.connection = 'live';
    });
    source.addEventListener('operation', (event) => this.#adopt(parse<Operation>(event)));
    source.addEventListener('step', (event) => this.#patchStep(parse<OperationStep>(event)));
    source.addEventListener('done', (event) => {
      this.#adopt(parse<Operation>(event));
      this.#closeSource();
      this.connection = 'idle';
    });
    source.addEventListener('error', () => this.#streamFailed(source));
  }

  #streamFailed(source: EventSource): void {
    if (source !== this.#source) return;
    this.#streamErrors += 1;
    // EventSource reconnects by itself; after a few failures in a row, polling is the steadier choice.
    if (source.readyState === EventSource.CLOSED || this.#streamErrors >= MAX_STREAM_ERRORS) {
      this.#closeSource();
      void this.#load().then(() => this.#follow());
    } else {
      this.connection = 'connecting';
    }
  }

  #poll(): void {
    this.connection = 'polling';
    clearTimeout(this.#timer);
    this.#timer = setTimeout(async () => {
      await this.#load();
      if (this.#stopped) return;
      if (this.operation && !isFinished(this.operation)) this.#poll();
      else this.connection = 'idle';
    }, POLL_MS);
  }

  #adopt(operation: Operation | undefined): void {
    if (!operation) return;
    this.#streamErrors = 0;
    this.operation = operation;
    this.error = undefined;
  }

  #patchStep(step: OperationStep | undefined): void {
    const current = this.operation;
    if (!step || !current) return;
    const steps = current.steps.some((known) => known.position === step.position)
      ? current.steps.map((known) => (known.position === step.position ? step : known))
      : [...current.steps, step].sort((a, b) => a.position - b.position);
    this.operation = { ...current, steps };
  }

  #closeSource(): void {
    this.#source?.close();
    this.#source = undefined;
  }
}

function parse<T>(event: Event): T | undefined {
  try {
    return JSON.parse((event as MessageEvent<string>).data) as T;
  } catch {
    return undefined;
  }
}
