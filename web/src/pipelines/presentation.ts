// Words and tones for the Pipelines page: one status vocabulary with the rest of the console (lib/status.ts).
import { stateBadge } from '../connectors/states';
import { lagStatusView } from '../consumer-groups/lag-status';

/** A connector's overall state (RUNNING, DEGRADED, FAILED, PAUSED…) as a StatusBadge status and word. */
export function connectorBadge(state: string): { status: string; label: string } {
  if (state === 'DEGRADED') return { status: 'degraded', label: 'Degraded' };
  return stateBadge(state);
}

/** A consumer group by its lag status; a group with no evaluation yet by its Kafka state. */
export function groupBadge(lagStatus: string | null, state: string): { status: string; label: string } {
  if (!lagStatus) return { status: 'unknown', label: state || 'Unknown' };
  const view = lagStatusView(lagStatus);
  return { status: view.badge, label: view.label };
}

export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '—';
  if (rate >= 100) return `${Math.round(rate).toLocaleString()}/s`;
  return `${rate.toFixed(rate >= 10 ? 1 : 2)}/s`;
}

export function formatLag(lag: number | null | undefined): string {
  return lag === null || lag === undefined ? 'not sampled yet' : lag.toLocaleString();
}
