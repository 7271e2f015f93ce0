import { lagStatusView } from '../consumer-groups/lag-status';
import type { Segment } from './SegmentBar.svelte';

const GROUP_ORDER: [string, Segment['tone']][] = [
  ['OK', 'ok'],
  ['WARN', 'warn'],
  ['STALL', 'warn'],
  ['REWIND', 'warn'],
  ['STOP', 'down'],
  ['ERR', 'down'],
];

export function groupSegments(byStatus: Record<string, number>): Segment[] {
  const known = GROUP_ORDER.map(([key, tone]) => ({ key, tone, label: lagStatusView(key).label, count: byStatus[key] ?? 0 }));
  const others = Object.entries(byStatus)
    .filter(([key]) => !GROUP_ORDER.some(([known]) => known === key))
    .map(([key, count]) => ({ key, tone: 'off' as const, label: key === 'UNKNOWN' ? 'Not evaluated' : key, count }));
  return [...known, ...others];
}

const CONNECTOR_ORDER: [string, string, Segment['tone']][] = [
  ['RUNNING', 'Running', 'ok'],
  ['PAUSED', 'Paused', 'off'],
  ['STOPPED', 'Stopped', 'off'],
  ['RESTARTING', 'Restarting', 'info'],
  ['UNASSIGNED', 'Unassigned', 'warn'],
  ['FAILED', 'Failed', 'down'],
];

export function connectorSegments(byState: Record<string, number>): Segment[] {
  const upper = Object.fromEntries(Object.entries(byState).map(([key, count]) => [key.toUpperCase(), count]));
  const known = CONNECTOR_ORDER.map(([key, label, tone]) => ({ key, label, tone, count: upper[key] ?? 0 }));
  const others = Object.entries(upper)
    .filter(([key]) => !CONNECTOR_ORDER.some(([known]) => known === key))
    .map(([key, count]) => ({ key, label: key.toLowerCase(), tone: 'off' as const, count }));
  return [...known, ...others];
}
