import type { ApiError } from '../lib/api';
import { asApiError } from '../lib/api';
import { listKafkaClusters, preferredCluster, rememberCluster, type KafkaClusterRef } from './kafka-clusters';

/** The registered Kafka clusters and the one a list page shows. */
export class KafkaClusterChoice {
  clusters = $state<KafkaClusterRef[] | undefined>();
  error = $state<ApiError | undefined>();
  id = $state<string | undefined>();

  constructor(private readonly asked: string | null) {}

  async load(): Promise<void> {
    try {
      this.clusters = await listKafkaClusters();
      this.error = undefined;
      this.id = preferredCluster(this.clusters, this.asked);
      if (this.id) rememberCluster(this.id);
    } catch (cause) {
      this.error = asApiError(cause);
    }
  }

  choose(id: string): void {
    this.id = id;
    rememberCluster(id);
  }

  get known(): boolean {
    return !!this.id && !!this.clusters?.some((cluster) => cluster.id === this.id);
  }
}
