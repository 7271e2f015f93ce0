import { isDynamicSource, type ConfigSource, type ConfigType, type DescribedConfig } from '../kafka/protocol';
import { SECRET_MASK } from '../secrets/masking';

/** One config of a broker or topic as the API shows it. */
export interface ConfigEntryView {
  name: string;
  /** Sensitive values are never shown: `********` when set, null when not. */
  value: string | null;
  source: ConfigSource;
  /** Set at runtime (a DYNAMIC_* source), so changeable without a restart. */
  dynamic: boolean;
  /**
   * True when nothing sets this config on the resource itself: for a topic, no topic-level override (the value comes
   * from the broker or Kafka's default); for a broker, Kafka's built-in default.
   */
  isDefault: boolean;
  readOnly: boolean;
  sensitive: boolean;
  type: ConfigType;
  documentation: string | null;
  /** What the config falls back to when its own setting is removed (the next synonym); the value itself when it is a default. */
  defaultValue: string | null;
  /** Every place that sets this config, highest precedence first. */
  synonyms: { name: string; value: string | null; source: ConfigSource }[];
}

export type ConfigOwner = 'topic' | 'broker';

export function configEntryView(config: DescribedConfig, owner: ConfigOwner): ConfigEntryView {
  const mask = (value: string | null, source: ConfigSource) => maskSensitive(config.isSensitive, value, source);
  const isDefault = owner === 'topic' ? config.source !== 'DYNAMIC_TOPIC_CONFIG' : config.source === 'DEFAULT_CONFIG';
  const fallback = isDefault ? config : config.synonyms.find((synonym) => synonym.source !== config.source);
  return {
    name: config.name,
    value: mask(config.value, config.source),
    source: config.source,
    dynamic: isDynamicSource(config.source),
    isDefault,
    readOnly: config.readOnly,
    sensitive: config.isSensitive,
    type: config.type,
    documentation: config.documentation,
    defaultValue: fallback ? mask(fallback.value, fallback.source) : null,
    synonyms: config.synonyms.map((synonym) => ({ ...synonym, value: mask(synonym.value, synonym.source) })),
  };
}

/** Brokers already withhold sensitive values (null); the mask tells "set" from "not set" without revealing it. */
function maskSensitive(sensitive: boolean, value: string | null, source: ConfigSource): string | null {
  if (!sensitive) return value;
  return value !== null || (source !== 'DEFAULT_CONFIG' && source !== 'UNKNOWN') ? SECRET_MASK : null;
}
