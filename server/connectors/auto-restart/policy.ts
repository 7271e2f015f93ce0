/**
 * Auto-restart policies: what may be restarted, how often, and how long to wait between restarts. A connector
 * follows its own policy when it has one, else its Connect cluster's default, else the built-in default (off:
 * restarting connectors nobody asked to have restarted would hide failures people rely on seeing).
 */

export interface AutoRestartPolicy {
  enabled: boolean;
  /** Restarts before giving up; the count resets once the connector has stayed RUNNING long enough. */
  maxRestarts: number;
  /** The wait after the n-th restart is min(n² + n, 60) units: 2, 6, 12, 20, 30, 42, 56, 60, 60… */
  backoffUnitSeconds: number;
  /** When set, the waits in seconds after the 1st, 2nd, … restart (the last one repeats); replaces the formula. */
  backoffScheduleSeconds?: number[];
}

/** Where the policy in effect comes from. */
export type PolicySource = 'connector' | 'cluster' | 'default';

/** Off, and when turned on: 7 restarts over about 2 hours (Strimzi's well-known schedule, in minutes). */
export const DEFAULT_POLICY: AutoRestartPolicy = { enabled: false, maxRestarts: 7, backoffUnitSeconds: 60 };

/** The formula's ceiling, in units. */
const BACKOFF_CAP_UNITS = 60;

/**
 * Seconds to wait after `restarts` restarts before the next one. No restart yet: none (the first failure is
 * restarted at once; that is the transient failure this exists for).
 */
export function backoffSeconds(policy: AutoRestartPolicy, restarts: number): number {
  if (restarts <= 0) return 0;
  const schedule = policy.backoffScheduleSeconds;
  if (schedule && schedule.length > 0) return schedule[Math.min(restarts, schedule.length) - 1]!;
  return Math.min(restarts * restarts + restarts, BACKOFF_CAP_UNITS) * policy.backoffUnitSeconds;
}

/** The waits after each restart up to the maximum, for showing the schedule. */
export function backoffSchedule(policy: AutoRestartPolicy): number[] {
  return Array.from({ length: policy.maxRestarts }, (_, index) => backoffSeconds(policy, index + 1));
}

export function effectivePolicy(
  connectorPolicy: AutoRestartPolicy | undefined,
  clusterPolicy: AutoRestartPolicy | undefined,
): { policy: AutoRestartPolicy; source: PolicySource } {
  if (connectorPolicy) return { policy: connectorPolicy, source: 'connector' };
  if (clusterPolicy) return { policy: clusterPolicy, source: 'cluster' };
  return { policy: DEFAULT_POLICY, source: 'default' };
}
