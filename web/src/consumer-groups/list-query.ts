import { positive } from '../topics/list-query';
import type { GroupQuery } from './api';

export const DEFAULT_GROUP_PAGE_SIZE = 25;

/** Kafka's group states, as the filter offers them. */
export const GROUP_STATES = ['Stable', 'Empty', 'PreparingRebalance', 'CompletingRebalance', 'Assigning', 'Reconciling', 'Dead'];

export function groupQueryFromSearch(search: string): GroupQuery {
  const params = new URLSearchParams(search);
  return {
    q: params.get('q') ?? '',
    state: params.get('state') ?? '',
    status: params.get('status') ?? '',
    page: positive(params.get('page'), 1),
    size: positive(params.get('size'), DEFAULT_GROUP_PAGE_SIZE),
  };
}

export function searchFromGroupQuery(cluster: string, query: GroupQuery): string {
  const params = new URLSearchParams({ cluster });
  for (const key of ['q', 'state', 'status'] as const) if (query[key]) params.set(key, query[key]);
  if (query.page !== 1) params.set('page', String(query.page));
  if (query.size !== DEFAULT_GROUP_PAGE_SIZE) params.set('size', String(query.size));
  return `?${params}`;
}
