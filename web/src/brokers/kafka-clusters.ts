// Which Kafka cluster a console page (brokers, topics, consumer groups) looks at.
// The address says it (`?cluster=`) so a view can be shared; without one, the page
// opens the cluster this browser looked at last, else the first one registered.
import type { KafkaCluster, KafkaClusterList } from '../api/types';
import { get } from '../lib/api';

/** Only what a picker shows: secrets and TLS settings stay out of component state. */
export type KafkaClusterRef = Pick<KafkaCluster, 'id' | 'name'>;

const LAST_CLUSTER_KEY = 'connectory:console:kafka-cluster';

export async function listKafkaClusters(signal?: AbortSignal): Promise<KafkaClusterRef[]> {
  const answer = await get<KafkaClusterList>('/api/v1/clusters', { signal });
  return answer.items.map(({ id, name }) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}

export function preferredCluster(clusters: KafkaClusterRef[], asked: string | null | undefined): string | undefined {
  if (asked) return asked;
  const last = readLast();
  if (last && clusters.some((cluster) => cluster.id === last)) return last;
  return clusters[0]?.id;
}

export function rememberCluster(id: string): void {
  try {
    localStorage.setItem(LAST_CLUSTER_KEY, id);
  } catch {
    // storage disabled: the choice simply is not remembered
  }
}

function readLast(): string | null {
  try {
    return localStorage.getItem(LAST_CLUSTER_KEY);
  } catch {
    return null;
  }
}

export function clusterName(clusters: KafkaClusterRef[] | undefined, id: string): string {
  return clusters?.find((cluster) => cluster.id === id)?.name ?? id;
}
