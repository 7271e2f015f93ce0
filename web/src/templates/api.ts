import type { RenderedTemplate } from '../api/types';
import { get, post } from '../lib/api';
import type { ConnectorTemplate } from './types';

const enc = encodeURIComponent;

/** The server answers `{items}`; an older one may answer the bare list. */
export async function listTemplates(signal?: AbortSignal): Promise<ConnectorTemplate[]> {
  const answer = await get<{ items: ConnectorTemplate[] } | ConnectorTemplate[]>('/api/v1/templates', { signal, query: { size: 500 } });
  return Array.isArray(answer) ? answer : answer.items;
}

export const renderTemplate = (id: string, values: Record<string, string>) =>
  post<RenderedTemplate>(`/api/v1/templates/${enc(id)}/render`, { values });
