/**
 * `GET /api/v1/installs/{id}/events`: the operation's progress as server-sent events. `operation`
 * carries the whole operation, `step` one step when it changes, and `done` the final operation
 * when it finished (succeeded, failed or rolled back), after which the stream ends. Events come from
 * this process's runner as they happen; the database is read every couple of seconds as well, so a
 * stream opened on a server that is resuming (or not running) the operation still moves.
 */
import type { Context } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import { requirePrincipal } from '../auth/authorize';
import type { AppEnv } from '../http/env';
import type { DeliveryContext } from './context';
import { operationFor } from './service';
import { FINISHED_STATES, type OperationView } from './views';

const DB_POLL_MS = 2_000;
const HEARTBEAT_MS = 15_000;

export function operationEventStream(c: Context<AppEnv>, ctx: DeliveryContext, first: OperationView): Response {
  const release = c.get('eventStreams').acquire(requirePrincipal(c));
  return streamSSE(c, async (stream) => {
    let wake: (() => void) | undefined;
    let closed = false;
    // the runner's events only wake the loop: the database is what is sent, so both sources agree
    const unsubscribe = ctx.events.subscribe(first.id, () => wake?.());
    stream.onAbort(() => {
      closed = true;
      wake?.();
    });
    const sender = new Sender(stream);
    try {
      let current = first;
      await sender.update(current);
      let lastHeartbeat = Date.now();
      while (!closed && !isFinished(current)) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, DB_POLL_MS);
        });
        wake = undefined;
        if (closed) break;
        current = await operationFor(ctx, first.id);
        await sender.update(current);
        if (Date.now() - lastHeartbeat > HEARTBEAT_MS) {
          await stream.write(': keep-alive\n\n');
          lastHeartbeat = Date.now();
        }
      }
      if (!closed) await stream.writeSSE({ event: 'done', data: JSON.stringify(current), id: String(sender.nextId()) });
    } finally {
      unsubscribe();
      release();
    }
  });
}

function isFinished(operation: OperationView): boolean {
  return FINISHED_STATES.includes(operation.state);
}

/** Sends what changed since the last update: a `step` event per changed step, then the `operation`. */
class Sender {
  readonly #steps = new Map<number, string>();
  #operation = '';
  #id = 0;

  constructor(private readonly stream: SSEStreamingApi) {}

  nextId(): number {
    return ++this.#id;
  }

  async update(operation: OperationView): Promise<void> {
    for (const step of operation.steps) {
      const data = JSON.stringify(step);
      if (this.#steps.get(step.position) === data) continue;
      this.#steps.set(step.position, data);
      await this.stream.writeSSE({ event: 'step', data, id: String(this.nextId()) });
    }
    const data = JSON.stringify(operation);
    if (data === this.#operation) return;
    this.#operation = data;
    await this.stream.writeSSE({ event: 'operation', data, id: String(this.nextId()) });
  }
}
