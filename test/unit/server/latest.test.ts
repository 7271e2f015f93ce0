// The shared latest-reading cache behind the alert evaluator's readings: concurrent readers share one read, a young
// value is reused, and `peek` never waits (it reads in the background and lets a value age out after a failure).
import { describe, expect, it } from 'vitest';
import { Latest } from '../../../server/util/latest';

function reader() {
  const reads: { resolve: (at: number) => void; reject: (error: Error) => void }[] = [];
  const latest = new Latest<{ id: string }, { at: number }>(
    () => new Promise((resolve, reject) => reads.push({ resolve: (at) => resolve({ at }), reject })),
  );
  return { latest, reads };
}
const cluster = { id: 'c1' };
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('Latest', () => {
  it('shares a read in flight and reuses a value younger than the age asked for', async () => {
    const { latest, reads } = reader();
    const a = latest.get(cluster, 1_000, 0);
    const b = latest.get(cluster, 1_000, 0);
    expect(reads).toHaveLength(1);
    reads[0]!.resolve(100);
    expect(await a).toEqual({ at: 100 });
    expect(await b).toEqual({ at: 100 });
    expect(await latest.get(cluster, 1_000, 1_100)).toEqual({ at: 100 });
    expect(reads).toHaveLength(1);
    void latest.get(cluster, 1_000, 1_101);
    expect(reads).toHaveLength(2);
  });

  it('peek answers at once: nothing before the first read, the kept value meanwhile, nothing once it is stale', async () => {
    const { latest, reads } = reader();
    expect(latest.peek(cluster, 1_000, 3_000, 0)).toBeUndefined();
    expect(latest.peek(cluster, 1_000, 3_000, 10)).toBeUndefined();
    expect(reads).toHaveLength(1);
    reads[0]!.resolve(0);
    await settle();
    expect(latest.peek(cluster, 1_000, 3_000, 500)).toEqual({ at: 0 });
    expect(reads).toHaveLength(1);
    // older than the age: served, and read again in the background
    expect(latest.peek(cluster, 1_000, 3_000, 2_000)).toEqual({ at: 0 });
    expect(reads).toHaveLength(2);
    reads[1]!.reject(new Error('unreachable'));
    await settle();
    // the failed read left the old value, which ages out
    expect(latest.peek(cluster, 1_000, 3_000, 3_001)).toBeUndefined();
    expect(reads).toHaveLength(3);
  });
});
