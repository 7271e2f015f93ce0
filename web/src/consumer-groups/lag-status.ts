import type { LagStatus } from './api';

interface LagStatusView {
  /** A key StatusBadge knows, for its tone and icon. */
  badge: 'up' | 'degraded' | 'down' | 'unknown';
  label: string;
  meaning: string;
}

const VIEWS: Record<LagStatus, LagStatusView> = {
  OK: { badge: 'up', label: 'OK', meaning: 'Keeping up: committed offsets advance and lag is not growing.' },
  WARN: { badge: 'degraded', label: 'Warning', meaning: 'Lag is growing although the group is committing.' },
  STALL: { badge: 'degraded', label: 'Stalled', meaning: 'Committing, but the committed offsets do not advance while there is lag.' },
  REWIND: { badge: 'degraded', label: 'Rewound', meaning: 'A committed offset went backwards (a reset or a replay).' },
  STOP: { badge: 'down', label: 'Stopped', meaning: 'No commits while messages keep arriving: the consumer is not committing.' },
  ERR: { badge: 'down', label: 'Error', meaning: 'A partition is stuck with lag for the whole window, or the group stopped.' },
};

export function lagStatusView(status: string | null | undefined): LagStatusView {
  return (status && VIEWS[status as LagStatus]) || { badge: 'unknown', label: status ?? 'Not evaluated', meaning: 'Not enough samples yet.' };
}
