import type { KafkaClient } from '../kafka/client';
import type { MetadataCache } from '../brokers/metadata-cache';
import { checkErrorCode, type ConfigType, type DescribedConfig } from '../kafka/protocol';
import { BUNDLED_KAFKA_VERSION, BUNDLED_TOPIC_CONFIGS, type BundledTopicConfig } from './bundled-topic-configs';
import { TOPIC_CONFIG_RULES } from './config-rules';

export interface TopicConfigDefinition {
  name: string;
  type: ConfigType;
  /** What a new topic on this cluster gets without setting it (the broker's default, from its synonyms). */
  defaultValue: string | null;
  documentation: string | null;
  validValues: readonly string[] | null;
  min: number | null;
  max: number | null;
  /** The broker config that sets the cluster-wide default. */
  brokerConfig: string | null;
  readOnly: boolean;
  sensitive: boolean;
}

export interface TopicConfigHelp {
  /** `broker`: the cluster documented its own configs; `bundled`: Connectory's copy of Kafka's documentation. */
  source: 'broker' | 'bundled';
  /** The topic the broker was asked about (its overrides are skipped: defaults are the cluster's). */
  describedTopic: string | null;
  /** For `bundled`: the Kafka version the documentation is from. */
  kafkaVersion: string | null;
  items: TopicConfigDefinition[];
}

const HELP_TTL_MS = 10 * 60_000;
const BUNDLED = new Map(BUNDLED_TOPIC_CONFIGS.map((config) => [config.name, config]));

/**
 * The topic configs a cluster knows, with type, default, documentation and valid values: from the broker itself
 * (DescribeConfigs v3+ with documentation, on an existing topic) when it can say, else from the bundled copy.
 * Cached per cluster: config definitions change only with a broker upgrade.
 */
export class TopicConfigHelpCache {
  readonly #entries = new Map<string, { help: Promise<TopicConfigHelp>; at: number }>();

  get(kafka: KafkaClient, metadataCache: MetadataCache): Promise<TopicConfigHelp> {
    const cached = this.#entries.get(kafka.clusterId);
    if (cached && Date.now() - cached.at < HELP_TTL_MS) return cached.help;
    const help = loadHelp(kafka, metadataCache);
    const entry = { help, at: Date.now() };
    this.#entries.set(kafka.clusterId, entry);
    help.catch(() => {
      if (this.#entries.get(kafka.clusterId) === entry) this.#entries.delete(kafka.clusterId);
    });
    return help;
  }
}

async function loadHelp(kafka: KafkaClient, metadataCache: MetadataCache): Promise<TopicConfigHelp> {
  const { metadata } = await metadataCache.get(kafka);
  const ordinary = metadata.topics.filter((topic) => topic.errorCode === 0);
  // A user topic reflects the cluster defaults best; internal topics carry their own overrides (compaction).
  const topic = ordinary.find((candidate) => !candidate.isInternal) ?? ordinary[0];
  if (!topic) return bundledHelp();
  const described = await kafka.describeConfigs('any', {
    resources: [{ type: 'topic', name: topic.name, configNames: null }],
    includeSynonyms: true,
    includeDocumentation: true,
  });
  const resource = described.resources[0]!;
  checkErrorCode(resource.errorCode, `DescribeConfigs topic "${topic.name}"`, resource.errorMessage);
  const documented = resource.configs.some((config) => config.documentation);
  const items = resource.configs.map(fromBroker).sort(byName);
  return { source: documented ? 'broker' : 'bundled', describedTopic: topic.name, kafkaVersion: documented ? null : BUNDLED_KAFKA_VERSION, items };
}

export function bundledHelp(): TopicConfigHelp {
  const items = BUNDLED_TOPIC_CONFIGS.map((config) => definition(config.name, config.type, config.defaultValue, config.documentation, config));
  return { source: 'bundled', describedTopic: null, kafkaVersion: BUNDLED_KAFKA_VERSION, items: items.sort(byName) };
}

function fromBroker(config: DescribedConfig): TopicConfigDefinition {
  const bundled = BUNDLED.get(config.name);
  const inherited = config.source === 'DYNAMIC_TOPIC_CONFIG' ? config.synonyms.find((s) => s.source !== 'DYNAMIC_TOPIC_CONFIG') : config;
  const type = config.type !== 'UNKNOWN' ? config.type : (bundled?.type ?? 'UNKNOWN');
  const defaultValue = inherited ? inherited.value : (bundled?.defaultValue ?? null);
  const brokerSynonym = config.synonyms.find((s) => s.source !== 'DYNAMIC_TOPIC_CONFIG')?.name;
  return {
    ...definition(config.name, type, defaultValue, config.documentation ?? bundled?.documentation ?? null, bundled),
    brokerConfig: brokerSynonym ?? bundled?.brokerConfig ?? null,
    readOnly: config.readOnly,
    sensitive: config.isSensitive,
  };
}

function definition(name: string, type: ConfigType, defaultValue: string | null, documentation: string | null, bundled?: BundledTopicConfig): TopicConfigDefinition {
  const rule = TOPIC_CONFIG_RULES[name];
  return {
    name,
    type,
    defaultValue,
    documentation,
    validValues: rule?.validValues ?? null,
    min: rule?.min ?? null,
    max: rule?.max ?? null,
    brokerConfig: bundled?.brokerConfig ?? null,
    readOnly: false,
    sensitive: false,
  };
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
