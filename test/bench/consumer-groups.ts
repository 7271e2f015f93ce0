// Issue 6's sampling benchmark: one sample of 1,000 consumer groups, counting the requests sent to the broker
// and the time taken. The sample is the same function the server's offset sampler runs every interval.
import { Kafka, logLevel } from 'kafkajs';
import { KafkaClients } from '../../server/kafka/pool';
import { takeSample } from '../../server/metrics/sample';
import { round, summarise, until } from './measure';
import type { Scenario } from './run';

const GROUPS = 1_000;
// a fresh name each run: a previous run's topic may still be being deleted
const TOPIC = `bench-groups-topic-${Date.now()}`;
const PREFIX = 'bench-group-';
const SAMPLES = 5;

export const consumerGroupsScenario: Scenario = {
  name: 'consumer-groups',
  description: `one lag sample of ${GROUPS} consumer groups: requests sent and time taken`,
  async run(stack, log) {
    const brokers = stack.kafka.bootstrap.split(',');
    const kafka = new Kafka({ clientId: 'connectory-bench', brokers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const groupIds = Array.from({ length: GROUPS }, (_, i) => `${PREFIX}${String(i).padStart(4, '0')}`);
    const clients = new KafkaClients();
    try {
      await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 3 }], waitForLeaders: true });
      // leaders can take a moment more to be known to every broker connection kafkajs holds
      await until(async () => {
        const [meta] = (await admin.fetchTopicMetadata({ topics: [TOPIC] })).topics;
        return meta?.partitions.length === 3 && meta.partitions.every((p) => p.leader >= 0);
      }, 'the benchmark topic has leaders');
      const producer = kafka.producer();
      await producer.connect();
      // right after the topics scenario deleted 10,000 topics, the broker may still answer "does not host this
      // topic-partition" for a moment although the metadata names it the leader
      await until(
        () => producer.send({ topic: TOPIC, messages: Array.from({ length: 300 }, (_, i) => ({ value: `m${i}` })) }).then(() => true, () => false),
        'the broker to take messages for the benchmark topic',
      );
      await producer.disconnect();

      log(`committing offsets for ${GROUPS} groups`);
      const started = Date.now();
      for (let i = 0; i < groupIds.length; i += 50) {
        await Promise.all(
          groupIds.slice(i, i + 50).map((groupId, j) =>
            admin.setOffsets({ groupId, topic: TOPIC, partitions: [0, 1, 2].map((partition) => ({ partition, offset: String((i + j) % 100) })) }),
          ),
        );
      }
      log(`committed in ${round((Date.now() - started) / 1000)} s`);

      const wire = clients.get({ clusterId: 'bench', brokers });
      const samples = [];
      for (let i = 0; i < SAMPLES; i++) samples.push(await takeSample(wire));
      const last = samples.at(-1)!;
      const benchGroups = [...last.groups.keys()].filter((id) => id.startsWith(PREFIX)).length;
      if (benchGroups !== GROUPS) throw new Error(`the sample saw ${benchGroups} of the ${GROUPS} groups`);
      const time = summarise(samples.map((s) => s.durationMs));
      const perBroker = round(last.requests / last.brokers, 1);
      return {
        metrics: {
          'groups in the sample': last.groups.size,
          brokers: last.brokers,
          'requests per sample': `${last.requests} (${Object.entries(last.requestsByApi).map(([api, n]) => `${api} ${n}`).join(', ')})`,
          'requests per broker': perBroker,
          'sample time p50 / max ms': `${time.p50Ms} / ${time.maxMs}`,
        },
        // "a few requests per broker, not a request per group"
        target: { description: 'at most 10 requests per broker for 1,000 groups', met: perBroker <= 10 },
      };
    } finally {
      await clients.closeAll();
      await admin.deleteGroups(groupIds).catch(() => {});
      await admin.deleteTopics({ topics: [TOPIC] }).catch(() => {});
      await admin.disconnect();
    }
  },
};
