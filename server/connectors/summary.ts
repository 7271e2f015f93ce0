/** A connector as lists show it, and the filters and paging applied to such lists. */
import { MIGRATION_CONFIG_KEY } from '../migrations/plan';
import type { ConnectorListing, ConnectorStatus, ConnectorType, TaskStatus } from '../connect/types';

export const TASK_STATES = ['running', 'failed', 'paused', 'stopped', 'unassigned', 'restarting'] as const;
export type TaskCounts = Record<(typeof TASK_STATES)[number], number> & { total: number };

export interface TaskSummary {
  id: number;
  state: string;
  workerId: string;
}

export interface ConnectorSummary {
  connectId: string;
  name: string;
  type: ConnectorType;
  /** `connector.class` as configured (possibly an alias such as `FileStreamSource`). */
  class: string | null;
  /** The connector instance's state; UNKNOWN while Connect has no status for it (mid-rebalance). */
  state: string;
  workerId: string | null;
  tasks: TaskSummary[];
  taskCounts: TaskCounts;
  /** The migration owning it (its config carries MIGRATION_CONFIG_KEY); null for every other connector. */
  migration: string | null;
}

export function summarize(connectId: string, listing: ConnectorListing): ConnectorSummary {
  const { status, info } = listing;
  return {
    connectId,
    name: listing.name,
    type: status?.type !== undefined && status.type !== 'unknown' ? status.type : (info?.type ?? 'unknown'),
    class: info?.config['connector.class'] ?? null,
    state: status?.connector.state ?? 'UNKNOWN',
    workerId: status?.connector.workerId ?? null,
    tasks: (status?.tasks ?? []).map(taskSummary),
    taskCounts: countTasks(status),
    migration: info?.config[MIGRATION_CONFIG_KEY] ?? null,
  };
}

function taskSummary(task: TaskStatus): TaskSummary {
  return { id: task.id, state: task.state, workerId: task.workerId };
}

export function countTasks(status: ConnectorStatus | undefined): TaskCounts {
  const counts = Object.fromEntries(TASK_STATES.map((state) => [state, 0])) as TaskCounts;
  counts.total = 0;
  for (const task of status?.tasks ?? []) {
    const state = task.state.toLowerCase() as (typeof TASK_STATES)[number];
    if (state in counts) counts[state]++;
    counts.total++;
  }
  return counts;
}

export interface ConnectorFilter {
  /** Connector states, any of (case-insensitive). */
  states?: string[];
  type?: string;
  /** Part of the connector class, case-insensitive. */
  class?: string;
  /** Part of the name, case-insensitive. */
  q?: string;
}

export function matchesFilter(item: ConnectorSummary, filter: ConnectorFilter): boolean {
  if (filter.states?.length && !filter.states.some((state) => state.toUpperCase() === item.state)) return false;
  if (filter.type && filter.type.toLowerCase() !== item.type) return false;
  if (filter.class && !(item.class ?? '').toLowerCase().includes(filter.class.toLowerCase())) return false;
  if (filter.q && !item.name.toLowerCase().includes(filter.q.toLowerCase())) return false;
  return true;
}

/** Stable order (cluster, then name), filter, then one page: `{items, total}` with total counted after filtering. */
export function filterAndPage(items: ConnectorSummary[], filter: ConnectorFilter, paging: { page: number; size: number }) {
  const matching = items
    .filter((item) => matchesFilter(item, filter))
    .sort((a, b) => a.connectId.localeCompare(b.connectId) || a.name.localeCompare(b.name));
  const start = (paging.page - 1) * paging.size;
  return { items: matching.slice(start, start + paging.size), total: matching.length };
}
