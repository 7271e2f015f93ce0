/**
 * What DescribeConfigs does not say about topic configs: their valid values and ranges (Kafka's LogConfig
 * validators, as of Kafka 4.3). Only rules Kafka has enforced for a long time are listed, so a newer broker is never
 * contradicted; the broker itself validates everything again on create and alter.
 */
export interface ConfigRule {
  /** Allowed values; for a LIST config, allowed elements. */
  validValues?: readonly string[];
  min?: number;
  max?: number;
  /** Values accepted outside the range (gzip's "-1 = codec default"). */
  alsoAllowed?: readonly number[];
  /** A LIST that may be empty (cleanup.policy: "" = keep forever, Kafka 4.1+). */
  allowEmptyList?: boolean;
}

export const TOPIC_CONFIG_RULES: Readonly<Record<string, ConfigRule>> = {
  'cleanup.policy': { validValues: ['compact', 'delete'], allowEmptyList: true },
  'compression.type': { validValues: ['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'] },
  'compression.gzip.level': { min: 1, max: 9, alsoAllowed: [-1] },
  'compression.lz4.level': { min: 1, max: 17 },
  'compression.zstd.level': { min: -131072, max: 22 },
  'delete.retention.ms': { min: 0 },
  'file.delete.delay.ms': { min: 0 },
  'flush.messages': { min: 1 },
  'flush.ms': { min: 0 },
  'index.interval.bytes': { min: 0 },
  'local.retention.bytes': { min: -2 },
  'local.retention.ms': { min: -2 },
  'max.compaction.lag.ms': { min: 1 },
  'max.message.bytes': { min: 0 },
  'message.timestamp.after.max.ms': { min: 0 },
  'message.timestamp.before.max.ms': { min: 0 },
  'message.timestamp.type': { validValues: ['CreateTime', 'LogAppendTime'] },
  'min.cleanable.dirty.ratio': { min: 0, max: 1 },
  'min.compaction.lag.ms': { min: 0 },
  'min.insync.replicas': { min: 1 },
  'retention.ms': { min: -1 },
  'segment.index.bytes': { min: 4 },
  'segment.jitter.ms': { min: 0 },
  'segment.ms': { min: 1 },
};
