/**
 * Topic templates: starting points for common kinds of topic, as data. A template's replication factor is what
 * it wants on a production cluster; applied to a smaller cluster it is capped at the broker count, and
 * min.insync.replicas follows (replication factor - 1, at least 1) so the topic stays writable.
 */
export interface TopicTemplate {
  id: string;
  name: string;
  description: string;
  partitions: number;
  /** Wanted replication factor; capped at the cluster's broker count when applied. */
  replicationFactor: number;
  /** Derive min.insync.replicas from the applied replication factor (RF - 1, at least 1). */
  minInsyncFromReplication: boolean;
  configs: Readonly<Record<string, string>>;
  /** Why each config is set as it is. */
  rationale: Readonly<Record<string, string>>;
}

const DAY_MS = 86_400_000;

export const TOPIC_TEMPLATES: readonly TopicTemplate[] = [
  {
    id: 'cdc-changelog',
    name: 'CDC changelog',
    description:
      'Change events from a database (Debezium and similar), keyed by primary key. Compacted, but only after a week: ' +
      'for 7 days every change of every row is kept in order (sinks that fall behind, replays and audits see the full ' +
      'history), after that only the latest event per key remains, so a new consumer can still rebuild the whole ' +
      'table from the topic without a new snapshot. A pure delete policy would lose rows that have not changed for ' +
      'longer than the retention; pure compaction from the start would drop intermediate changes sinks may need.',
    partitions: 3,
    replicationFactor: 3,
    minInsyncFromReplication: true,
    configs: {
      'cleanup.policy': 'compact',
      'min.compaction.lag.ms': String(7 * DAY_MS),
      'delete.retention.ms': String(DAY_MS),
    },
    rationale: {
      'cleanup.policy': 'Keep the latest change per primary key indefinitely, so the topic can rebuild the table.',
      'min.compaction.lag.ms': 'Compaction never touches the last 7 days: the full change history stays readable that long.',
      'delete.retention.ms': 'Tombstones (deleted rows) stay a day, long enough for every sink to apply the delete.',
      'min.insync.replicas': 'Replication factor - 1: an acknowledged change survives the loss of a broker.',
    },
  },
  {
    id: 'compacted-state',
    name: 'Compacted state',
    description:
      'The latest value per key, forever: entity snapshots, lookup tables, Kafka Streams changelogs. Compacts more eagerly ' +
      'than the default and rolls segments hourly, because the active segment is never compacted.',
    partitions: 3,
    replicationFactor: 3,
    minInsyncFromReplication: true,
    configs: {
      'cleanup.policy': 'compact',
      'min.cleanable.dirty.ratio': '0.1',
      'segment.ms': String(3_600_000),
      'delete.retention.ms': String(DAY_MS),
    },
    rationale: {
      'cleanup.policy': 'Keep only the latest value per key.',
      'min.cleanable.dirty.ratio': 'Compact once 10% of the log is superseded (default 50%): less stale data on disk and to replay.',
      'segment.ms': 'Roll segments hourly so recent updates become compactable; the active segment is never cleaned.',
      'delete.retention.ms': 'Tombstones stay a day so consumers see deletions before they vanish.',
      'min.insync.replicas': 'Replication factor - 1: an acknowledged write survives the loss of a broker.',
    },
  },
  {
    id: 'high-throughput',
    name: 'High throughput',
    description:
      'Event streams with heavy write volume: more partitions for parallel consumers, lz4 compression on the broker, ' +
      'large segments, and durable writes (min.insync.replicas = replication factor - 1).',
    partitions: 12,
    replicationFactor: 3,
    minInsyncFromReplication: true,
    configs: {
      'compression.type': 'lz4',
      'segment.bytes': String(1024 * 1024 * 1024),
      'retention.ms': String(3 * DAY_MS),
      'max.message.bytes': String(2 * 1024 * 1024),
    },
    rationale: {
      'compression.type': 'lz4: the cheapest codec to compress and decompress per byte; choose zstd for a better ratio if CPU allows.',
      'segment.bytes': '1 GiB segments: fewer files and index rolls under heavy load (clusters often lower the broker default).',
      'retention.ms': 'Three days: high-volume streams are usually consumed within hours; raise it if replays need more.',
      'max.message.bytes': '2 MiB batches: room for large compressed producer batches (linger.ms/batch.size tuned up).',
      'min.insync.replicas': 'Replication factor - 1: an acknowledged write survives the loss of a broker.',
    },
  },
];

export function findTemplate(id: string): TopicTemplate | undefined {
  return TOPIC_TEMPLATES.find((template) => template.id === id);
}

export interface AppliedTemplate {
  partitions: number;
  replicationFactor: number;
  configs: Record<string, string>;
}

/** The template's settings for a cluster of `brokerCount` brokers. */
export function applyTemplate(template: TopicTemplate, brokerCount: number): AppliedTemplate {
  const replicationFactor = Math.max(1, Math.min(template.replicationFactor, brokerCount));
  const configs: Record<string, string> = { ...template.configs };
  if (template.minInsyncFromReplication) configs['min.insync.replicas'] = String(Math.max(1, replicationFactor - 1));
  return { partitions: template.partitions, replicationFactor, configs };
}
