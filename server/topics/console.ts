/**
 * The cluster console's routers (brokers and topics) with the caches they share, built once per app. Mounted under
 * /api/v1 by app.ts.
 */
import type { KafkaConsoleDeps } from '../brokers/cluster-clients';
import { MetadataCache } from '../brokers/metadata-cache';
import { brokerRoutes } from '../brokers/routes';
import { KafkaProtocolClients } from '../kafka/protocol';
import { TopicConfigHelpCache } from './config-help';
import { TopicRateSampler, type GroupOffsetSource } from './rates';
import { topicRoutes } from './routes';

export interface KafkaConsoleOptions extends Omit<KafkaConsoleDeps, 'protocolClients'> {
  /** Shared with other users of the protocol client (the offset sampler); a pool of its own when absent. */
  protocolClients?: KafkaProtocolClients;
  /** The consumer-group offset sampler, for topics' consumption rates. */
  groupOffsets?: GroupOffsetSource;
}

export function kafkaConsoleRoutes(options: KafkaConsoleOptions) {
  const deps = {
    ...options,
    protocolClients: options.protocolClients ?? new KafkaProtocolClients(),
    metadataCache: new MetadataCache(),
    configHelp: new TopicConfigHelpCache(),
    rates: new TopicRateSampler(options.groupOffsets),
  };
  return [brokerRoutes(deps), topicRoutes(deps)];
}
