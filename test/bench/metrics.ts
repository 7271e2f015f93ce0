// Issue 14's /metrics benchmark: a Prometheus scrape at 1,000 consumer groups reading 10,000 topics, p95, and the
// history storage estimate at that size. Scrapes are timed two ways: back to back (every one after the first reuses
// the same sample's text), and spaced the way Prometheus scrapes (every SPACED_MS, so most land after a new
// sample: the case a real scraper meets at nearly every scrape, with 10 s samples and 15-60 s scrapes) (history-storage.ts: rows from the retention × bytes per row measured in a
// fresh database). Runs alone: `npm run bench -- metrics`. Everything it creates carries a per-run prefix and is
// deleted afterwards. BENCH_METRICS_GROUPS / BENCH_METRICS_TOPICS shrink it for a smoke run on a shared stack; the
// targets are judged only at full size (a smaller run reports them as not measured).
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaClients } from '../../server/kafka/pool';
import { FindGroupCoordinators } from '../../server/kafka/protocol/apis/find-coordinator';
import { OffsetCommit } from '../../server/kafka/protocol/apis/offset-commit';
import { openTestDatabase } from '../support/db';
import { startBenchServer } from './client';
import { estimateHistoryStorage, STORAGE_TARGET_MIB } from './history-storage';
import { round, summarise, timeIt, timeOnce, until } from './measure';
import type { Scenario } from './run';

const FULL = { groups: 1_000, topics: 10_000 };
const GROUPS = Number(process.env.BENCH_METRICS_GROUPS ?? FULL.groups);
const TOPICS = Number(process.env.BENCH_METRICS_TOPICS ?? FULL.topics);
const PREFIX = `bench-metrics-${Date.now().toString(36)}-`;
const BATCH = 500;
const RUNS = 40;
/** Not a divisor of the 10 s sample interval: the spaced scrapes land at every phase of it. */
const SPACED_MS = 3_300;
const SPACED_RUNS = 40;
const TARGET_P95_MS = 200;

const topicName = (i: number) => `${PREFIX}t${String(i).padStart(5, '0')}`;
const groupName = (i: number) => `${PREFIX}g${String(i).padStart(4, '0')}`;

/**
 * One OffsetCommit per group with all its topics, as an administrator (no members), through Connectory's own
 * protocol client: kafkajs' setOffsets is one topic per call with lookups around each, minutes for 10,000 commits.
 */
async function commitOffsets(bootstrap: string, commits: { groupId: string; topics: string[] }[]): Promise<void> {
  const clients = new KafkaClients();
  const kafka = clients.get({ clusterId: 'bench-metrics', brokers: bootstrap.split(',') });
  try {
    for (let i = 0; i < commits.length; i += BATCH) {
      const batch = commits.slice(i, i + BATCH);
      const coordinators = await kafka.send('any', FindGroupCoordinators, { groupIds: batch.map((commit) => commit.groupId) });
      const nodeOf = new Map(coordinators.map((coordinator) => [coordinator.key, coordinator]));
      for (let j = 0; j < batch.length; j += 50) {
        await Promise.all(
          batch.slice(j, j + 50).map(async ({ groupId, topics }) => {
            const coordinator = nodeOf.get(groupId);
            if (!coordinator || coordinator.errorCode !== 0) throw new Error(`no coordinator for ${groupId}: ${coordinator?.errorMessage ?? 'not answered'}`);
            const results = await kafka.send(coordinator.nodeId, OffsetCommit, { groupId, offsets: topics.map((topic) => ({ topic, partition: 0, offset: 0 })) });
            const failed = results.find((result) => result.errorCode !== 0);
            if (failed) throw new Error(`OffsetCommit ${groupId} ${failed.topic}: error ${failed.errorCode}`);
          }),
        );
      }
    }
  } finally {
    await clients.closeAll();
  }
}

export const metricsScenario: Scenario = {
  name: 'metrics',
  description: `GET /metrics at ${GROUPS} consumer groups reading ${TOPICS} topics, p95; history storage for 90 days at that size`,
  async run(stack, log) {
    const full = GROUPS >= FULL.groups && TOPICS >= FULL.topics;
    const kafka = new Kafka({ clientId: 'connectory-bench-metrics', brokers: stack.kafka.bootstrap.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const topics = Array.from({ length: TOPICS }, (_, i) => topicName(i));
    const groups = Array.from({ length: GROUPS }, (_, i) => groupName(i));
    try {
      log(`creating ${TOPICS} topics`);
      for (let i = 0; i < topics.length; i += BATCH) {
        await admin.createTopics({ topics: topics.slice(i, i + BATCH).map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })), waitForLeaders: false, timeout: 60_000 });
      }
      await until(async () => (await admin.listTopics()).filter((t) => t.startsWith(PREFIX)).length >= TOPICS, `${TOPICS} topics listed`, 300_000);
      // Each group commits an offset on its share of the topics, so the groups together read every topic.
      const perGroup = Math.max(1, Math.ceil(TOPICS / GROUPS));
      log(`committing offsets for ${GROUPS} groups (${perGroup} topics each)`);
      const commitsStarted = Date.now();
      await commitOffsets(stack.kafka.bootstrap, groups.map((groupId, index) => ({ groupId, topics: topics.slice(index * perGroup, (index + 1) * perGroup) })));
      log(`committed in ${round((Date.now() - commitsStarted) / 1000)} s`);

      // Scraped without a token (METRICS_PUBLIC) so the measured time is the exporter's; the sampler every 10 s.
      const bench = await startBenchServer({ METRICS_PUBLIC: 'true', METRICS_SAMPLE_INTERVAL_SECONDS: '10' });
      try {
        // The server's own share of each scrape (its Server-Timing header), apart from the wire and this client.
        const serverMs: number[] = [];
        const scrape = async () => {
          const response = await fetch(`${bench.server.url}/metrics`);
          if (!response.ok) throw new Error(`GET /metrics: HTTP ${response.status}`);
          const timing = response.headers.get('server-timing') ?? '';
          serverMs.push([...timing.matchAll(/dur=([\d.]+)/g)].reduce((sum, match) => sum + Number(match[1]), 0));
          return response.text();
        };
        const groupsIn = (text: string) => new Set([...text.matchAll(/^kafka_consumergroup_lag_sum\{[^}]*consumergroup="([^"]+)"/gm)].map((match) => match[1]).filter((group) => group!.startsWith(PREFIX))).size;
        await until(async () => groupsIn(await scrape()) >= GROUPS, `a sample with all ${GROUPS} groups`, 300_000);
        const text = await scrape();
        serverMs.length = 0;
        const timing = await timeIt(scrape, { runs: RUNS });
        const serverBackToBack = summarise(serverMs.slice(-RUNS));
        serverMs.length = 0;
        log(`back to back: p95 ${timing.p95Ms} ms; now ${SPACED_RUNS} scrapes ${SPACED_MS} ms apart`);
        const sampledAt = (body: string) => /^connectory_kafka_sample_timestamp_seconds\{cluster="local"\} (\S+)$/m.exec(body)?.[1];
        const spacedTimes: number[] = [];
        // prom-client resets the event loop delay histogram at each scrape: each spaced scrape tells the worst delay
        // of the 3.3 s before it, i.e. how long a request could have waited behind the sampler, the history job...
        const loopDelay = (body: string, name: string) => Number(new RegExp(`^nodejs_eventloop_lag_${name}_seconds (\\S+)$`, 'm').exec(body)?.[1] ?? Number.NaN) * 1000;
        const loopMaxMs: number[] = [];
        let newSamples = 0;
        let previous = sampledAt(text);
        for (let i = 0; i < SPACED_RUNS; i++) {
          await new Promise((resolve) => setTimeout(resolve, SPACED_MS));
          let body = '';
          spacedTimes.push(await timeOnce(async () => (body = await scrape())));
          loopMaxMs.push(loopDelay(body, 'max'));
          const at = sampledAt(body);
          if (at !== previous) newSamples++;
          previous = at;
        }
        const spaced = summarise(spacedTimes);
        const serverSpaced = summarise(serverMs);
        const loopMax = summarise(loopMaxMs.filter(Number.isFinite));

        const dataDir = await mkdtemp(join(tmpdir(), 'bench-history-'));
        const opened = await openTestDatabase(dataDir);
        // Computed at the target's size whatever this run's: rows from the retention, bytes per row measured.
        const storage = await estimateHistoryStorage(opened.database.db, { groups: FULL.groups, brokers: stack.kafka.nodes?.length ?? 1 }).finally(async () => {
          await opened.close();
          await rm(dataDir, { recursive: true, force: true });
        });
        const note = full ? undefined : `smoke run at ${GROUPS} groups / ${TOPICS} topics: not the target's size, so not judged`;
        return {
          metrics: {
            groups: GROUPS,
            topics: TOPICS,
            'exposition size (KiB)': round(text.length / 1024),
            'exposition lines': text.split('\n').length,
            'GET /metrics back to back p50 / p95 / max ms': `${timing.p50Ms} / ${timing.p95Ms} / ${timing.maxMs}`,
            [`GET /metrics every ${SPACED_MS / 1000} s p50 / p95 / max ms`]: `${spaced.p50Ms} / ${spaced.p95Ms} / ${spaced.maxMs}`,
            'spaced scrapes that met a new sample': `${newSamples} of ${SPACED_RUNS}`,
            'server share (Server-Timing) p50 / p95 ms: back to back, spaced': `${serverBackToBack.p50Ms} / ${serverBackToBack.p95Ms}, ${serverSpaced.p50Ms} / ${serverSpaced.p95Ms}`,
            'worst event loop delay between spaced scrapes p50 / p95 / max ms': `${loopMax.p50Ms} / ${loopMax.p95Ms} / ${loopMax.maxMs}`,
            'load average (1 min) at the end': round(loadavg()[0]!, 2),
            'history bytes per row: hour / day / point': `${storage.bytesPerHourRow} / ${storage.bytesPerDayRow} / ${storage.bytesPerPointRow}`,
            'history bytes per topic row: hour / day': `${storage.bytesPerTopicHourRow} / ${storage.bytesPerTopicDayRow}`,
            'history rows: group hour / day / raw, cluster, broker': `${storage.rows.groupHourRows} / ${storage.rows.groupDayRows} / ${storage.rows.groupRawRows}, ${storage.rows.clusterRows}, ${storage.rows.brokerRows}`,
            'history rows: topic hour / day (busiest topics kept)': `${storage.rows.topicHourRows} / ${storage.rows.topicDayRows}`,
            [`history for 90 days at ${FULL.groups} groups (MiB)`]: storage.totalMiB,
          },
          targets: [
            { target: `GET /metrics p95 ≤ ${TARGET_P95_MS} ms at ${FULL.groups} groups and ${FULL.topics} topics, back to back`, measured: full ? timing.p95Ms : Number.NaN, limit: TARGET_P95_MS, unit: 'ms', ...(note ? { note } : {}) },
            {
              target: `GET /metrics p95 ≤ ${TARGET_P95_MS} ms at ${FULL.groups} groups and ${FULL.topics} topics, scraped every ${SPACED_MS / 1000} s across new samples`,
              measured: full ? spaced.p95Ms : Number.NaN,
              limit: TARGET_P95_MS,
              unit: 'ms',
              ...(note ? { note } : {}),
            },
            {
              target: `history storage for 90 days at ${FULL.groups} groups and ${FULL.topics} topics ≤ ${STORAGE_TARGET_MIB} MiB (rows from the retention × measured bytes per row)`,
              measured: storage.totalMiB,
              limit: STORAGE_TARGET_MIB,
              unit: 'MiB',
            },
          ],
        };
      } finally {
        await bench.stop();
      }
    } finally {
      log('deleting the groups and topics');
      for (let i = 0; i < groups.length; i += BATCH) await admin.deleteGroups(groups.slice(i, i + BATCH)).catch(() => undefined);
      const ours = (await admin.listTopics()).filter((t) => t.startsWith(PREFIX));
      for (let i = 0; i < ours.length; i += BATCH) await admin.deleteTopics({ topics: ours.slice(i, i + BATCH), timeout: 60_000 });
      await until(async () => (await admin.listTopics()).every((t) => !t.startsWith(PREFIX)), 'the deleted topics to leave the metadata', 300_000);
      await admin.disconnect();
    }
  },
};
