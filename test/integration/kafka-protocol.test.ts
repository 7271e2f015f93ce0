/**
 * Connectory's Kafka protocol client (server/kafka/protocol) against the stack's real broker (Kafka 4.3): the
 * versions it negotiates and every API it speaks. Needs the stack (`npm run stack:up`).
 */
import kafkajs, { type Admin, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaClient } from '../../server/kafka/client';
import { KafkaClusterError, KafkaProtocolClient, readRecordBatches, type AclBinding, type AclBindingFilter } from '../../server/kafka/protocol';
import { latestRecordTimes, partitionLeaders } from '../../server/kafka/offsets';
import { KafkaClients } from '../../server/kafka/pool';
import { uniqueName, waitFor } from '../support/connect';
import { readStack } from '../stack/index';

const { Kafka, logLevel, CompressionTypes } = kafkajs;
const stack = readStack();

describe.runIf(stack)(`Kafka protocol client against Kafka ${stack?.versions.kafka}`, () => {
  const bootstrap = stack?.kafka.bootstrap.split(',') ?? [];
  const kafka = new Kafka({ clientId: 'connectory-protocol-test', brokers: bootstrap, logLevel: logLevel.NOTHING });
  const topic = uniqueName('protocol');
  let client: KafkaProtocolClient;
  let admin: Admin;
  let producer: Producer;

  const topicConfig = async (name: string) => {
    const { resources } = await client.describeConfigs('any', { resources: [{ type: 'topic', name: topic, configNames: [name] }], includeSynonyms: false, includeDocumentation: false });
    return resources[0]!.configs[0];
  };
  // A change goes through the KRaft controller and reaches the broker a moment later: read until it shows.
  const configBecomes = (name: string, value: string, source?: string) =>
    waitFor(`${name} = ${value}`, async () => {
      const config = await topicConfig(name);
      return config?.value === value && (!source || config.source === source) ? config : undefined;
    }, { timeoutMs: 10_000 });

  beforeAll(async () => {
    client = new KafkaProtocolClient({ clusterId: 'local', brokers: bootstrap });
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
  });

  afterAll(async () => {
    client?.close();
    await admin?.deleteTopics({ topics: [topic] }).catch(() => {});
    await Promise.all([producer?.disconnect(), admin?.disconnect()]);
  });

  it('negotiates the newest version of each API both sides speak', async () => {
    const versions = await client.negotiatedVersions();
    expect(versions.get(32)).toMatchObject({ max: expect.any(Number) }); // DescribeConfigs
    expect(versions.get(32)!.max).toBeGreaterThanOrEqual(4);
    expect(versions.get(44)!.max).toBeGreaterThanOrEqual(1); // IncrementalAlterConfigs
    expect(versions.get(35)!.max).toBeGreaterThanOrEqual(4); // DescribeLogDirs
    expect(versions.get(3)!.max).toBeGreaterThanOrEqual(12); // Metadata
    expect(versions.get(20)!.max).toBeGreaterThanOrEqual(5); // DeleteTopics
    expect(versions.get(37)!.max).toBeGreaterThanOrEqual(3); // CreatePartitions
  });

  it('Metadata: every topic in one request, with ids, internal flags and the brokers’ racks', async () => {
    const metadata = await client.metadata(null);
    const names = metadata.topics.map((t) => t.name).sort();
    expect(names).toEqual((await admin.listTopics()).sort());
    const ours = metadata.topics.find((t) => t.name === topic)!;
    expect(ours).toMatchObject({ errorCode: 0, isInternal: false });
    expect(ours.topicId).toMatch(/^[\w-]{22}$/);
    expect(ours.partitions.map((p) => p.partition).sort()).toEqual([0, 1]);
    expect(metadata.brokers[0]).toMatchObject({ nodeId: 1, host: '127.0.0.1', rack: null });
    expect(metadata.clusterId).toBe(stack!.kafka.clusterId);
  });

  it('DescribeConfigs v4: documentation, types, sources and synonyms (KIP-569)', async () => {
    const { resources } = await client.describeConfigs('any', { resources: [{ type: 'topic', name: topic, configNames: null }], includeSynonyms: true, includeDocumentation: true });
    const retention = resources[0]!.configs.find((c) => c.name === 'retention.ms')!;
    expect(retention).toMatchObject({ type: 'LONG', readOnly: false, isSensitive: false });
    expect(retention.documentation).toMatch(/retain/);
    const broker = await client.describeConfigs({ nodeId: 1 }, { resources: [{ type: 'broker', name: '1', configNames: ['log.retention.hours', 'log.segment.bytes'] }], includeSynonyms: true, includeDocumentation: true });
    expect(broker.resources[0]!.configs).toEqual([
      expect.objectContaining({ name: 'log.retention.hours', value: '24', source: 'STATIC_BROKER_CONFIG', type: 'INT' }),
      expect.objectContaining({ name: 'log.segment.bytes', value: String(64 * 1024 * 1024), source: 'STATIC_BROKER_CONFIG' }),
    ]);
  });

  it('IncrementalAlterConfigs v1: SET, APPEND, SUBTRACT and DELETE touch only the named key', async () => {
    const alter = (configs: { name: string; operation: 'set' | 'delete' | 'append' | 'subtract'; value: string | null }[]) =>
      client.incrementalAlterConfigs('any', { resources: [{ type: 'topic', name: topic, configs }], validateOnly: false });
    expect((await alter([{ name: 'retention.ms', operation: 'set', value: '3600000' }])).results[0]).toMatchObject({ errorCode: 0, type: 'topic', name: topic });
    await alter([{ name: 'cleanup.policy', operation: 'append', value: 'compact' }]);
    await configBecomes('cleanup.policy', 'delete,compact');
    await alter([{ name: 'cleanup.policy', operation: 'subtract', value: 'delete' }]);
    await configBecomes('cleanup.policy', 'compact');
    expect((await topicConfig('retention.ms'))?.value).toBe('3600000');
    await alter([{ name: 'cleanup.policy', operation: 'delete', value: null }]);
    await configBecomes('cleanup.policy', 'delete', 'DEFAULT_CONFIG');
    expect((await topicConfig('retention.ms'))?.value).toBe('3600000');
  });

  it('IncrementalAlterConfigs: the broker’s refusal with its message; broker configs go to that broker', async () => {
    const bad = await client.incrementalAlterConfigs('any', { resources: [{ type: 'topic', name: topic, configs: [{ name: 'retention.ms', operation: 'set', value: 'soon' }] }], validateOnly: false });
    expect(bad.results[0]).toMatchObject({ errorCode: 40, errorMessage: expect.stringMatching(/retention\.ms/) });
    // validate-only: the shared stack's broker must not change
    const brokerChange = await client.incrementalAlterConfigs({ nodeId: 1 }, {
      resources: [{ type: 'broker', name: '1', configs: [{ name: 'log.cleaner.backoff.ms', operation: 'set', value: '20000' }] }],
      validateOnly: true,
    });
    expect(brokerChange.results[0]).toMatchObject({ errorCode: 0, type: 'broker', name: '1' });
  });

  it('DescribeLogDirs: sizes grow once messages are produced', async () => {
    await producer.send({ topic, compression: CompressionTypes.GZIP, messages: Array.from({ length: 50 }, (_, i) => ({ partition: 0, value: `value-${i}` })) });
    const sized = await waitFor('a size above zero', async () => {
      const { errorCode, logDirs } = await client.describeLogDirs(1, { topics: [{ topic, partitions: [0, 1] }] });
      expect(errorCode).toBe(0);
      const partitions = logDirs.flatMap((dir) => dir.topics.filter((t) => t.name === topic).flatMap((t) => t.partitions));
      return partitions.find((p) => p.partition === 0 && p.sizeBytes > 0) ? partitions : undefined;
    });
    expect(sized.map((p) => p.partition).sort()).toEqual([0, 1]);
    const { logDirs } = await client.describeLogDirs(1);
    expect(logDirs[0]!.totalBytes).toBeGreaterThan(0);
    expect(logDirs[0]!.usableBytes).toBeGreaterThan(0);
  });

  it('ListOffsets v7 max timestamp: the newest record’s time per partition, empty partitions left out (KIP-734)', async () => {
    const timed = uniqueName('protocol-times');
    await admin.createTopics({ topics: [{ topic: timed, numPartitions: 2 }], waitForLeaders: true });
    const clients = new KafkaClients();
    try {
      const newest = Date.now() - 60_000;
      await producer.send({ topic: timed, messages: [0, 1, 2].map((i) => ({ partition: 0, value: `v${i}`, timestamp: String(newest - (2 - i) * 1_000) })) });
      const wire = clients.get({ clusterId: 'local', brokers: bootstrap });
      const errors: string[] = [];
      const { leaders } = await partitionLeaders(wire, [timed], errors);
      const times = await latestRecordTimes(wire, leaders, errors);
      expect(errors).toEqual([]);
      expect([...times]).toEqual([[`${timed}:0`, newest]]);
    } finally {
      await clients.closeAll();
      await admin.deleteTopics({ topics: [timed] }).catch(() => {});
    }
  });

  it('Fetch: a bounded, group-less read decodes what kafkajs produced (gzip batches included)', async () => {
    await producer.send({ topic, messages: [{ partition: 1, key: 'k', value: 'plain', headers: { h: 'v' } }] });
    const { topics } = await client.fetch(1, {
      maxWaitMs: 100,
      minBytes: 1,
      maxBytes: 1024 * 1024,
      isolationLevel: 0,
      topics: [{ topic, partitions: [0, 1].map((partition) => ({ partition, fetchOffset: 0, maxBytes: 512 * 1024 })) }],
    });
    const byPartition = new Map(topics[0]!.partitions.map((p) => [p.partition, p]));
    const zero = readRecordBatches(byPartition.get(0)!.records!);
    expect(zero.records.map((r) => r.value?.toString())).toEqual(Array.from({ length: 50 }, (_, i) => `value-${i}`));
    expect(zero.nextOffset).toBe(50);
    const one = readRecordBatches(byPartition.get(1)!.records!).records;
    expect(one[0]).toMatchObject({ offset: 0, key: Buffer.from('k'), headers: [{ key: 'h', value: Buffer.from('v') }] });
    expect(byPartition.get(1)!.highWatermark).toBe(1);
  });

  it('CreateTopics v7: validate-only, and the broker’s message for a bad config', async () => {
    const name = uniqueName('protocol-create');
    const valid = await client.createTopics({ topics: [{ name, partitions: 3, replicationFactor: 1, configs: [] }], timeoutMs: 10_000, validateOnly: true });
    expect(valid.topics[0]).toMatchObject({ name, errorCode: 0, partitions: 3, replicationFactor: 1 });
    expect(await admin.listTopics()).not.toContain(name);
    const invalid = await client.createTopics({ topics: [{ name, partitions: 1, replicationFactor: 1, configs: [{ name: 'retention.ms', value: 'x' }] }], timeoutMs: 10_000, validateOnly: true });
    expect(invalid.topics[0]).toMatchObject({ errorCode: 40, errorMessage: expect.stringMatching(/retention\.ms/) });
  });

  it('CreatePartitions v3: grows a topic, validate-only changes nothing, the broker says why it refuses', async () => {
    const name = uniqueName('protocol-grow');
    await admin.createTopics({ topics: [{ topic: name, numPartitions: 1 }], waitForLeaders: true });
    try {
      const checked = await client.createPartitions({ topics: [{ name, count: 3 }], timeoutMs: 10_000, validateOnly: true });
      expect(checked.results).toEqual([{ name, errorCode: 0, errorMessage: null }]);
      expect((await admin.fetchTopicMetadata({ topics: [name] })).topics[0]!.partitions).toHaveLength(1);
      const grown = await client.createPartitions({ topics: [{ name, count: 3 }], timeoutMs: 10_000, validateOnly: false });
      expect(grown.results).toEqual([{ name, errorCode: 0, errorMessage: null }]);
      await waitFor('3 partitions', async () => ((await admin.fetchTopicMetadata({ topics: [name] })).topics[0]!.partitions.length === 3 ? true : undefined), { timeoutMs: 10_000 });
      const shrink = await client.createPartitions({ topics: [{ name, count: 2 }], timeoutMs: 10_000, validateOnly: true });
      expect(shrink.results[0]).toMatchObject({ name, errorCode: 37, errorMessage: expect.stringMatching(/3/) }); // INVALID_PARTITIONS
    } finally {
      await admin.deleteTopics({ topics: [name] }).catch(() => {});
    }
  });

  it('DeleteTopics v5: deletes by name, and names an unknown topic', async () => {
    const name = uniqueName('protocol-delete');
    await admin.createTopics({ topics: [{ topic: name, numPartitions: 1 }], waitForLeaders: true });
    const deleted = await client.deleteTopics({ names: [name], timeoutMs: 10_000 });
    expect(deleted.topics).toEqual([{ name, errorCode: 0, errorMessage: null }]);
    await waitFor(`${name} gone`, async () => (!(await admin.listTopics()).includes(name) ? true : undefined), { timeoutMs: 10_000 });
    const again = await client.deleteTopics({ names: [name], timeoutMs: 10_000 });
    expect(again.topics[0]).toMatchObject({ name, errorCode: 3 }); // UNKNOWN_TOPIC_OR_PARTITION
  });

  it('CreateAcls, DescribeAcls and DeleteAcls v3: a binding is created, found by filter, deleted, and gone', async () => {
    const acls = new KafkaClient(client);
    const principal = `User:${uniqueName('protocol-acl')}`;
    const binding: AclBinding = { resourceType: 'TOPIC', resourceName: `${topic}-`, patternType: 'PREFIXED', principal, host: '*', operation: 'READ', permissionType: 'ALLOW' };
    const byPrincipal: AclBindingFilter = { resourceType: 'ANY', resourceName: null, patternType: 'ANY', principal, host: null, operation: 'ANY', permissionType: 'ANY' };
    expect((await client.negotiatedVersions()).get(29)!.max).toBeGreaterThanOrEqual(3);
    try {
      expect(await acls.createAcls([binding])).toEqual({ results: [{ errorCode: 0, errorMessage: null }] });
      // The controller applies the binding; the broker's authorizer sees it a moment later.
      const described = await waitFor('binding described', async () => {
        const answer = await acls.describeAcls(byPrincipal);
        return answer.bindings.length > 0 ? answer : undefined;
      }, { timeoutMs: 10_000 });
      expect(described).toEqual({ errorCode: 0, errorMessage: null, bindings: [binding] });
      const kafkajsSees = await admin.describeAcls({ resourceType: 1, principal, resourcePatternType: 1, operation: 1, permissionType: 1 } as never);
      expect(kafkajsSees.resources).toEqual([expect.objectContaining({ resourceName: `${topic}-`, acls: [expect.objectContaining({ principal, operation: 3, permissionType: 3 })] })]);

      const deleted = await acls.deleteAcls([byPrincipal]);
      expect(deleted.results).toEqual([{ errorCode: 0, errorMessage: null, matching: [{ ...binding, errorCode: 0, errorMessage: null }] }]);
      await waitFor('binding gone', async () => ((await acls.describeAcls(byPrincipal)).bindings.length === 0 ? true : undefined), { timeoutMs: 10_000 });
    } finally {
      await acls.deleteAcls([byPrincipal]).catch(() => {});
    }
  });

  it('CreateAcls: the broker refuses a binding it cannot store, with its message', async () => {
    const acls = new KafkaClient(client);
    const principal = `User:${uniqueName('protocol-acl')}`;
    const { results } = await acls.createAcls([{ resourceType: 'CLUSTER', resourceName: topic, patternType: 'LITERAL', principal, host: '*', operation: 'ALTER', permissionType: 'ALLOW' }]);
    expect(results).toEqual([{ errorCode: 42, errorMessage: 'The only valid name for the CLUSTER resource is kafka-cluster' }]); // INVALID_REQUEST
    const left = await acls.describeAcls({ resourceType: 'ANY', resourceName: null, patternType: 'ANY', principal, host: null, operation: 'ANY', permissionType: 'ANY' });
    expect(left.bindings).toEqual([]);
  });

  it('DescribeQuorum: the active controller of the KRaft quorum', async () => {
    expect(await client.describeQuorum()).toMatchObject({ errorCode: 0, leaderId: 1, voters: [1] });
  });

  it('names the cluster and the broker when it cannot connect, and gives up in time', async () => {
    const dead = new KafkaProtocolClient({ clusterId: 'gone', brokers: ['127.0.0.1:1'] }, { connectTimeoutMs: 500 });
    const started = Date.now();
    const failure = await dead.metadata([]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(KafkaClusterError);
    expect((failure as Error).message).toMatch(/^Kafka cluster "gone": Metadata: no broker reachable \(Kafka broker 127\.0\.0\.1:1: .*ECONNREFUSED/);
    expect(Date.now() - started).toBeLessThan(2_000);
    dead.close();
  });

  it('reuses one connection per broker across many concurrent requests', async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, () => client.metadata([topic])));
    expect(answers).toHaveLength(50);
    expect(answers.every((answer) => answer.topics[0]?.name === topic)).toBe(true);
  });
});
