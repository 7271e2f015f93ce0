// The cluster registry calls of the public REST API. Saving tests connectivity first: an unreachable
// cluster is refused with 422 `unreachable` unless `force` is set.
import { del, get, post, put } from '../lib/api';
import type { ConnectClusterList, KafkaClusterList } from '../api/types';
import type { ConnectCluster, ConnectClusterInput, KafkaCluster, KafkaClusterInput } from './types';

const enc = encodeURIComponent;
const forceQuery = (force: boolean) => (force ? { force: true } : undefined);

export const listKafkaClusters = (signal?: AbortSignal) => get<KafkaClusterList>('/api/v1/clusters', { signal }).then((page) => page.items);

export const listConnectClusters = (signal?: AbortSignal) => get<ConnectClusterList>('/api/v1/connect', { signal }).then((page) => page.items);

/** An edit replaces the registration; its id is in the path, never in the body. */
function withoutId<T extends { id?: string }>(input: T): Omit<T, 'id'> {
  const body: T = { ...input };
  delete body.id;
  return body;
}

export function saveKafkaCluster(input: KafkaClusterInput, existingId: string | undefined, force: boolean) {
  const query = forceQuery(force);
  if (existingId) return put<KafkaCluster>(`/api/v1/clusters/${enc(existingId)}`, withoutId(input), { query });
  return post<KafkaCluster>('/api/v1/clusters', input, { query });
}

export function saveConnectCluster(input: ConnectClusterInput, existingId: string | undefined, force: boolean) {
  const query = forceQuery(force);
  if (existingId) return put<ConnectCluster>(`/api/v1/connect/${enc(existingId)}`, withoutId(input), { query });
  return post<ConnectCluster>('/api/v1/connect', input, { query });
}

export const removeKafkaCluster = (id: string) => del<void>(`/api/v1/clusters/${enc(id)}`);
export const removeConnectCluster = (id: string) => del<void>(`/api/v1/connect/${enc(id)}`);
