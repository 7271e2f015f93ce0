import type { RenderedTemplate } from '../api/types';
import { del, get, post, put } from '../lib/api';
import type { ConnectorTemplateView, NewConnectorTemplate, TemplateBody } from './types';

const enc = encodeURIComponent;

/**
 * Connector templates by name; with `cluster` (a Connect cluster id) only those usable there: global ones and that
 * cluster's. The server answers `{items}`; an older one may answer the bare list.
 */
export async function listTemplates(options: { cluster?: string; signal?: AbortSignal } = {}): Promise<ConnectorTemplateView[]> {
  const answer = await get<{ items: ConnectorTemplateView[] } | ConnectorTemplateView[]>('/api/v1/templates', { signal: options.signal, query: { cluster: options.cluster || undefined } });
  return Array.isArray(answer) ? answer : answer.items;
}

export const renderTemplate = (id: string, values: Record<string, string>) =>
  post<RenderedTemplate>(`/api/v1/templates/${enc(id)}/render`, { values });

export const createTemplate = (template: NewConnectorTemplate) => post<ConnectorTemplateView>('/api/v1/templates', template);

/** Sends the scope as given: leaving `connectClusterId` out would keep the stored one. */
export const updateTemplate = (id: string, body: TemplateBody) => put<ConnectorTemplateView>(`/api/v1/templates/${enc(id)}`, body);

export const deleteTemplate = (id: string) => del<void>(`/api/v1/templates/${enc(id)}`);
