/**
 * The cluster console's routers (brokers and topics) with the caches they share, built once per app. Mounted under
 * /api/v1 by app.ts.
 */
import { MetadataCache } from '../brokers/metadata-cache';
import { brokerRoutes } from '../brokers/routes';
import type { AgentClients } from '../clusters/clients';
import type { KafkaDeps } from '../kafka/registered';
import { ConnectInternalTopics } from './connect-internal';
import { TopicConfigHelpCache } from './config-help';
import { TopicRateSampler, type GroupOffsetSource } from './rates';
import { topicRoutes } from './routes';
import type { WireDecoder } from './message-format';

export interface KafkaConsoleOptions extends KafkaDeps {
  /** The consumer-group offset sampler, for topics' consumption rates. */
  groupOffsets?: GroupOffsetSource;
  /** The workers' agents, which name their Connect cluster's internal topics. */
  agents?: AgentClients;
  /** Decodes wire-format messages with the schema registry linked to a cluster. */
  wireDecoderFor?: (kafkaId: string) => Promise<WireDecoder | undefined>;
}

export function kafkaConsoleRoutes(options: KafkaConsoleOptions) {
  const deps = {
    ...options,
    metadataCache: new MetadataCache(),
    configHelp: new TopicConfigHelpCache(),
    rates: new TopicRateSampler(options.groupOffsets),
    connectInternal: new ConnectInternalTopics({ db: options.db, ...(options.agents ? { agents: options.agents } : {}) }),
  };
  return [brokerRoutes(deps), topicRoutes(deps)];
}
