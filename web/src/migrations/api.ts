// The migrations part of the server's API (/api/v1/migrations).
import { get, post } from '../lib/api';
import type { components } from '../api/openapi';

export type Migration = components['schemas']['Migration'];
export type MigrationSummary = components['schemas']['MigrationList']['items'][number];
export type CreateMigration = components['schemas']['CreateMigration'];

export const listMigrations = (signal?: AbortSignal) => get<components['schemas']['MigrationList']>('/api/v1/migrations', { signal }).then((list) => list.items);
export const getMigration = (id: string, signal?: AbortSignal) => get<Migration>(`/api/v1/migrations/${encodeURIComponent(id)}`, { signal });
export const createMigration = (body: CreateMigration) => post<Migration>('/api/v1/migrations', body);
export const finishMigration = (id: string, deleteInternalTopics: boolean) => post<Migration>(`/api/v1/migrations/${encodeURIComponent(id)}/finish`, { deleteInternalTopics });
export const abortMigration = (id: string) => post<Migration>(`/api/v1/migrations/${encodeURIComponent(id)}/abort`, {});

export const STATE_LABELS: Record<Migration['state'], string> = {
  installing: 'Installing MirrorMaker 2',
  copying: 'Copying',
  'caught-up': 'Caught up',
  ready: 'Ready to cut over',
  finished: 'Finished',
  aborted: 'Aborted',
  failed: 'Failed',
};

/** Comma- or newline-separated names, or a pattern when asked. */
export function selectionOf(text: string, asPattern: boolean): CreateMigration['topics'] {
  if (asPattern) return { pattern: text.trim() };
  return text.split(/[\s,]+/).map((name) => name.trim()).filter(Boolean);
}
