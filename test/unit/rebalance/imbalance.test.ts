import { describe, expect, it } from 'vitest';
import { diskImbalance } from '../../../server/rebalance/imbalance';

describe('disk imbalance of the brokers', () => {
  it('is the fullest broker over the mean, over the threshold above 1.10', () => {
    expect(diskImbalance([300, 0, 0])).toEqual({ maxOverMean: 3, threshold: 1.1, overThreshold: true });
    expect(diskImbalance([105, 100, 95])).toEqual({ maxOverMean: 1.05, threshold: 1.1, overThreshold: false });
    expect(diskImbalance([112, 100, 88])!.overThreshold).toBe(true);
  });

  it('cannot be told for one broker, a broker that did not answer, or empty disks', () => {
    expect(diskImbalance([500])).toBeNull();
    expect(diskImbalance([500, null, 0])).toBeNull();
    expect(diskImbalance([0, 0, 0])).toBeNull();
  });
});
