/**
 * The auto-restart decision as a plain function of the policy, what was done so far, what Connect reports and
 * the time: the runner (runner.ts) persists and carries out what this returns, the unit tests call it directly.
 */
import { backoffSeconds, type AutoRestartPolicy } from './policy';

/** What auto-restart remembers of one connector. */
export interface RestartState {
  restarts: number;
  lastRestartAt: Date | null;
  nextTryAt: Date | null;
  gaveUpAt: Date | null;
  runningSince: Date | null;
}

export const FRESH_STATE: RestartState = { restarts: 0, lastRestartAt: null, nextTryAt: null, gaveUpAt: null, runningSince: null };

/** One connector as Connect reported it; undefined when it is no longer on the cluster. */
export interface ObservedConnector {
  connectorState: string;
  tasks: { id: number; state: string }[];
}

export type Decision =
  /** Nothing to do, nothing to remember. */
  | { kind: 'none' }
  /** Forget the connector: deleted, the policy turned off, or it has run long enough since the last restart. */
  | { kind: 'clear'; reason: 'deleted' | 'disabled' | 'recovered' }
  /** Restart what failed now; `state` is what to remember afterwards. */
  | { kind: 'restart'; attempt: number; connectorFailed: boolean; failedTasks: number[]; state: RestartState }
  /** Failed and out of restarts. */
  | { kind: 'give-up'; connectorFailed: boolean; failedTasks: number[]; state: RestartState }
  /** Remember something new (the RUNNING streak began or ended) without acting. */
  | { kind: 'remember'; state: RestartState };

export function decide(policy: AutoRestartPolicy, state: RestartState | undefined, observed: ObservedConnector | undefined, now: Date): Decision {
  if (!observed) return state ? { kind: 'clear', reason: 'deleted' } : { kind: 'none' };
  if (!policy.enabled) return state ? { kind: 'clear', reason: 'disabled' } : { kind: 'none' };
  const current = state ?? FRESH_STATE;
  const connectorFailed = observed.connectorState === 'FAILED';
  const failedTasks = observed.tasks.filter((task) => task.state === 'FAILED').map((task) => task.id);

  if (connectorFailed || failedTasks.length > 0) {
    const streakEnded = current.runningSince ? { ...current, runningSince: null } : current;
    if (current.gaveUpAt) return remember(current, streakEnded);
    // Waiting out the backoff; also keeps a status read just after a restart, still FAILED, from restarting twice.
    if (current.nextTryAt && now.getTime() < current.nextTryAt.getTime()) return remember(current, streakEnded);
    if (current.restarts >= policy.maxRestarts) return { kind: 'give-up', connectorFailed, failedTasks, state: { ...streakEnded, gaveUpAt: now, nextTryAt: null } };
    const restarts = current.restarts + 1;
    return {
      kind: 'restart',
      attempt: restarts,
      connectorFailed,
      failedTasks,
      state: { restarts, lastRestartAt: now, nextTryAt: new Date(now.getTime() + backoffSeconds(policy, restarts) * 1000), gaveUpAt: null, runningSince: null },
    };
  }

  if (!state) return { kind: 'none' };
  const allRunning = observed.connectorState === 'RUNNING' && observed.tasks.every((task) => task.state === 'RUNNING');
  // Paused, stopped, unassigned or restarting: not yet proof of anything, and not a failure either.
  if (!allRunning) return remember(current, current.runningSince ? { ...current, runningSince: null } : current);
  if (!current.runningSince) return { kind: 'remember', state: { ...current, runningSince: now } };
  const stableMs = now.getTime() - current.runningSince.getTime();
  if (stableMs > backoffSeconds(policy, current.restarts) * 1000) return { kind: 'clear', reason: 'recovered' };
  return { kind: 'none' };
}

function remember(before: RestartState, after: RestartState): Decision {
  return before === after ? { kind: 'none' } : { kind: 'remember', state: after };
}
