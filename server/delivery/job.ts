/**
 * Plugin delivery as a background job (server/jobs): only the server holding the `plugin-delivery` lease runs
 * operations. It resumes what was left running and, every `pickupMs`, picks up operations other servers
 * accepted (they write the queued operation and leave it to the holder). Losing the lease stops the runs at
 * their next step boundary; the next holder resumes them from the database.
 */
import { every, type Every, type Job } from '../jobs';
import type { Logger } from '../logger';
import type { DeliveryRunner } from './runner';

export const DELIVERY_JOB = 'plugin-delivery';
/** How soon an install accepted by another server starts; one indexed query per interval. */
const PICKUP_MS = 1_000;

export function deliveryJob(runner: DeliveryRunner, logger: Logger, pickupMs = PICKUP_MS): Job {
  let pickup: Every | undefined;
  return {
    name: DELIVERY_JOB,
    start() {
      runner.activate();
      pickup = every(
        pickupMs,
        async () => void (await runner.resumeAll()),
        (error) => logger.error({ err: error }, `plugin delivery: cannot read unfinished operations: ${error.message}`),
      );
    },
    async stop() {
      await pickup?.stop();
      pickup = undefined;
      await runner.deactivate();
    },
  };
}
