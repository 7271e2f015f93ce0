/** The enums DescribeConfigs and IncrementalAlterConfigs carry as numbers, by their Kafka names. */

export const RESOURCE_TYPES = { topic: 2, broker: 4, brokerLogger: 8 } as const;
export type ConfigResourceType = keyof typeof RESOURCE_TYPES;

const RESOURCE_TYPE_NAMES = new Map<number, ConfigResourceType>(
  Object.entries(RESOURCE_TYPES).map(([name, code]) => [code, name as ConfigResourceType]),
);

export function resourceTypeName(code: number): ConfigResourceType | 'unknown' {
  return RESOURCE_TYPE_NAMES.get(code) ?? 'unknown';
}

/** Where a config's value comes from (org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource). */
export const CONFIG_SOURCES = [
  'UNKNOWN',
  'DYNAMIC_TOPIC_CONFIG',
  'DYNAMIC_BROKER_CONFIG',
  'DYNAMIC_DEFAULT_BROKER_CONFIG',
  'STATIC_BROKER_CONFIG',
  'DEFAULT_CONFIG',
  'DYNAMIC_BROKER_LOGGER_CONFIG',
  'CLIENT_METRICS_CONFIG',
  'GROUP_CONFIG',
] as const;
export type ConfigSource = (typeof CONFIG_SOURCES)[number];

export function configSourceName(code: number): ConfigSource {
  return CONFIG_SOURCES[code] ?? 'UNKNOWN';
}

/** Set at runtime (stored in the cluster metadata) rather than in a server.properties file or compiled in. */
export function isDynamicSource(source: ConfigSource): boolean {
  return source.startsWith('DYNAMIC_') || source === 'CLIENT_METRICS_CONFIG' || source === 'GROUP_CONFIG';
}

/** A config's type (ConfigDef.Type), KIP-569. */
export const CONFIG_TYPES = ['UNKNOWN', 'BOOLEAN', 'STRING', 'INT', 'SHORT', 'LONG', 'DOUBLE', 'LIST', 'CLASS', 'PASSWORD'] as const;
export type ConfigType = (typeof CONFIG_TYPES)[number];

export function configTypeName(code: number): ConfigType {
  return CONFIG_TYPES[code] ?? 'UNKNOWN';
}

/** IncrementalAlterConfigs operations. */
export const ALTER_OPERATIONS = { set: 0, delete: 1, append: 2, subtract: 3 } as const;
export type AlterOperation = keyof typeof ALTER_OPERATIONS;
