import { describe, expect, it } from 'vitest';
import { decodeCheckpoint } from '../../../server/migrations/checkpoints';
import { clientProperties, connectorName, internalTopics, MIGRATION_CONFIG_KEY, planConnectors, selectionFilter, targetTopicName } from '../../../server/migrations/plan';
import { reReadOf } from '../../../server/migrations/progress';
import { selectedTopics } from '../../../server/migrations/selection';
import { isSecretKey } from '../../../server/secrets/masking';

const ID = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
const options = { replicationPolicy: 'identity' as const, syncTopicConfigs: true, replicationFactor: null, sourceAlias: 'legacy', targetAlias: 'local' };
const plain = { bootstrapServers: ['old-1:9092', 'old-2:9092'], tls: null, sasl: null };
const secured = {
  bootstrapServers: ['new:9093'],
  tls: { enabled: true, caPem: '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n', certPem: 'CERT', keyPemEnc: 'v1:x' },
  sasl: { mechanism: 'scram-sha-512' as const, username: 'admin', passwordEnc: 'v1:y' },
  saslPassword: 'pa"ss',
  tlsKeyPem: 'KEY',
};

function plan(overrides: Partial<Parameters<typeof planConnectors>[0]> = {}) {
  return planConnectors({ id: ID, topics: { names: ['orders.v1', 'payments'] }, groups: { pattern: 'billing-.*' }, options, source: plain, target: secured, internalReplicationFactor: 1, ...overrides });
}

describe('MirrorMaker 2 connector configs of a migration', () => {
  it('plans the three connectors, named after the migration and marked as owned by it', () => {
    const connectors = plan();
    expect(connectors.map((c) => [c.role, c.name, c.config['connector.class']])).toEqual([
      ['source', 'mm2-0f1e2d3c-source', 'org.apache.kafka.connect.mirror.MirrorSourceConnector'],
      ['checkpoint', 'mm2-0f1e2d3c-checkpoint', 'org.apache.kafka.connect.mirror.MirrorCheckpointConnector'],
      ['heartbeat', 'mm2-0f1e2d3c-heartbeat', 'org.apache.kafka.connect.mirror.MirrorHeartbeatConnector'],
    ]);
    for (const c of connectors) {
      expect(c.config[MIGRATION_CONFIG_KEY]).toBe(ID);
      expect(c.config['source.cluster.alias']).toBe('legacy');
      expect(c.config['target.cluster.alias']).toBe('local');
      expect(c.config['replication.policy.class']).toBe('org.apache.kafka.connect.mirror.IdentityReplicationPolicy');
      expect(c.config['offset-syncs.topic.location']).toBe('target');
      expect(c.config['value.converter']).toBe('org.apache.kafka.connect.converters.ByteArrayConverter');
    }
    expect(connectorName(ID, 'source')).toBe('mm2-0f1e2d3c-source');
  });

  it('syncs group offsets with short intervals and the topic and group filters', () => {
    const [source, checkpoint, heartbeat] = plan();
    expect(source!.config).toMatchObject({ topics: 'orders\\.v1,payments', 'sync.topic.configs.enabled': 'true', 'refresh.topics.interval.ms': '5000', 'replication.factor': '1', 'sync.topic.acls.enabled': 'false' });
    expect(checkpoint!.config).toMatchObject({ groups: 'billing-.*', topics: 'orders\\.v1,payments', 'sync.group.offsets.enabled': 'true', 'emit.checkpoints.interval.ms': '2000', 'sync.group.offsets.interval.ms': '2000', 'refresh.groups.interval.ms': '5000' });
    expect(heartbeat!.config['emit.heartbeats.interval.ms']).toBe('2000');
    expect(plan({ groups: { names: [] } })[1]!.config.groups).toBe('^$');
  });

  it('prefix policy, replication factor and no config sync when asked', () => {
    const [source] = plan({ options: { ...options, replicationPolicy: 'prefix', syncTopicConfigs: false, replicationFactor: 3 } });
    expect(source!.config['replication.policy.class']).toBe('org.apache.kafka.connect.mirror.DefaultReplicationPolicy');
    expect(source!.config['sync.topic.configs.enabled']).toBe('false');
    expect(source!.config['replication.factor']).toBe('3');
    expect(targetTopicName('orders', { replicationPolicy: 'prefix', sourceAlias: 'legacy' })).toBe('legacy.orders');
    expect(targetTopicName('orders', { replicationPolicy: 'identity', sourceAlias: 'legacy' })).toBe('orders');
  });

  it('carries both clusters’ bootstrap servers and security settings; the secrets are in keys the masking hides', () => {
    const config = plan()[0]!.config;
    expect(config['source.cluster.bootstrap.servers']).toBe('old-1:9092,old-2:9092');
    expect(config['source.cluster.security.protocol']).toBeUndefined();
    expect(config).toMatchObject({
      'target.cluster.bootstrap.servers': 'new:9093',
      'target.cluster.security.protocol': 'SASL_SSL',
      'target.cluster.sasl.mechanism': 'SCRAM-SHA-512',
      'target.cluster.sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="pa\\"ss";',
      'target.cluster.ssl.truststore.type': 'PEM',
      'target.cluster.ssl.truststore.certificates': '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----',
      'target.cluster.ssl.keystore.type': 'PEM',
      'target.cluster.ssl.keystore.key': 'KEY',
    });
    const secretKeys = Object.keys(config).filter((key) => isSecretKey(key));
    expect(secretKeys.sort()).toEqual(['target.cluster.sasl.jaas.config', 'target.cluster.ssl.keystore.key']);
  });

  it('TLS without SASL is SSL; PLAIN uses the plain login module', () => {
    expect(clientProperties('p.', { bootstrapServers: ['b:1'], tls: { enabled: true }, sasl: null })['p.security.protocol']).toBe('SSL');
    const props = clientProperties('p.', { bootstrapServers: ['b:1'], tls: null, sasl: { mechanism: 'plain', username: 'u', passwordEnc: '' }, saslPassword: 'p' });
    expect(props['p.security.protocol']).toBe('SASL_PLAINTEXT');
    expect(props['p.sasl.jaas.config']).toContain('PlainLoginModule');
  });

  it('escapes names for MirrorMaker 2’s regex lists and selects whole names only', () => {
    expect(selectionFilter({ names: ['a.b', 'c+d'] })).toBe('a\\.b,c\\+d');
    expect(selectionFilter({ pattern: 'orders\\..*' })).toBe('orders\\..*');
    expect(selectedTopics({ pattern: 'orders' }, ['orders', 'orders-2', '__consumer_offsets', 'legacy.checkpoints.internal'])).toEqual(['orders']);
    expect(selectedTopics({ pattern: '.*' }, ['b', 'a', '__consumer_offsets', 'mm2-offset-syncs.local.internal', 'heartbeats'])).toEqual(['a', 'b']);
  });

  it('names the internal topics finish may delete', () => {
    expect(internalTopics(options)).toEqual(['legacy.checkpoints.internal', 'mm2-offset-syncs.local.internal', 'heartbeats']);
  });
});

describe('cut-over arithmetic', () => {
  it('predicts the re-read from the committed offsets and the partitions’ offset difference', () => {
    expect(reReadOf(1000, 995, 0)).toBe(5);
    expect(reReadOf(1000, 1000, 0)).toBe(0);
    // the source had lost 200 records to retention before the copy: target offsets run 200 lower
    expect(reReadOf(1000, 795, -200)).toBe(5);
    expect(reReadOf(10, 12, 0)).toBe(0);
  });

  it('decodes MirrorMaker 2 checkpoint records', () => {
    const str = (s: string) => Buffer.concat([Buffer.from([0, s.length]), Buffer.from(s)]);
    const key = Buffer.concat([str('billing'), str('orders'), Buffer.from([0, 0, 0, 7])]);
    const value = Buffer.alloc(2 + 8 + 8 + 2);
    value.writeInt16BE(0, 0);
    value.writeBigInt64BE(1234n, 2);
    value.writeBigInt64BE(1230n, 10);
    value.writeInt16BE(0, 18);
    expect(decodeCheckpoint(key, value)).toEqual({ group: 'billing', topic: 'orders', partition: 7, upstreamOffset: 1234, downstreamOffset: 1230 });
    expect(decodeCheckpoint(key, Buffer.from([0, 1]))).toBeUndefined();
  });
});

describe('MirrorMaker 2 on the Connect cluster', () => {
  it('is installed first when any worker lacks one of its three classes', async () => {
    const { missingMirrorMakerClasses } = await import('../../../server/migrations/service');
    const all = ['org.apache.kafka.connect.mirror.MirrorSourceConnector', 'org.apache.kafka.connect.mirror.MirrorCheckpointConnector', 'org.apache.kafka.connect.mirror.MirrorHeartbeatConnector'];
    expect(missingMirrorMakerClasses([all, all])).toEqual([]);
    expect(missingMirrorMakerClasses([all, all.slice(0, 1)])).toEqual(all.slice(1));
    expect(missingMirrorMakerClasses([all, []])).toEqual(all);
  });

  it('picks the catalog version matching the workers’ Kafka line', async () => {
    const { mirrorMakerVersionFor } = await import('../../../server/migrations/service');
    const { Catalog } = await import('../../../server/catalog');
    const catalog = await Catalog.load();
    expect(mirrorMakerVersionFor(catalog, '4.3.1')?.version).toBe('4.3.1');
    expect(mirrorMakerVersionFor(catalog, '4.2.1')?.version).toBe('4.2.0');
    expect(mirrorMakerVersionFor(catalog, '3.9.1')).toBeUndefined();
  });
});
