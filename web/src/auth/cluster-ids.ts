import { get } from '../lib/api';
import type { ClusterScope } from './types';

interface Listed {
  id: string;
}

/**
 * The registered Kafka and Connect clusters as grant entries (`kafka:<id>`, `connect:<id>`: a grant on one kind
 * never reaches the other), offered as suggestions when a user or token is scoped. Suggestions only: a failure
 * leaves the list empty.
 */
export async function knownClusterIds(): Promise<string[]> {
  const lists = await Promise.allSettled([listIds('/api/v1/clusters', 'kafka'), listIds('/api/v1/connect', 'connect')]);
  const ids = lists.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
  return [...new Set(ids)].sort();
}

async function listIds(path: string, kind: 'kafka' | 'connect'): Promise<string[]> {
  const answer = await get<{ items?: Listed[] } | Listed[]>(path);
  const items = Array.isArray(answer) ? answer : (answer.items ?? []);
  return items.map((item) => item.id).filter((id): id is string => typeof id === 'string').map((id) => `${kind}:${id}`);
}

/** "a, b ,,c" → ["a", "b", "c"] */
export function parseClusterIds(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}

export function scopeProblem(clusters: ClusterScope): string | undefined {
  if (clusters && clusters.length === 0) return 'Name at least one cluster id, or choose all clusters.';
  return undefined;
}
