import type { KafkaApi } from '../api';
import { ALTER_OPERATIONS, RESOURCE_TYPES, resourceTypeName, type AlterOperation, type ConfigResourceType } from '../config-types';

export interface ConfigAlteration {
  name: string;
  operation: AlterOperation;
  /** Ignored by DELETE; for APPEND/SUBTRACT one list element. */
  value: string | null;
}

export interface IncrementalAlterConfigsRequest {
  resources: { type: ConfigResourceType; name: string; configs: ConfigAlteration[] }[];
  validateOnly: boolean;
}

export interface AlterConfigsResult {
  errorCode: number;
  errorMessage: string | null;
  type: ConfigResourceType | 'unknown';
  name: string;
}

/**
 * IncrementalAlterConfigs (key 44) v0–v1, KIP-339: only the named keys change. kafkajs only has AlterConfigs, which
 * replaces the whole set and so silently resets every key the caller did not repeat.
 */
export const IncrementalAlterConfigs: KafkaApi<IncrementalAlterConfigsRequest, { results: AlterConfigsResult[] }> = {
  key: 44,
  name: 'IncrementalAlterConfigs',
  minVersion: 0,
  maxVersion: 1,
  flexibleFrom: 1,
  encode(writer, request) {
    writer.array(request.resources, (resource) => {
      writer.int8(RESOURCE_TYPES[resource.type]).string(resource.name);
      writer.array(resource.configs, (config) => {
        writer.string(config.name).int8(ALTER_OPERATIONS[config.operation]).nullableString(config.value).tags();
      });
      writer.tags();
    });
    writer.boolean(request.validateOnly).tags();
  },
  decode(reader) {
    reader.int32(); // throttle_time_ms
    const results = reader.array((r) => {
      const result = { errorCode: r.int16(), errorMessage: r.nullableString(), type: resourceTypeName(r.int8()), name: r.string() };
      r.tags();
      return result;
    });
    return { results };
  },
};
