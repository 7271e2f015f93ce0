import { describe, expect, it } from 'vitest';
import { groupPage } from '../../../server/consumer-groups/list';
import type { ClusterMetrics, GroupMetrics } from '../../../server/metrics/history';
import type { LagStatus } from '../../../server/metrics/status';

function group(groupId: string, state: string, status: LagStatus): GroupMetrics {
  return { groupId, protocol: 'classic', state, members: 1, topics: ['t'], coordinatorId: 1, lag: 3, status, cmps: 1.5, produceRate: 2, partitions: [] };
}

const metrics: ClusterMetrics = {
  clusterId: 'c',
  at: Date.UTC(2026, 0, 1),
  sample: { clusterId: 'c', at: 0, durationMs: 1, groups: new Map(), logEnd: new Map(), brokers: 1, requests: 6, requestsByApi: {}, errors: ['broker 2: down'] },
  groups: new Map(
    [group('orders-b', 'Stable', 'OK'), group('billing', 'Empty', 'STOP'), group('orders-a', 'Stable', 'WARN'), group('Audit', 'Empty', 'OK')].map((g) => [g.groupId, g]),
  ),
  messagesInPerSec: null,
  messagesOutPerSec: null,
};

const ids = (page: { items: { groupId: string }[] }) => page.items.map((item) => item.groupId);
const query = (overrides: object = {}) => ({ page: 1, size: 50, ...overrides });

describe('groupPage', () => {
  it('sorts by group id and pages', () => {
    expect(ids(groupPage(metrics, query()))).toEqual(['Audit', 'billing', 'orders-a', 'orders-b']);
    const second = groupPage(metrics, query({ page: 2, size: 3 }));
    expect([ids(second), second.total]).toEqual([['orders-b'], 4]);
    expect(second.sampledAt).toBe('2026-01-01T00:00:00.000Z');
    expect(second.sampleErrors).toEqual(['broker 2: down']);
  });

  it('filters by text, state (case-insensitive) and status', () => {
    expect(ids(groupPage(metrics, query({ q: 'ORDERS' })))).toEqual(['orders-a', 'orders-b']);
    expect(ids(groupPage(metrics, query({ state: ['empty'] })))).toEqual(['Audit', 'billing']);
    expect(ids(groupPage(metrics, query({ status: ['WARN', 'STOP'] })))).toEqual(['billing', 'orders-a']);
    expect(groupPage(metrics, query({ q: 'orders', status: ['STOP'] })).total).toBe(0);
  });

  it('gives each group its lag, status and rates', () => {
    expect(groupPage(metrics, query({ q: 'billing' })).items[0]).toEqual({
      groupId: 'billing', state: 'Empty', protocol: 'classic', members: 1, topics: ['t'], lag: 3, status: 'STOP', cmps: 1.5, produceRate: 2, coordinator: 1,
    });
  });
});
