import { describe, expect, it } from 'vitest';
import { ClusterHistory, type WindowSettings } from '../../../server/metrics/history';
import { partitionKey, type ClusterSample, type GroupSnapshot } from '../../../server/metrics/types';

const SETTINGS: WindowSettings = { historySamples: 5, statusWindowSamples: 4, rateWindowSamples: 2, rules: { minSamples: 3 } };

function group(groupId: string, committed: Record<string, number>, overrides: Partial<GroupSnapshot> = {}): GroupSnapshot {
  const entries = Object.entries(committed);
  return {
    groupId,
    protocol: 'classic',
    state: 'Stable',
    coordinatorId: 1,
    members: 1,
    owned: new Set(entries.map(([key]) => key)),
    committed: new Map(entries),
    topics: [...new Set(entries.map(([key]) => key.split(':')[0]!))],
    ...overrides,
  };
}

function sample(atSeconds: number, groups: GroupSnapshot[], logEnd: Record<string, number>, errors: string[] = []): ClusterSample {
  return {
    clusterId: 'c',
    at: atSeconds * 1000,
    durationMs: 5,
    groups: new Map(groups.map((g) => [g.groupId, g])),
    logEnd: new Map(Object.entries(logEnd)),
    brokers: 1,
    requests: 6,
    requestsByApi: {},
    errors,
  };
}

const p0 = partitionKey('orders', 0);
const p1 = partitionKey('orders', 1);

describe('ClusterHistory', () => {
  it('derives lag per partition and per group, with no rates from a single sample', () => {
    const history = new ClusterHistory(SETTINGS);
    const metrics = history.add(sample(0, [group('g', { [p0]: 90, [p1]: 50 })], { [p0]: 100, [p1]: 50 }));
    const g = metrics.groups.get('g')!;
    expect(g.lag).toBe(10);
    expect(g.partitions.map((p) => [p.partition, p.lag, p.status])).toEqual([[0, 10, 'OK'], [1, 0, 'OK']]);
    expect([g.cmps, g.produceRate, metrics.messagesInPerSec, metrics.messagesOutPerSec]).toEqual([null, null, null, null]);
  });

  it('measures CMPS and produce rate over the rate window, ignoring new partitions and rewinds', () => {
    const history = new ClusterHistory(SETTINGS);
    history.add(sample(0, [group('g', { [p0]: 0 })], { [p0]: 0, [p1]: 0 }));
    history.add(sample(1, [group('g', { [p0]: 10 })], { [p0]: 15, [p1]: 5 }));
    // p1 committed for the first time at 1,000: not 1,000 messages consumed in a second.
    const metrics = history.add(sample(2, [group('g', { [p0]: 20, [p1]: 1_000 })], { [p0]: 30, [p1]: 1_010 }));
    const g = metrics.groups.get('g')!;
    expect(g.cmps).toBe(10); // (20 - 0) over the two-interval rate window
    expect(g.produceRate).toBe((30 + 1_010) / 2);
    expect(metrics.messagesOutPerSec).toBe(10);
    expect(metrics.messagesInPerSec).toBe((30 + 1_010) / 2);
    const rewound = history.add(sample(3, [group('g', { [p0]: 5, [p1]: 1_000 })], { [p0]: 30, [p1]: 1_010 }));
    expect(rewound.groups.get('g')!.cmps).toBe(0);
    expect(rewound.groups.get('g')!.status).toBe('REWIND');
  });

  it('judges status over the window: STOP once the zero-lag samples have aged out', () => {
    const history = new ClusterHistory(SETTINGS);
    const stopped = { members: 0, state: 'Empty', owned: new Set<string>() };
    const statuses = [0, 10, 20, 30, 40, 50].map((end, i) => history.add(sample(i, [group('g', { [p0]: 0 }, stopped)], { [p0]: end })).groups.get('g')!.status);
    expect(statuses).toEqual(['OK', 'OK', 'OK', 'OK', 'STOP', 'STOP']);
  });

  it('keeps an hour of series in a bounded ring, and drops a group a complete sample no longer lists', () => {
    const history = new ClusterHistory(SETTINGS);
    for (let i = 0; i < 8; i++) history.add(sample(i, [group('g', { [p0]: i })], { [p0]: i + 1 }));
    const series = history.groupSeries('g');
    expect(series).toHaveLength(5);
    expect(series.map((point) => point.at)).toEqual([3000, 4000, 5000, 6000, 7000]);
    expect(series.at(-1)).toEqual({ at: 7000, lag: 1, cmps: 1, produceRate: 1 });
    expect(history.clusterSeries()).toHaveLength(5);
    history.add(sample(8, [], { [p0]: 9 }));
    expect(history.groupSeries('g')).toEqual([]);
    expect(history.latest!.groups.size).toBe(0);
  });

  it('keeps the last metrics of groups a partial sample missed, marked stale', () => {
    const history = new ClusterHistory(SETTINGS);
    history.add(sample(0, [group('g', { [p0]: 5 })], { [p0]: 5 }));
    const partial = history.add(sample(1, [], {}, ['ListGroups on broker 2: connection refused']));
    expect(partial.groups.get('g')).toMatchObject({ lag: 0, error: expect.stringMatching(/not in the latest sample \(ListGroups on broker 2/) });
    expect(history.groupSeries('g')).toHaveLength(1);
  });

  it('without a description of the group, judges ownership by whether it has members', () => {
    const history = new ClusterHistory(SETTINGS);
    const undescribed = { owned: null, members: null, state: 'Stable' };
    for (let i = 0; i < 3; i++) history.add(sample(i, [group('g', { [p0]: 0 }, undescribed)], { [p0]: 10 + i }));
    expect(history.latest!.groups.get('g')!.status).toBe('STOP');
    const withMembers = new ClusterHistory(SETTINGS);
    for (let i = 0; i < 3; i++) withMembers.add(sample(i, [group('g', { [p0]: 0 }, { owned: null, members: 2 })], { [p0]: 10 + i }));
    expect(withMembers.latest!.groups.get('g')!.status).toBe('STALL');
  });
});
