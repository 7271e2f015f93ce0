// The catalog calls of the public REST API.
import type { RenderedTemplate } from '../api/types';
import { get, post } from '../lib/api';
import type { CatalogEntryDetail, CatalogPage } from './types';

const enc = encodeURIComponent;

export const listCatalog = (signal?: AbortSignal) => get<CatalogPage>('/api/v1/catalog', { signal });

export const getCatalogEntry = (id: string, signal?: AbortSignal) => get<CatalogEntryDetail>(`/api/v1/catalog/${enc(id)}`, { signal });

/** Checks the values server-side; keys filled from secret placeholders come back masked. */
export const renderCatalogTemplate = (id: string, templateId: string, values: Record<string, string>) =>
  post<RenderedTemplate>(`/api/v1/catalog/${enc(id)}/templates/${enc(templateId)}/render`, { values });
