// Issue 6's topics benchmark: 10,000 small topics on the local broker; the topics list's first page and a
// search through Connectory, p95, with the server's memory.
import { Kafka, logLevel } from 'kafkajs';
import { startBenchServer } from './client';
import { largestRssInGroupMiB, round, timeIt, until } from './measure';
import type { Scenario } from './run';

const COUNT = 10_000;
const PREFIX = 'bench-topic-';
const BATCH = 500;
const RUNS = 40;
// No figure is given by the issue beyond "stays fast"; an interactive page should answer well within this.
const TARGET_P95_MS = 250;

const topicName = (i: number) => `${PREFIX}${String(i).padStart(5, '0')}`;

export const topicsScenario: Scenario = {
  name: 'topics',
  description: `topics list at ${COUNT} topics: first page and a search, p95, and the server's memory`,
  async run(stack, log) {
    const kafka = new Kafka({ clientId: 'connectory-bench', brokers: stack.kafka.bootstrap.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const existing = new Set((await admin.listTopics()).filter((t) => t.startsWith(PREFIX)));
      const missing = Array.from({ length: COUNT }, (_, i) => topicName(i)).filter((t) => !existing.has(t));
      log(`creating ${missing.length} topics (${existing.size} already there)`);
      const started = Date.now();
      for (let i = 0; i < missing.length; i += BATCH) {
        const topics = missing.slice(i, i + BATCH).map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 }));
        await admin.createTopics({ topics, waitForLeaders: false, timeout: 60_000 });
      }
      // creation returns once the controller accepted; wait until the broker's metadata lists every topic
      await until(async () => (await admin.listTopics()).filter((t) => t.startsWith(PREFIX)).length >= COUNT, `${COUNT} topics listed`, 300_000);
      log(`created and listed in ${round((Date.now() - started) / 1000)} s`);

      const bench = await startBenchServer();
      try {
        const firstPage = await timeIt(
          async () => {
            const page = (await bench.get('/api/v1/clusters/local/topics?page=1&size=50')) as { items: unknown[]; total: number };
            if (page.total < COUNT) throw new Error(`the list has ${page.total} topics, expected at least ${COUNT}`);
          },
          { runs: RUNS },
        );
        let term = 0;
        const search = await timeIt(
          async () => {
            // a different term each time so no answer is a repeat of the last one
            const q = `${PREFIX}0${(term++ % 9) + 1}`;
            const page = (await bench.get(`/api/v1/clusters/local/topics?q=${q}&page=1&size=50`)) as { total: number };
            if (page.total !== 1_000) throw new Error(`search "${q}" found ${page.total}, expected 1000`);
          },
          { runs: RUNS },
        );
        const worst = Math.max(firstPage.p95Ms, search.p95Ms);
        return {
          metrics: {
            topics: COUNT,
            'first page p50 / p95 ms': `${firstPage.p50Ms} / ${firstPage.p95Ms}`,
            'search p50 / p95 ms': `${search.p50Ms} / ${search.p95Ms}`,
            'server RSS after (MiB)': largestRssInGroupMiB(bench.server.pid),
          },
          target: { description: `p95 ≤ ${TARGET_P95_MS} ms for both`, met: worst <= TARGET_P95_MS },
        };
      } finally {
        await bench.stop();
      }
    } finally {
      const ours = (await admin.listTopics()).filter((t) => t.startsWith(PREFIX));
      log(`deleting ${ours.length} topics`);
      for (let i = 0; i < ours.length; i += BATCH) await admin.deleteTopics({ topics: ours.slice(i, i + BATCH), timeout: 60_000 });
      await admin.disconnect();
    }
  },
};
