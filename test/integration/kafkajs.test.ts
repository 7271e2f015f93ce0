/**
 * Proves kafkajs 2.2.4 against the stack's Kafka (4.3.x). Kafka 4 removed old protocol versions
 * (KIP-896); kafkajs negotiates the highest version both sides speak, so every call here must
 * land on a version Kafka 4 still serves. Needs the stack: `npx tsx test/stack/cli.ts up`.
 */
import { randomUUID } from 'node:crypto';
import kafkajs, { type Admin, type Consumer, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireStack } from '../stack';

// kafkajs is CommonJS: its enums are reachable from the default export only
const { Kafka, logLevel, ConfigResourceTypes, AclResourceTypes, AclOperationTypes, AclPermissionTypes, ResourcePatternTypes } = kafkajs;

const stack = requireStack();
const kafka = new Kafka({ clientId: 'connectory-kafkajs-test', brokers: stack.kafka.bootstrap.split(','), logLevel: logLevel.NOTHING });
const run = randomUUID().slice(0, 8);
const topic = `kafkajs-proof-${run}`;
const groupId = `kafkajs-proof-group-${run}`;

let admin: Admin;
let producer: Producer;
const consumers: Consumer[] = [];

beforeAll(async () => {
  admin = kafka.admin();
  producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
});

afterAll(async () => {
  await Promise.all(consumers.map((c) => c.disconnect()));
  await admin.deleteTopics({ topics: [topic] }).catch(() => {});
  await Promise.all([producer.disconnect(), admin.disconnect()]);
});

/** Consumes until `count` messages arrived, committing each offset explicitly. */
async function consumeAndCommit(count: number): Promise<string[]> {
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  consumers.push(consumer);
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const received: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${received.length}/${count} messages within 30 s`)), 30_000);
    consumer
      .run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          received.push(message.value?.toString() ?? '');
          await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
          if (received.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      })
      .catch(reject);
  });
  return received;
}

describe(`kafkajs 2.2.4 against Kafka ${stack.versions.kafka}`, () => {
  it('describes the cluster', async () => {
    const cluster = await admin.describeCluster();
    expect(cluster.brokers).toHaveLength(stack.kafka.nodes?.length ?? 1);
    expect(cluster.clusterId).toBe(stack.kafka.clusterId);
  });

  it('creates, lists and describes a topic', async () => {
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true })).toBe(true);
    expect(await admin.listTopics()).toContain(topic);
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(topics[0]?.name).toBe(topic);
    expect(topics[0]?.partitions).toHaveLength(2);
  });

  it('produces, then consumes with a consumer group and commits offsets', async () => {
    const sent = await producer.send({
      topic,
      messages: [
        { key: 'a', value: 'one', partition: 0 },
        { key: 'b', value: 'two', partition: 1 },
        { key: 'c', value: 'three', partition: 0 },
      ],
    });
    expect(sent.length, 'one result per partition written').toBeGreaterThan(0);
    expect(sent.every((r) => r.errorCode === 0)).toBe(true);
    const received = await consumeAndCommit(3);
    expect(received.sort()).toEqual(['one', 'three', 'two']);
  }, 45_000);

  it('describes the group and fetches its committed offsets', async () => {
    const { groups } = await admin.describeGroups([groupId]);
    expect(groups[0]).toMatchObject({ groupId, state: 'Stable', protocolType: 'consumer' });
    expect(groups[0]?.members).toHaveLength(1);
    expect((await admin.listGroups()).groups.map((g) => g.groupId)).toContain(groupId);

    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const byPartition = Object.fromEntries(offsets!.partitions.map((p) => [p.partition, p.offset]));
    expect(byPartition).toEqual({ 0: '2', 1: '1' });
    const ends = await admin.fetchTopicOffsets(topic);
    expect(Object.fromEntries(ends.map((p) => [p.partition, p.high]))).toEqual({ 0: '2', 1: '1' });
  });

  it('sets offsets of an empty group, then deletes the group', async () => {
    await Promise.all(consumers.splice(0).map((c) => c.disconnect()));
    // resolve "earliest" to real offsets: see the resetOffsets finding below
    const earliest = (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, offset: p.low }));
    await admin.setOffsets({ groupId, topic, partitions: earliest });
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(offsets!.partitions.map((p) => p.offset)).toEqual(['0', '0']);
    const deleted = await admin.deleteGroups([groupId]);
    expect(deleted[0]).toMatchObject({ groupId, errorCode: 0 });
  }, 30_000);

  it('finding: resetOffsets({ earliest }) commits the sentinel -2, not a real offset', async () => {
    const resetGroup = `${groupId}-reset`;
    await admin.resetOffsets({ groupId: resetGroup, topic, earliest: true });
    const [offsets] = await admin.fetchOffsets({ groupId: resetGroup, topics: [topic] });
    // kafkajs consumers read -2 as "earliest"; Java consumers treat it as no offset (auto.offset.reset)
    expect(offsets!.partitions.map((p) => p.offset)).toEqual(['-2', '-2']);
    await admin.deleteGroups([resetGroup]);
  }, 30_000);

  it('alters a topic config (AlterConfigs) and reads it back (DescribeConfigs)', async () => {
    const altered = await admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'retention.ms', value: '3600000' }] }],
    });
    expect(altered.resources[0]?.errorCode).toBe(0);
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] }],
    });
    expect(described.resources[0]?.configEntries[0]).toMatchObject({ configName: 'retention.ms', configValue: '3600000', isDefault: false });
  });

  it('adds partitions and deletes records', async () => {
    await admin.createPartitions({ topicPartitions: [{ topic, count: 3 }] });
    expect((await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]?.partitions).toHaveLength(3);
    await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '1' }] });
    const low = (await admin.fetchTopicOffsets(topic)).find((p) => p.partition === 0)?.low;
    expect(low).toBe('1');
  });

  it('commits a transaction', async () => {
    const txProducer = kafka.producer({ transactionalId: `kafkajs-proof-tx-${run}`, idempotent: true, maxInFlightRequests: 1 });
    await txProducer.connect();
    try {
      const tx = await txProducer.transaction();
      await tx.send({ topic, messages: [{ value: 'in a transaction', partition: 1 }] });
      await tx.commit();
    } finally {
      await txProducer.disconnect();
    }
    // commit markers are written after EndTxn answers: the offset moves shortly after
    const highOfPartition1 = async () => (await admin.fetchTopicOffsets(topic)).find((p) => p.partition === 1)?.high;
    await expect.poll(highOfPartition1, { timeout: 10_000 }).toBe('3'); // the record + the commit marker
  }, 30_000);

  it('creates, describes and deletes ACLs (the stack runs StandardAuthorizer)', async () => {
    const acl = {
      resourceType: AclResourceTypes.TOPIC,
      resourceName: topic,
      resourcePatternType: ResourcePatternTypes.LITERAL,
      principal: 'User:kafkajs-proof',
      host: '*',
      operation: AclOperationTypes.READ,
      permissionType: AclPermissionTypes.ALLOW,
    };
    expect(await admin.createAcls({ acl: [acl] })).toBe(true);
    const filter = { resourceType: AclResourceTypes.TOPIC, resourceName: topic, resourcePatternType: ResourcePatternTypes.LITERAL,
      operation: AclOperationTypes.ANY, permissionType: AclPermissionTypes.ANY };
    const described = await admin.describeAcls(filter);
    expect(described.resources[0]?.acls).toEqual([expect.objectContaining({ principal: 'User:kafkajs-proof' })]);
    const deleted = await admin.deleteAcls({ filters: [filter] });
    expect(deleted.filterResponses[0]?.matchingAcls).toHaveLength(1);
  });

  it('deletes the topic', async () => {
    await admin.deleteTopics({ topics: [topic] });
    await expect.poll(() => admin.listTopics(), { timeout: 10_000 }).not.toContain(topic);
  });
});
