/**
 * Consumer lag status, after Burrow's evaluation rules (github.com/linkedin/Burrow/wiki/Consumer-Lag-Evaluation-Rules)
 * but judged from periodic samples rather than from every commit: a sample cannot tell "committed the same
 * offset again" from "did not commit", so the group's membership stands in for Burrow's commit timestamps.
 *
 * Each partition is judged over its window: the last `statusWindowSamples` samples (default 10) that have a
 * committed offset and a log-end offset for it. lag = max(0, logEnd - committed). In this order, first match wins:
 *
 *   1. REWIND  the committed offset went down between two samples in the window (a reset, or a consumer that
 *              fell back to auto.offset.reset). Checked first: a rewind hidden by zero lag still matters.
 *   2. OK      the lag is zero now or was zero in any sample of the window: the consumer caught up recently.
 *   3. OK      fewer than `minSamples` (default 5) samples: too little history to call anything else.
 *   4. committed offset identical across the whole window (lag > 0 throughout):
 *        STALL  a live member owns the partition: the consumer is there but not advancing;
 *        STOP   nobody owns it and the lag grew (log-end moved): data arrives, nobody commits;
 *        ERR    nobody owns it and the lag stood still: the group stopped with lag left behind.
 *   5. WARN    the committed offset advanced but the lag never decreased from one sample to the next and is
 *              higher at the end than at the start: the consumer is falling behind.
 *   6. OK      otherwise.
 *
 * Ownership: from the member assignments when the group was described, else "the group has members".
 * The group's status is its worst partition's, by severity OK < WARN < REWIND < STALL < STOP < ERR; a group
 * without committed offsets is OK.
 */

export const LAG_STATUSES = ['OK', 'WARN', 'REWIND', 'STALL', 'STOP', 'ERR'] as const;
export type LagStatus = (typeof LAG_STATUSES)[number];

const SEVERITY: Record<LagStatus, number> = { OK: 0, WARN: 1, REWIND: 2, STALL: 3, STOP: 4, ERR: 5 };

export interface PartitionPoint {
  at: number;
  committed: number;
  logEnd: number;
}

export interface StatusRules {
  /** Below this many samples only REWIND and OK are told apart. */
  minSamples: number;
}

export const DEFAULT_STATUS_RULES: StatusRules = { minSamples: 5 };

const lagOf = (point: PartitionPoint) => Math.max(0, point.logEnd - point.committed);

/** `points` oldest first, the last one being now; `owned`: a live member holds the partition now. */
export function evaluatePartition(points: readonly PartitionPoint[], owned: boolean, rules: StatusRules = DEFAULT_STATUS_RULES): LagStatus {
  if (points.length === 0) return 'OK';
  if (wentBackwards(points)) return 'REWIND';
  const lags = points.map(lagOf);
  if (lags.some((lag) => lag === 0)) return 'OK';
  if (points.length < rules.minSamples) return 'OK';
  const first = points[0]!;
  const last = points[points.length - 1]!;
  if (first.committed === last.committed) {
    if (owned) return 'STALL';
    return last.logEnd > first.logEnd ? 'STOP' : 'ERR';
  }
  if (neverDecreased(lags) && lags[lags.length - 1]! > lags[0]!) return 'WARN';
  return 'OK';
}

export function worstStatus(statuses: Iterable<LagStatus>): LagStatus {
  let worst: LagStatus = 'OK';
  for (const status of statuses) if (SEVERITY[status] > SEVERITY[worst]) worst = status;
  return worst;
}

function wentBackwards(points: readonly PartitionPoint[]): boolean {
  return points.some((point, i) => i > 0 && point.committed < points[i - 1]!.committed);
}

function neverDecreased(values: readonly number[]): boolean {
  return values.every((value, i) => i === 0 || value >= values[i - 1]!);
}
