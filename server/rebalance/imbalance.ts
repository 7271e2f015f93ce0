/**
 * How far the brokers' disks are from even: the max/mean of the bytes each holds, against the planner's default
 * threshold. The brokers page and the dashboard show it and offer "Recommend a rebalance" when it is over.
 */
import { maxOverMean } from './planner';

/** The planner's default disk balance threshold: every broker within mean × 1.10. */
export const DISK_BALANCE_THRESHOLD = 1.1;

export interface DiskImbalance {
  maxOverMean: number;
  threshold: number;
  /** Over the threshold: a full rebalance would move data. */
  overThreshold: boolean;
}

/** Null when it cannot be told: fewer than two brokers, a broker that did not answer, or no data at all. */
export function diskImbalance(bytesPerBroker: (number | null)[]): DiskImbalance | null {
  if (bytesPerBroker.length < 2 || bytesPerBroker.some((bytes) => bytes === null)) return null;
  const sizes = bytesPerBroker as number[];
  if (sizes.every((bytes) => bytes === 0)) return null;
  const ratio = maxOverMean(sizes);
  return { maxOverMean: Math.round(ratio * 1000) / 1000, threshold: DISK_BALANCE_THRESHOLD, overThreshold: ratio > DISK_BALANCE_THRESHOLD };
}
