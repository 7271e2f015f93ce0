// The connectors list's filters and page live in the address bar, so a filtered view can be reloaded and shared.
import type { ConnectorListQuery } from '../api';

export const DEFAULT_PAGE_SIZE = 25;
const FILTER_KEYS = ['state', 'connectId', 'class', 'q', 'type'] as const;

export type ListFilters = Required<Pick<ConnectorListQuery, (typeof FILTER_KEYS)[number]>>;

export const emptyFilters = (): ListFilters => ({ state: '', connectId: '', class: '', q: '', type: '' });

export interface ListQuery {
  filters: ListFilters;
  page: number;
  size: number;
}

export function queryFromSearch(search: string): ListQuery {
  const params = new URLSearchParams(search);
  const filters = emptyFilters();
  for (const key of FILTER_KEYS) filters[key] = params.get(key) ?? '';
  return { filters, page: positive(params.get('page'), 1), size: positive(params.get('size'), DEFAULT_PAGE_SIZE) };
}

export function searchFromQuery(query: ListQuery): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (query.filters[key]) params.set(key, query.filters[key]);
  if (query.page !== 1) params.set('page', String(query.page));
  if (query.size !== DEFAULT_PAGE_SIZE) params.set('size', String(query.size));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const isFiltered = (filters: ListFilters) => Object.values(filters).some(Boolean);

function positive(text: string | null, fallback: number): number {
  const value = Number(text);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}
