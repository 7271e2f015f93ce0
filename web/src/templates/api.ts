import type { RenderedTemplate } from '../api/types';
import { del, get, post, put } from '../lib/api';
import type { ConnectorTemplate, ConnectorTemplateView, TemplateBody } from './types';

const enc = encodeURIComponent;

/** The server answers `{items}`; an older one may answer the bare list. */
export async function listTemplates(signal?: AbortSignal): Promise<ConnectorTemplate[]> {
  const answer = await get<{ items: ConnectorTemplate[] } | ConnectorTemplate[]>('/api/v1/templates', { signal, query: { size: 500 } });
  return Array.isArray(answer) ? answer : answer.items;
}

export const renderTemplate = (id: string, values: Record<string, string>) =>
  post<RenderedTemplate>(`/api/v1/templates/${enc(id)}/render`, { values });

export const createTemplate = (id: string, body: TemplateBody) => post<ConnectorTemplateView>('/api/v1/templates', { id, ...body });

export const updateTemplate = (id: string, body: TemplateBody) => put<ConnectorTemplateView>(`/api/v1/templates/${enc(id)}`, body);

export const deleteTemplate = (id: string) => del<void>(`/api/v1/templates/${enc(id)}`);
