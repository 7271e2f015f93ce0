import { describe, expect, it } from 'vitest';
import { evaluatePartition, worstStatus, type PartitionPoint } from '../../../server/metrics/status';

/** Ten samples a second apart from (committed, logEnd) pairs. */
function window(pairs: [number, number][]): PartitionPoint[] {
  return pairs.map(([committed, logEnd], i) => ({ at: 1_000 * i, committed, logEnd }));
}

const steady = (count: number, from: [number, number], step: [number, number]) =>
  window(Array.from({ length: count }, (_, i) => [from[0] + step[0] * i, from[1] + step[1] * i] as [number, number]));

describe('lag status rules (status.ts)', () => {
  it('is OK without points', () => {
    expect(evaluatePartition([], true)).toBe('OK');
  });

  it('rule 1: a committed offset that went down is REWIND, even when the lag is zero now', () => {
    expect(evaluatePartition(window([[50, 60], [55, 60], [10, 60], [60, 60]]), true)).toBe('REWIND');
  });

  it('rule 2: zero lag anywhere in the window is OK, however bad the rest looks', () => {
    const stoppedButCaughtUpOnce = window([[100, 100], [100, 110], [100, 120], [100, 130], [100, 140], [100, 150]]);
    expect(evaluatePartition(stoppedButCaughtUpOnce, false)).toBe('OK');
  });

  it('rule 3: too few samples to judge is OK', () => {
    expect(evaluatePartition(window([[100, 110], [100, 120], [100, 130]]), false)).toBe('OK');
    expect(evaluatePartition(window([[100, 110], [100, 120], [100, 130]]), false, { minSamples: 3 })).toBe('STOP');
  });

  it('rule 4: commits stuck while data arrives and nobody owns the partition is STOP', () => {
    expect(evaluatePartition(steady(10, [100, 110], [0, 10]), false)).toBe('STOP');
  });

  it('rule 4: commits stuck with lag standing still and nobody owning the partition is ERR', () => {
    expect(evaluatePartition(steady(10, [100, 150], [0, 0]), false)).toBe('ERR');
  });

  it('rule 4: commits stuck while a live member owns the partition is STALL, growing lag or not', () => {
    expect(evaluatePartition(steady(10, [100, 150], [0, 0]), true)).toBe('STALL');
    expect(evaluatePartition(steady(10, [100, 150], [0, 5]), true)).toBe('STALL');
  });

  it('rule 5: commits advancing while the lag never falls and ends higher is WARN', () => {
    expect(evaluatePartition(steady(10, [100, 110], [5, 8]), true)).toBe('WARN');
    // equal steps count as "not decreasing"
    expect(evaluatePartition(window([[100, 110], [101, 111], [103, 115], [104, 116], [110, 125]]), true)).toBe('WARN');
  });

  it('rule 6: commits advancing with the lag falling somewhere is OK', () => {
    expect(evaluatePartition(steady(10, [100, 200], [20, 10]), true)).toBe('OK'); // catching up
    expect(evaluatePartition(window([[100, 110], [105, 120], [118, 121], [120, 135], [130, 140]]), true)).toBe('OK');
  });

  it('rule 6: commits advancing with a constant lag is OK (keeping pace)', () => {
    expect(evaluatePartition(steady(10, [100, 110], [10, 10]), true)).toBe('OK');
  });

  it('a group is as bad as its worst partition: OK < WARN < REWIND < STALL < STOP < ERR', () => {
    expect(worstStatus([])).toBe('OK');
    expect(worstStatus(['OK', 'WARN', 'OK'])).toBe('WARN');
    expect(worstStatus(['REWIND', 'WARN'])).toBe('REWIND');
    expect(worstStatus(['STOP', 'STALL', 'REWIND'])).toBe('STOP');
    expect(worstStatus(['STOP', 'ERR', 'OK'])).toBe('ERR');
  });
});
