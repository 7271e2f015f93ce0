/**
 * AlterPartitionReassignments, ListPartitionReassignments and ElectLeaders (server/kafka/protocol) against the
 * three-broker cluster (test/support/multi-broker.ts): a replica really moves, its data with it, and the broker's
 * refusals come back per partition.
 */
import kafkajs, { type Admin, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaClient } from '../../server/kafka/client';
import { ELECTION_NOT_NEEDED, KafkaProtocolClient, NO_REASSIGNMENT_IN_PROGRESS } from '../../server/kafka/protocol';
import { uniqueName, waitFor } from '../support/connect';
import { ensureMultiBrokerKafka } from '../support/multi-broker';
import { readStack } from '../stack/index';

const { Kafka, logLevel } = kafkajs;
const stack = readStack();

describe.runIf(stack)('partition reassignment APIs on three brokers', () => {
  const topic = uniqueName('reassign-api');
  let client: KafkaClient;
  let protocol: KafkaProtocolClient;
  let admin: Admin;
  let producer: Producer;
  let kafka: InstanceType<typeof Kafka>;

  const replicasOf = async (partition: number) => {
    const metadata = await client.metadata([topic]);
    return metadata.topics[0]?.partitions.find((p) => p.partition === partition);
  };

  beforeAll(async () => {
    const multi = await ensureMultiBrokerKafka();
    protocol = new KafkaProtocolClient({ clusterId: 'multi', brokers: multi.bootstrap.split(',') });
    client = new KafkaClient(protocol);
    kafka = new Kafka({ clientId: 'connectory-reassign-test', brokers: multi.bootstrap.split(','), logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
    await admin.createTopics({ topics: [{ topic, replicaAssignment: [{ partition: 0, replicas: [1, 2] }, { partition: 1, replicas: [2, 3] }] }], waitForLeaders: true });
    await producer.send({ topic, messages: Array.from({ length: 100 }, (_, i) => ({ key: `k${i}`, value: `v${i}`, partition: 0 })) });
  });

  afterAll(async () => {
    protocol?.close();
    await admin?.deleteTopics({ topics: [topic] }).catch(() => {});
    await Promise.all([producer?.disconnect(), admin?.disconnect()]);
  });

  it('moves a replica to other brokers; the move is listed until done and the data is on the new brokers', async () => {
    const answer = await client.alterPartitionReassignments({ timeoutMs: 30_000, topics: [{ name: topic, partitions: [{ partition: 0, replicas: [3, 2] }] }] });
    expect(answer).toEqual({ errorCode: 0, errorMessage: null, results: [{ topic, partition: 0, errorCode: 0, errorMessage: null }] });
    await waitFor('the move to finish', async () => {
      const { reassignments, errorCode } = await client.listPartitionReassignments({ timeoutMs: 10_000, topics: [{ name: topic, partitions: [0] }] });
      expect(errorCode).toBe(0);
      const partition = await replicasOf(0);
      return reassignments.length === 0 && partition?.replicas.join() === '3,2' ? partition : undefined;
    });
    const sizes = await Promise.all([2, 3].map(async (nodeId) => {
      const { logDirs } = await client.describeLogDirs(nodeId, { topics: [{ topic, partitions: [0] }] });
      return logDirs.flatMap((dir) => dir.topics.flatMap((t) => t.partitions)).find((p) => p.partition === 0)?.sizeBytes ?? 0;
    }));
    expect(sizes.every((size) => size > 0)).toBe(true);
    const consumer = kafka.consumer({ groupId: uniqueName('reassign-read') });
    const seen = new Set<string>();
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message, partition }) => { if (partition === 0) seen.add(message.value!.toString()); } });
      await waitFor('every message read back', async () => (seen.size === 100 ? true : undefined), { timeoutMs: 60_000 });
    } finally {
      await consumer.disconnect();
    }
  });

  it('lists every move in flight with no topic named, and answers per partition when there is none to cancel', async () => {
    const all = await client.listPartitionReassignments({ timeoutMs: 10_000, topics: null });
    expect(all.errorCode).toBe(0);
    expect(all.reassignments.filter((r) => r.topic === topic)).toEqual([]);
    const cancel = await client.alterPartitionReassignments({ timeoutMs: 30_000, topics: [{ name: topic, partitions: [{ partition: 1, replicas: null }] }] });
    expect(cancel.results).toMatchObject([{ topic, partition: 1, errorCode: NO_REASSIGNMENT_IN_PROGRESS }]);
  });

  it('elects the preferred leader after the replica order changed, and says when no election is needed', async () => {
    await client.alterPartitionReassignments({ timeoutMs: 30_000, topics: [{ name: topic, partitions: [{ partition: 1, replicas: [3, 2] }] }] });
    await waitFor('the new replica order', async () => ((await replicasOf(1))?.replicas.join() === '3,2' ? true : undefined));
    const elected = await waitFor('broker 3 leading', async () => {
      const { errorCode, results } = await client.electLeaders({ electionType: 'preferred', topics: [{ name: topic, partitions: [1] }], timeoutMs: 10_000 });
      expect(errorCode).toBe(0);
      return (await replicasOf(1))?.leader === 3 ? results : undefined;
    });
    expect(elected[0]).toMatchObject({ topic, partition: 1 });
    const again = await client.electLeaders({ electionType: 'preferred', topics: [{ name: topic, partitions: [1] }], timeoutMs: 10_000 });
    expect(again.results).toMatchObject([{ topic, partition: 1, errorCode: ELECTION_NOT_NEEDED }]);
  });
});
