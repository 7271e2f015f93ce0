import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../server/http/errors';
import { planReset, type PartitionBounds } from '../../../server/consumer-groups/reset';
import { partitionKey } from '../../../server/metrics/types';

const a0 = partitionKey('a', 0);
const a1 = partitionKey('a', 1);
const bounds = new Map<string, PartitionBounds>([
  [a1, { earliest: 10, latest: 100, atTimestamp: 40 }],
  [a0, { earliest: 0, latest: 50, atTimestamp: -1 }],
]);
const committed = new Map([
  [a0, 20],
  [a1, 90],
]);

const targets = (plan: { target: number }[]) => plan.map((p) => p.target);

describe('planReset', () => {
  it('resolves earliest and latest to real offsets, sorted by topic and partition', () => {
    expect(planReset({ to: 'earliest' }, committed, bounds)).toEqual([
      { topic: 'a', partition: 0, current: 20, target: 0 },
      { topic: 'a', partition: 1, current: 90, target: 10 },
    ]);
    expect(targets(planReset({ to: 'latest' }, committed, bounds))).toEqual([50, 100]);
  });

  it('goes to the first offset at the time, or to the end when nothing was written since', () => {
    expect(targets(planReset({ to: 'timestamp' }, committed, bounds))).toEqual([50, 40]);
  });

  it('shifts from the committed offset and stays within the log', () => {
    expect(targets(planReset({ to: 'shift', shift: -5 }, committed, bounds))).toEqual([15, 85]);
    expect(targets(planReset({ to: 'shift', shift: 25 }, committed, bounds))).toEqual([45, 100]);
    expect(targets(planReset({ to: 'shift', shift: -1_000 }, committed, bounds))).toEqual([0, 10]);
  });

  it('refuses to shift a partition with nothing committed, naming it', () => {
    const partly = new Map([[a0, 20]]);
    expect(() => planReset({ to: 'shift', shift: 1 }, partly, bounds)).toThrow(ApiError);
    expect(() => planReset({ to: 'shift', shift: 1 }, partly, bounds)).toThrow(/a\[1\]/);
    expect(planReset({ to: 'earliest' }, partly, bounds)[1]).toEqual({ topic: 'a', partition: 1, current: null, target: 10 });
  });
});
