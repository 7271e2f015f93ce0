import type { TopicQuery } from './api';

export const DEFAULT_TOPIC_PAGE_SIZE = 25;

/** The list's query lives in the address bar, so a filtered page can be reloaded and shared. */
export function topicQueryFromSearch(search: string): TopicQuery {
  const params = new URLSearchParams(search);
  return {
    q: params.get('q') ?? '',
    internal: params.get('internal') === 'true',
    page: positive(params.get('page'), 1),
    size: positive(params.get('size'), DEFAULT_TOPIC_PAGE_SIZE),
  };
}

export function searchFromTopicQuery(cluster: string, query: TopicQuery): string {
  const params = new URLSearchParams({ cluster });
  if (query.q) params.set('q', query.q);
  if (query.internal) params.set('internal', 'true');
  if (query.page !== 1) params.set('page', String(query.page));
  if (query.size !== DEFAULT_TOPIC_PAGE_SIZE) params.set('size', String(query.size));
  return `?${params}`;
}

export function positive(text: string | null, fallback: number): number {
  const value = Number(text);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

export const topicHref = (cluster: string, topic: string, tab?: string) =>
  `/topics/${encodeURIComponent(cluster)}/${encodeURIComponent(topic)}${tab ? `/${tab}` : ''}`;
