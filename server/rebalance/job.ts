/**
 * The rebalance executor as a background job (server/jobs): only the server holding the `rebalance-executor` lease
 * runs proposals. It resumes what was left running (and removes throttles a finished proposal left) and picks up
 * proposals other servers approved. Losing the lease stops passes at their next step; the next holder carries on.
 */
import { every, type Every, type Job } from '../jobs';
import type { Logger } from '../logger';
import type { RebalanceExecutor } from './executor';

export const REBALANCE_JOB = 'rebalance-executor';
const PICKUP_MS = 2_000;

export function rebalanceJob(executor: RebalanceExecutor, logger: Logger, pickupMs = PICKUP_MS): Job {
  let pickup: Every | undefined;
  return {
    name: REBALANCE_JOB,
    start() {
      executor.activate();
      pickup = every(
        pickupMs,
        async () => void (await executor.resumeAll()),
        (error) => logger.error({ err: error }, `rebalance: cannot read unfinished proposals: ${error.message}`),
      );
    },
    async stop() {
      await pickup?.stop();
      pickup = undefined;
      await executor.deactivate();
    },
  };
}
