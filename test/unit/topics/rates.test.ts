import { describe, expect, it } from 'vitest';
import { committedOnTopic, consumptionRate, messageRate, TopicRateSampler, type OffsetSample } from '../../../server/topics/rates';

const offsets = (entries: [number, number][]) => new Map(entries);

describe('rate arithmetic', () => {
  it('messages per second per partition, ignoring partitions only one sample has and never negative', () => {
    const rate = messageRate(offsets([[0, 100], [1, 50], [2, 7]]), offsets([[0, 300], [1, 40], [3, 9]]), 2);
    expect(rate).toEqual({ inPerSec: 100, partitions: [{ partition: 0, inPerSec: 100 }, { partition: 1, inPerSec: 0 }] });
  });

  it('consumption per group from committed offsets, fastest first', () => {
    const older = { at: 0, byGroup: new Map([['a', offsets([[0, 10]])], ['b', offsets([[0, 0], [1, 0]])], ['gone', offsets([[0, 1]])]]) };
    const newer = { at: 4000, byGroup: new Map([['a', offsets([[0, 30]])], ['b', offsets([[0, 20], [1, 20]])], ['new', offsets([[0, 5]])]]) };
    expect(consumptionRate([older], newer)).toEqual({ outPerSec: 15, groups: [{ groupId: 'b', perSec: 10 }, { groupId: 'a', perSec: 5 }], windowMs: 4000 });
  });

  it('measures a group that appeared later against the first sample that has it', () => {
    const first = { at: 0, byGroup: new Map([['old', offsets([[0, 0]])]]) };
    const second = { at: 2000, byGroup: new Map([['old', offsets([[0, 10]])], ['new', offsets([[0, 100]])]]) };
    const third = { at: 4000, byGroup: new Map([['old', offsets([[0, 40]])], ['new', offsets([[0, 200]])]]) };
    expect(consumptionRate([first, second], third)).toEqual({
      outPerSec: 60,
      groups: [{ groupId: 'new', perSec: 50 }, { groupId: 'old', perSec: 10 }],
      windowMs: 4000,
    });
  });

  it('picks one topic’s committed offsets out of a sample of every group', () => {
    const groups = new Map([
      ['g1', { committed: new Map([['orders:0', 5], ['orders:1', 6], ['orders.dlq:0', 7], ['payments:0', 8]]) }],
      ['g2', { committed: new Map([['payments:0', 1]]) }],
    ]);
    expect(committedOnTopic('orders', 42, groups)).toEqual({ at: 42, byGroup: new Map([['g1', offsets([[0, 5], [1, 6]])]]) });
  });
});

describe('TopicRateSampler', () => {
  function fakeClock() {
    let now = 1_000_000;
    return { now: () => now, sleep: async (ms: number) => void (now += ms), advance: (ms: number) => void (now += ms) };
  }

  it('samples twice, a second apart, the first time a topic is asked for', async () => {
    const clock = fakeClock();
    const sampler = new TopicRateSampler(undefined, clock.now, clock.sleep);
    const ends = [100, 150];
    const calls: boolean[] = [];
    const sample = async (fresh: boolean): Promise<OffsetSample> => {
      calls.push(fresh);
      return { at: clock.now(), endOffsets: offsets([[0, ends.shift()!]]) };
    };
    const rates = await sampler.ratesFrom('k', 't', sample);
    expect(calls).toEqual([true, true]);
    expect(rates).toMatchObject({ topic: 't', inPerSec: 50, windowMs: 1000, outPerSec: null, outNote: expect.stringMatching(/No consumer-group sampler/) });
  });

  it('compares with an earlier sample later on: one sample per call', async () => {
    const clock = fakeClock();
    const sampler = new TopicRateSampler(undefined, clock.now, clock.sleep);
    let end = 0;
    const sample = async (): Promise<OffsetSample> => ({ at: clock.now(), endOffsets: offsets([[0, (end += 100)]]) });
    await sampler.ratesFrom('k', 't', sample);
    clock.advance(5_000);
    let calls = 0;
    const rates = await sampler.ratesFrom('k', 't', async () => {
      calls += 1;
      return sample();
    });
    expect(calls).toBe(1);
    // from the first sample (6 s back, within the preferred minute): 200 messages in 6 s
    expect(rates.windowMs).toBe(6_000);
    expect(rates.inPerSec).toBeCloseTo(200 / 6);
  });

  it('forgets samples older than five minutes', async () => {
    const clock = fakeClock();
    const sampler = new TopicRateSampler(undefined, clock.now, clock.sleep);
    const sample = async (): Promise<OffsetSample> => ({ at: clock.now(), endOffsets: offsets([[0, 0]]) });
    await sampler.ratesFrom('k', 't', sample);
    clock.advance(6 * 60_000);
    let calls = 0;
    await sampler.ratesFrom('k', 't', async () => {
      calls += 1;
      return sample();
    });
    expect(calls).toBe(2);
  });

  it('reports consumption once two group samples exist', async () => {
    const clock = fakeClock();
    const groupSource = { current: async () => ({ at: 0, sample: { groups: new Map() } }) };
    const sampler = new TopicRateSampler(groupSource, clock.now, clock.sleep);
    const committed = [10, 30];
    const sample = async (): Promise<OffsetSample> => {
      const at = clock.now();
      return { at, endOffsets: offsets([[0, 100]]), committed: { at, byGroup: new Map([['g', offsets([[0, committed.shift()!]])]]) } };
    };
    const rates = await sampler.ratesFrom('k', 't', sample);
    expect(rates).toMatchObject({ outPerSec: 20, groups: [{ groupId: 'g', perSec: 20 }], outWindowMs: 1000, inPerSec: 0 });
  });
});
