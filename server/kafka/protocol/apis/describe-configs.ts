import type { KafkaApi } from '../api';
import type { Reader } from '../codec/reader';
import { configSourceName, configTypeName, RESOURCE_TYPES, resourceTypeName, type ConfigResourceType, type ConfigSource, type ConfigType } from '../config-types';

export interface DescribeConfigsRequest {
  resources: { type: ConfigResourceType; name: string; /** null: every config */ configNames: string[] | null }[];
  includeSynonyms: boolean;
  /** KIP-569: each config's documentation and type (v3+). */
  includeDocumentation: boolean;
}

export interface ConfigSynonym {
  name: string;
  value: string | null;
  source: ConfigSource;
}

export interface DescribedConfig {
  name: string;
  /** null for sensitive configs, and for configs with no value. */
  value: string | null;
  readOnly: boolean;
  source: ConfigSource;
  isSensitive: boolean;
  /** Where else the value is set, in precedence order (the topic's own value first, then broker settings, then the default). */
  synonyms: ConfigSynonym[];
  type: ConfigType;
  documentation: string | null;
}

export interface DescribedResource {
  errorCode: number;
  errorMessage: string | null;
  type: ConfigResourceType | 'unknown';
  name: string;
  configs: DescribedConfig[];
}

/**
 * DescribeConfigs (key 32) v1–v4. kafkajs stops at v2: no documentation or config types. v0 is gone from Kafka 4
 * (KIP-896) and lacks the config source, so v1 is the floor.
 */
export const DescribeConfigs: KafkaApi<DescribeConfigsRequest, { resources: DescribedResource[] }> = {
  key: 32,
  name: 'DescribeConfigs',
  minVersion: 1,
  maxVersion: 4,
  flexibleFrom: 4,
  encode(writer, request, version) {
    writer.array(request.resources, (resource) => {
      writer.int8(RESOURCE_TYPES[resource.type]).string(resource.name);
      writer.nullableArray(resource.configNames, (name) => writer.string(name));
      writer.tags();
    });
    writer.boolean(request.includeSynonyms);
    if (version >= 3) writer.boolean(request.includeDocumentation);
    writer.tags();
  },
  decode(reader, version) {
    reader.int32(); // throttle_time_ms
    return { resources: reader.array((r) => readResource(r, version)) };
  },
};

function readResource(reader: Reader, version: number): DescribedResource {
  const errorCode = reader.int16();
  const errorMessage = reader.nullableString();
  const type = resourceTypeName(reader.int8());
  const name = reader.string();
  const configs = reader.array((r) => readConfig(r, version));
  reader.tags();
  return { errorCode, errorMessage, type, name, configs };
}

function readConfig(reader: Reader, version: number): DescribedConfig {
  const name = reader.string();
  const value = reader.nullableString();
  const readOnly = reader.boolean();
  const source = configSourceName(reader.int8());
  const isSensitive = reader.boolean();
  const synonyms = reader.array(readSynonym);
  const type = version >= 3 ? configTypeName(reader.int8()) : 'UNKNOWN';
  const documentation = version >= 3 ? reader.nullableString() : null;
  reader.tags();
  return { name, value, readOnly, source, isSensitive, synonyms, type, documentation };
}

function readSynonym(reader: Reader): ConfigSynonym {
  const synonym = { name: reader.string(), value: reader.nullableString(), source: configSourceName(reader.int8()) };
  reader.tags();
  return synonym;
}
