// Blanks the console can fill in for the user: the Kafka bootstrap servers a connector needs besides Connect's own
// (Debezium's schema history topic) are, almost always, those of the Kafka cluster the Connect cluster uses.
import type { ConnectCluster, KafkaCluster } from '../api/types';

interface Template {
  config: Record<string, string>;
  placeholders: { name: string }[];
}

/** A config key naming "the Kafka" (`schema.history.internal.kafka.bootstrap.servers`), not a cluster of its own (MirrorMaker's `source.cluster.bootstrap.servers`). */
const KAFKA_BOOTSTRAP_KEY = /(^|\.)kafka\.bootstrap\.servers$/;

/** Placeholders that make up a whole Kafka bootstrap value of the template's config. */
export function bootstrapBlanks(template: Template): string[] {
  const names = new Set(template.placeholders.map((placeholder) => placeholder.name));
  return Object.entries(template.config).flatMap(([key, value]) => {
    const only = /^\$\{([^}]+)\}$/.exec(value.trim())?.[1];
    return KAFKA_BOOTSTRAP_KEY.test(key) && only && names.has(only) ? [only] : [];
  });
}

/** The bootstrap servers of the Kafka cluster `connectId` is linked to, comma-separated; undefined when none is known. */
export function linkedBootstrap(connectId: string, connectClusters: Pick<ConnectCluster, 'id' | 'kafkaClusterId'>[], kafkaClusters: Pick<KafkaCluster, 'id' | 'bootstrapServers'>[]): string | undefined {
  const kafkaId = connectClusters.find((cluster) => cluster.id === connectId)?.kafkaClusterId;
  const servers = kafkaClusters.find((cluster) => cluster.id === kafkaId)?.bootstrapServers;
  return servers && servers.length > 0 ? servers.join(',') : undefined;
}

/**
 * The values with the bootstrap blanks prefilled: only a blank that is empty or still holds what was prefilled
 * before (another Connect cluster's) changes; what the user typed stays.
 */
export function prefillBootstrap(values: Record<string, string>, names: string[], bootstrap: string | undefined, previous: string | undefined): Record<string, string> | undefined {
  if (!bootstrap) return undefined;
  const changed = names.filter((name) => (values[name] ?? '') === '' || (previous !== undefined && values[name] === previous));
  const next = { ...values, ...Object.fromEntries(changed.map((name) => [name, bootstrap])) };
  return changed.some((name) => values[name] !== bootstrap) ? next : undefined;
}
