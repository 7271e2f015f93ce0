/**
 * The three MirrorMaker 2 connector configs of a migration. Plain data in, plain data out (unit-tested): the
 * service decrypts the clusters' secrets before calling, and the configs go through the usual connector write
 * path, which masks `*.sasl.jaas.config` and `*.ssl.keystore.key` in history, audit and every read.
 */
import type { KafkaSaslSettings, KafkaTlsSettings, MigrationOptions, MigrationSelection } from '../db/tables';

export const MM2_SOURCE = 'org.apache.kafka.connect.mirror.MirrorSourceConnector';
export const MM2_CHECKPOINT = 'org.apache.kafka.connect.mirror.MirrorCheckpointConnector';
export const MM2_HEARTBEAT = 'org.apache.kafka.connect.mirror.MirrorHeartbeatConnector';
export const MM2_CLASSES = [MM2_SOURCE, MM2_CHECKPOINT, MM2_HEARTBEAT] as const;
export const MM2_CATALOG_ID = 'kafka-mirrormaker2';
/** Put on each connector it owns, so the connector lists can say which migration a connector belongs to. */
export const MIGRATION_CONFIG_KEY = 'connectory.migration.id';

const BYTES = 'org.apache.kafka.connect.converters.ByteArrayConverter';
const IDENTITY_POLICY = 'org.apache.kafka.connect.mirror.IdentityReplicationPolicy';
const DEFAULT_POLICY = 'org.apache.kafka.connect.mirror.DefaultReplicationPolicy';

/**
 * MirrorMaker 2's defaults suit a standing mirror (new topics and groups found after 10 minutes, checkpoints a
 * minute apart); a migration wants them in seconds, so progress and the cut-over checklist move while one watches.
 */
export const MIGRATION_INTERVALS = {
  'refresh.topics.interval.ms': '5000',
  'refresh.groups.interval.ms': '5000',
  'sync.topic.configs.interval.ms': '5000',
  'emit.checkpoints.interval.ms': '2000',
  'sync.group.offsets.interval.ms': '2000',
  'emit.heartbeats.interval.ms': '2000',
} as const;

/** A cluster as the connectors reach it: bootstrap servers and client security, secrets decrypted. */
export interface ClusterEndpoint {
  bootstrapServers: string[];
  tls: KafkaTlsSettings | null;
  sasl: KafkaSaslSettings | null;
  /** The SASL password and TLS client key, decrypted by the caller. */
  saslPassword?: string;
  tlsKeyPem?: string;
}

export interface MigrationPlanInput {
  id: string;
  topics: MigrationSelection;
  groups: MigrationSelection;
  options: MigrationOptions;
  source: ClusterEndpoint;
  target: ClusterEndpoint;
  /** Replication factor of MirrorMaker 2's own topics on the target (checkpoints, heartbeats, offset syncs). */
  internalReplicationFactor: number;
}

export interface PlannedConnector {
  role: 'source' | 'checkpoint' | 'heartbeat';
  name: string;
  config: Record<string, string>;
}

/** `mm2-<first 8 of the id>-<role>`: short, unique per migration, and visibly MirrorMaker 2's. */
export function connectorName(migrationId: string, role: PlannedConnector['role']): string {
  return `mm2-${migrationId.slice(0, 8)}-${role}`;
}

/** Names are exact (MirrorMaker 2 reads `topics`/`groups` as a list of regular expressions): dots etc. are escaped. */
export function selectionFilter(selection: MigrationSelection): string {
  if ('pattern' in selection) return selection.pattern;
  return selection.names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join(',');
}

/** Kafka client properties for one cluster, prefixed (`source.cluster.`, `target.cluster.`). */
export function clientProperties(prefix: string, endpoint: ClusterEndpoint): Record<string, string> {
  const props: Record<string, string> = { [`${prefix}bootstrap.servers`]: endpoint.bootstrapServers.join(',') };
  const tls = endpoint.tls?.enabled === true;
  if (endpoint.sasl) {
    props[`${prefix}security.protocol`] = tls ? 'SASL_SSL' : 'SASL_PLAINTEXT';
    props[`${prefix}sasl.mechanism`] = endpoint.sasl.mechanism.toUpperCase();
    const module = endpoint.sasl.mechanism === 'plain' ? 'org.apache.kafka.common.security.plain.PlainLoginModule' : 'org.apache.kafka.common.security.scram.ScramLoginModule';
    props[`${prefix}sasl.jaas.config`] = `${module} required username="${jaasEscape(endpoint.sasl.username)}" password="${jaasEscape(endpoint.saslPassword ?? '')}";`;
  } else if (tls) {
    props[`${prefix}security.protocol`] = 'SSL';
  }
  if (tls && endpoint.tls) {
    if (endpoint.tls.caPem) {
      props[`${prefix}ssl.truststore.type`] = 'PEM';
      props[`${prefix}ssl.truststore.certificates`] = endpoint.tls.caPem.trim();
    }
    if (endpoint.tls.certPem && endpoint.tlsKeyPem) {
      props[`${prefix}ssl.keystore.type`] = 'PEM';
      props[`${prefix}ssl.keystore.certificate.chain`] = endpoint.tls.certPem.trim();
      props[`${prefix}ssl.keystore.key`] = endpoint.tlsKeyPem.trim();
    }
    // Connectory's "do not verify" only skips the host name check for Java clients: the CA must still be trusted
    if (endpoint.tls.rejectUnauthorized === false) props[`${prefix}ssl.endpoint.identification.algorithm`] = '';
  }
  return props;
}

function jaasEscape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

export function planConnectors(input: MigrationPlanInput): PlannedConnector[] {
  const { options } = input;
  const rf = String(input.internalReplicationFactor);
  const common: Record<string, string> = {
    'source.cluster.alias': options.sourceAlias,
    'target.cluster.alias': options.targetAlias,
    ...clientProperties('source.cluster.', input.source),
    ...clientProperties('target.cluster.', input.target),
    'replication.policy.class': options.replicationPolicy === 'identity' ? IDENTITY_POLICY : DEFAULT_POLICY,
    // offset syncs kept on the target: nothing is ever written to the source, so abort leaves it as it was
    'offset-syncs.topic.location': 'target',
    'offset-syncs.topic.replication.factor': rf,
    'key.converter': BYTES,
    'value.converter': BYTES,
    'header.converter': BYTES,
    [MIGRATION_CONFIG_KEY]: input.id,
  };
  const topics = selectionFilter(input.topics);
  const groups = selectionFilter(input.groups);
  return [
    {
      role: 'source',
      name: connectorName(input.id, 'source'),
      config: {
        'connector.class': MM2_SOURCE,
        ...common,
        'tasks.max': '4',
        topics,
        'sync.topic.configs.enabled': String(options.syncTopicConfigs),
        'sync.topic.acls.enabled': 'false',
        'refresh.topics.interval.ms': MIGRATION_INTERVALS['refresh.topics.interval.ms'],
        'sync.topic.configs.interval.ms': MIGRATION_INTERVALS['sync.topic.configs.interval.ms'],
        // an offset sync at most every 10 records: the translation of a group's offset lands at most that far back
        'offset.lag.max': '10',
        ...(options.replicationFactor !== null ? { 'replication.factor': String(options.replicationFactor) } : { 'replication.factor': rf }),
      },
    },
    {
      role: 'checkpoint',
      name: connectorName(input.id, 'checkpoint'),
      config: {
        'connector.class': MM2_CHECKPOINT,
        ...common,
        'tasks.max': '1',
        topics,
        groups: groups === '' ? '^$' : groups,
        'sync.group.offsets.enabled': 'true',
        'emit.checkpoints.enabled': 'true',
        'emit.checkpoints.interval.ms': MIGRATION_INTERVALS['emit.checkpoints.interval.ms'],
        'sync.group.offsets.interval.ms': MIGRATION_INTERVALS['sync.group.offsets.interval.ms'],
        'refresh.groups.interval.ms': MIGRATION_INTERVALS['refresh.groups.interval.ms'],
        'checkpoints.topic.replication.factor': rf,
      },
    },
    {
      role: 'heartbeat',
      name: connectorName(input.id, 'heartbeat'),
      config: {
        'connector.class': MM2_HEARTBEAT,
        ...common,
        'tasks.max': '1',
        'emit.heartbeats.interval.ms': MIGRATION_INTERVALS['emit.heartbeats.interval.ms'],
        'heartbeats.topic.replication.factor': rf,
      },
    },
  ];
}

/** The name a source topic gets on the target. */
export function targetTopicName(topic: string, options: Pick<MigrationOptions, 'replicationPolicy' | 'sourceAlias'>): string {
  return options.replicationPolicy === 'identity' ? topic : `${options.sourceAlias}.${topic}`;
}

/** MirrorMaker 2's internal topics on the target, removed by finish when asked. */
export function internalTopics(options: Pick<MigrationOptions, 'sourceAlias' | 'targetAlias'>): string[] {
  return [`${options.sourceAlias}.checkpoints.internal`, `mm2-offset-syncs.${options.targetAlias}.internal`, 'heartbeats'];
}
