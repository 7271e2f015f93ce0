// Issue 6's sampling benchmark: one sample of 1,000 consumer groups, counting the requests sent to the broker
// and the time taken. The sample is the same function the server's offset sampler runs every interval; it runs in
// a child process (sample-child.ts) whose sockets are counted at the wire (wire-count.ts), not by the client.
// The first sample opens its connections (cold: ApiVersions and bootstrap metadata included), the rest reuse them.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { REPO_ROOT } from '../stack/paths';
import { round, summarise, until } from './measure';
import type { Scenario } from './run';

const GROUPS = 1_000;
// a fresh name each run: a previous run's topic may still be being deleted
const TOPIC = `bench-groups-topic-${Date.now()}`;
const PREFIX = 'bench-group-';
const SAMPLES = 5;
const TARGET_PER_BROKER = 10;

interface ChildSample {
  durationMs: number;
  brokers: number;
  groups: string[];
  errors: string[];
  selfCounted: number;
  selfByApi: Record<string, number>;
  wire: { total: number; byApi: Record<string, number> };
}

async function samplesInChild(bootstrap: string, ports: number[]): Promise<ChildSample[]> {
  const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  const { stdout } = await promisify(execFile)(tsx, [join(REPO_ROOT, 'test', 'bench', 'sample-child.ts'), bootstrap, ports.join(','), String(SAMPLES)], {
    cwd: REPO_ROOT,
    timeout: 300_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const samples = stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as ChildSample);
  if (samples.length !== SAMPLES) throw new Error(`the sampling process printed ${samples.length} of ${SAMPLES} samples`);
  return samples;
}

const byApi = (counts: Record<string, number>) => Object.entries(counts).map(([api, n]) => `${api} ${n}`).join(', ');

export const consumerGroupsScenario: Scenario = {
  name: 'consumer-groups',
  description: `one lag sample of ${GROUPS} consumer groups: requests sent and time taken`,
  async run(stack, log) {
    const brokers = stack.kafka.bootstrap.split(',');
    const kafka = new Kafka({ clientId: 'connectory-bench', brokers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const groupIds = Array.from({ length: GROUPS }, (_, i) => `${PREFIX}${String(i).padStart(4, '0')}`);
    try {
      await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 3 }], waitForLeaders: true });
      // leaders can take a moment more to be known to every broker connection kafkajs holds
      await until(async () => {
        const [meta] = (await admin.fetchTopicMetadata({ topics: [TOPIC] })).topics;
        return meta?.partitions.length === 3 && meta.partitions.every((p) => p.leader >= 0);
      }, 'the benchmark topic has leaders');
      const producer = kafka.producer();
      await producer.connect();
      // a new partition can be answered "does not host this topic-partition" for a moment although the metadata
      // names its leader (the topics scenario waits until the broker finished its deletions; a shared broker may
      // be busy with someone else's)
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

      const ports = (stack.kafka.nodes ?? []).map((node) => node.port);
      if (ports.length === 0) throw new Error('benchmark: the stack file names no broker ports to count requests on');
      const samples = await samplesInChild(stack.kafka.bootstrap, ports);
      for (const sample of samples) {
        const benchGroups = sample.groups.filter((id) => id.startsWith(PREFIX)).length;
        if (benchGroups !== GROUPS) throw new Error(`a sample saw ${benchGroups} of the ${GROUPS} groups (errors: ${sample.errors.join('; ')})`);
      }
      const [cold, ...warm] = samples as [ChildSample, ...ChildSample[]];
      const last = warm.at(-1)!;
      const coldPerBroker = round(cold.wire.total / cold.brokers, 1);
      const warmPerBroker = round(Math.max(...warm.map((s) => s.wire.total)) / last.brokers, 1);
      const time = summarise(warm.map((s) => s.durationMs));
      return {
        metrics: {
          'groups in the sample': last.groups.length,
          brokers: last.brokers,
          'cold sample: requests on the wire': `${cold.wire.total} (${byApi(cold.wire.byApi)})`,
          'cold sample: requests the client counted': cold.selfCounted,
          'warm sample: requests on the wire': `${last.wire.total} (${byApi(last.wire.byApi)})`,
          'warm sample: requests the client counted': `${last.selfCounted} (${byApi(last.selfByApi)})`,
          'cold / warm requests per broker': `${coldPerBroker} / ${warmPerBroker}`,
          'cold sample time ms': cold.durationMs,
          'warm sample time p50 / max ms': `${time.p50Ms} / ${time.maxMs}`,
        },
        // "a few requests per broker, not a request per group"
        targets: [
          { target: `warm: at most ${TARGET_PER_BROKER} requests per broker for ${GROUPS} groups (counted on the wire, worst of ${warm.length})`, measured: warmPerBroker, limit: TARGET_PER_BROKER, unit: 'requests/broker' },
          {
            target: `cold (fresh connections): at most ${TARGET_PER_BROKER} requests per broker for ${GROUPS} groups (counted on the wire)`,
            measured: coldPerBroker,
            limit: TARGET_PER_BROKER,
            unit: 'requests/broker',
            note: 'includes the ApiVersions handshake of every new connection and the bootstrap metadata',
          },
        ],
      };
    } finally {
      await admin.deleteGroups(groupIds).catch(() => {});
      await admin.deleteTopics({ topics: [TOPIC] }).catch(() => {});
      await admin.disconnect();
    }
  },
};
