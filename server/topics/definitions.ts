import type { KafkaClient } from '../kafka/client';
import type { MetadataCache } from '../brokers/metadata-cache';
import type { TopicConfigDefinition, TopicConfigHelpCache } from './config-help';

/** The caches the topic operations share, one set per server. */
export interface TopicCaches {
  metadataCache: MetadataCache;
  configHelp: TopicConfigHelpCache;
}

/** The cluster's topic config definitions by name, for validation. */
export async function configDefinitions(kafka: KafkaClient, caches: TopicCaches): Promise<Map<string, TopicConfigDefinition>> {
  const help = await caches.configHelp.get(kafka, caches.metadataCache);
  return new Map(help.items.map((item) => [item.name, item]));
}
