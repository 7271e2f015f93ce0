/**
 * Whether a catalog version can run on a Connect cluster, and why not. One answer for the catalog
 * API (a badge per version and cluster) and for the install route (which refuses what is not
 * compatible unless forced), so the page and the server never disagree.
 */
import type { CatalogVersion } from './format';
import { kafkaSatisfies } from './versions';

export interface Compatibility {
  /** null: the cluster's Kafka version is not known (no worker answered), so nothing can be said. */
  compatible: boolean | null;
  /** Why not, or why unknown; absent when compatible. */
  reason?: string;
}

type VersionFacts = Pick<CatalogVersion, 'version' | 'kafka'>;

export function compatibilityOf(version: VersionFacts, kafkaVersion: string | null | undefined): Compatibility {
  if (!kafkaVersion) return { compatible: null, reason: "the cluster's Kafka version is unknown (no worker answered GET /)" };
  if (kafkaSatisfies(kafkaVersion, version.kafka)) return { compatible: true };
  return {
    compatible: false,
    reason: `version ${version.version} supports Kafka ${version.kafka}; the cluster's workers run Kafka ${kafkaVersion}`,
  };
}
