import { get } from '../lib/api';
import type { AuditPage } from '../api/types';
export type { AuditEntry, AuditPage } from '../api/types';

export interface AuditFilters {
  actor: string;
  action: string;
  clusterId: string;
  objectType: string;
  outcome: string;
  /** datetime-local values (viewer's time zone); sent as ISO timestamps. */
  from: string;
  to: string;
}

export interface AuditQuery {
  filters: AuditFilters;
  /** 1-based. */
  page: number;
  size: number;
}

export const FILTER_KEYS = ['actor', 'action', 'clusterId', 'objectType', 'outcome', 'from', 'to'] as const;
export const DEFAULT_PAGE_SIZE = 25;

export const emptyFilters = (): AuditFilters => ({ actor: '', action: '', clusterId: '', objectType: '', outcome: '', from: '', to: '' });

export function fetchAudit(query: AuditQuery, signal?: AbortSignal): Promise<AuditPage> {
  const { filters } = query;
  return get<AuditPage>('/api/v1/audit', {
    signal,
    query: {
      actor: filters.actor.trim() || undefined,
      action: filters.action.trim() || undefined,
      clusterId: filters.clusterId.trim() || undefined,
      objectType: filters.objectType.trim() || undefined,
      outcome: filters.outcome || undefined,
      from: toIso(filters.from),
      to: toIso(filters.to),
      page: query.page,
      size: query.size,
    },
  });
}

function toIso(local: string): string | undefined {
  if (!local) return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The query lives in the address bar, so a filtered view can be reloaded and shared. */
export function queryFromSearch(search: string): AuditQuery {
  const params = new URLSearchParams(search);
  const filters = emptyFilters();
  for (const key of FILTER_KEYS) filters[key] = params.get(key) ?? '';
  return {
    filters,
    page: positive(params.get('page'), 1),
    size: positive(params.get('size'), DEFAULT_PAGE_SIZE),
  };
}

export function searchFromQuery(query: AuditQuery): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (query.filters[key]) params.set(key, query.filters[key]);
  if (query.page !== 1) params.set('page', String(query.page));
  if (query.size !== DEFAULT_PAGE_SIZE) params.set('size', String(query.size));
  const text = params.toString();
  return text ? `?${text}` : '';
}

function positive(text: string | null, fallback: number): number {
  const value = Number(text);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}
