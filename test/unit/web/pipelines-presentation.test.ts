import { describe, expect, it } from 'vitest';
import { connectorBadge, formatLag, formatRate, groupBadge } from '../../../web/src/pipelines/presentation';

describe('pipelines page words and tones', () => {
  it('colours a connector by its overall state, DEGRADED amber', () => {
    expect(connectorBadge('RUNNING')).toEqual({ status: 'up', label: 'Running' });
    expect(connectorBadge('FAILED')).toEqual({ status: 'down', label: 'Failed' });
    expect(connectorBadge('DEGRADED')).toEqual({ status: 'degraded', label: 'Degraded' });
  });

  it('colours a group by its lag status, or says it is not evaluated yet', () => {
    expect(groupBadge('OK', 'Stable')).toEqual({ status: 'up', label: 'OK' });
    expect(groupBadge('STOP', 'Empty')).toEqual({ status: 'down', label: 'Stopped' });
    expect(groupBadge(null, 'Stable')).toEqual({ status: 'unknown', label: 'Stable' });
  });

  it('formats rates and lag, never showing an unknown as zero', () => {
    expect(formatRate(null)).toBe('—');
    expect(formatRate(2.345)).toBe('2.35/s');
    expect(formatRate(12.34)).toBe('12.3/s');
    expect(formatRate(1234.5)).toBe(`${(1235).toLocaleString()}/s`);
    expect(formatLag(null)).toBe('not sampled yet');
    expect(formatLag(0)).toBe('0');
  });
});
