// The sampler adds each sample to the history in slices (ClusterHistory.addInSlices): other work runs between
// them, and the result is the same as adding it in one go.
import { describe, expect, it } from 'vitest';
import { ClusterHistory } from '../../../server/metrics/history';
import type { ClusterSample } from '../../../server/metrics/types';

function sample(at: number, offset: number): ClusterSample {
  const groups: ClusterSample['groups'] = new Map();
  const logEnd = new Map<string, number>();
  for (let g = 0; g < 120; g++) {
    const committed = new Map([[`t${g}:0`, offset]]);
    logEnd.set(`t${g}:0`, offset * 2 + g);
    groups.set(`g${g}`, { groupId: `g${g}`, protocol: 'classic', state: 'Empty', coordinatorId: 1, members: 0, owned: new Set(), committed, topics: [`t${g}`] });
  }
  return { clusterId: 'c', at, durationMs: 1, groups, logEnd, brokers: 1, requests: 0, requestsByApi: {}, errors: [] };
}

const settings = { historySamples: 60, statusWindowSamples: 10, rateWindowSamples: 6, rules: { minSamples: 5 } };

describe('ClusterHistory.addInSlices', () => {
  it('lets other work run between slices of groups and ends with what add gives', async () => {
    const inOneGo = new ClusterHistory(settings);
    const inSlices = new ClusterHistory(settings);
    for (let i = 0; i < 4; i++) {
      const at = 1_700_000_000_000 + i * 10_000;
      const expected = inOneGo.add(sample(at, i * 5));
      const order: string[] = [];
      setImmediate(() => order.push('other work'));
      const metrics = await inSlices.addInSlices(sample(at, i * 5)).finally(() => order.push('added'));
      expect(order).toEqual(['other work', 'added']);
      expect(metrics.groups).toEqual(expected.groups);
      expect(metrics.messagesInPerSec).toBe(expected.messagesInPerSec);
    }
    expect(inSlices.groupSeries('g7')).toEqual(inOneGo.groupSeries('g7'));
  });
});
