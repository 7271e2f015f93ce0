// Issue 4's list benchmark: 1,000 connectors on the local Connect cluster; Connectory's list endpoint (first page,
// full filter) against the raw Connect batch call it is built on, in the same run, plus the server's memory.
// Both sides are timed in alternation, warm (back to back) and cold: the first list after the connector-history
// shortcut expired (KNOWN_LATEST_TTL_MS, 15 s in server/connectors/history.ts), which makes the history noticing
// read every connector's newest recorded hash from the database again (after the list has answered: see
// server/connectors/listing-notices.ts); that pause is what a user meets before opening the page again.
import type { StackInfo } from '../stack/types';
import { startBenchServer } from './client';
import { largestRssInGroupMiB, round, timeCold, timeInterleaved, until } from './measure';
import type { Scenario } from './run';

const COUNT = 1_000;
const PREFIX = 'bench-conn-';
const CREATE_CONCURRENCY = 4;
const RUNS = 40;
const COLD_RUNS = 6;
/** Past the history shortcut's 15 s (server/connectors/history.ts KNOWN_LATEST_TTL_MS). */
const HISTORY_SHORTCUT_IDLE_MS = 15_500;
/** Raw Connect caches nothing; its cold samples only need the same kind of pause before them. */
const RAW_IDLE_MS = 2_000;
const TARGET_RATIO = 1.2;
/** Issue 14: a plan of the whole cluster against the raw listing it needs. */
const PLAN_TARGET_RATIO = 1.5;

// STOPPED (KIP-980) so 1,000 connectors cost config records, not 1,000 running tasks on two small workers.
function connectorBody(i: number) {
  return {
    name: `${PREFIX}${String(i).padStart(4, '0')}`,
    config: {
      'connector.class': 'org.apache.kafka.connect.file.FileStreamSourceConnector',
      file: `/tmp/${PREFIX}${i}.txt`,
      topic: `${PREFIX}topic`,
    },
    initial_state: 'STOPPED',
  };
}

async function connect(stack: StackInfo, path: string, init?: RequestInit): Promise<Response> {
  const response = await fetch(`${stack.connect.url}${path}`, init);
  if (!response.ok && response.status !== 409 && response.status !== 404) {
    throw new Error(`Kafka Connect ${path}: HTTP ${response.status} ${await response.text()}`);
  }
  return response;
}

async function existingBenchConnectors(stack: StackInfo): Promise<string[]> {
  const names = (await (await connect(stack, '/connectors')).json()) as string[];
  return names.filter((name) => name.startsWith(PREFIX));
}

async function inBatches(items: number[], run: (item: number) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: CREATE_CONCURRENCY }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await run(item);
    }),
  );
}

async function createConnectors(stack: StackInfo, log: (line: string) => void): Promise<void> {
  const present = new Set(await existingBenchConnectors(stack));
  const missing = Array.from({ length: COUNT }, (_, i) => i).filter((i) => !present.has(connectorBody(i).name));
  log(`creating ${missing.length} connectors (${present.size} already there)`);
  const started = Date.now();
  await inBatches(missing, async (i) => {
    // a rebalance in progress answers 409: try again shortly
    for (let attempt = 0; ; attempt++) {
      const response = await connect(stack, '/connectors', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(connectorBody(i)),
      });
      if (response.ok || attempt > 20) return;
      await new Promise((r) => setTimeout(r, 500));
    }
  });
  log(`created in ${round((Date.now() - started) / 1000)} s`);
  await until(async () => (await existingBenchConnectors(stack)).length >= COUNT, `${COUNT} connectors listed`);
}

async function deleteConnectors(stack: StackInfo, log: (line: string) => void): Promise<void> {
  const names = await existingBenchConnectors(stack);
  log(`deleting ${names.length} connectors`);
  await inBatches(
    names.map((_, i) => i),
    async (i) => void (await connect(stack, `/connectors/${names[i]}`, { method: 'DELETE' })),
  );
}

export const connectorsScenario: Scenario = {
  name: 'connectors',
  description: `list and plan of ${COUNT} connectors: Connectory (first page, full filter; POST /plan) vs raw Connect ?expand=status&expand=info`,
  async run(stack, log) {
    await createConnectors(stack, log);
    const bench = await startBenchServer();
    try {
      const rawList = async () => {
        const body = (await (await connect(stack, '/connectors?expand=status&expand=info')).json()) as object;
        if (Object.keys(body).length < COUNT) throw new Error('raw list is missing connectors');
      };
      const filter = `state=STOPPED&class=FileStreamSource&q=${PREFIX}&page=1&size=50`;
      const ourList = async () => {
        const page = (await bench.get(`/api/v1/connect/local/connectors?${filter}`)) as { items: unknown[]; total: number };
        if (page.items.length !== 50 || page.total < COUNT) throw new Error(`unexpected page: ${page.items.length}/${page.total}`);
      };
      const [raw, ours] = await timeInterleaved(rawList, ourList, { runs: RUNS });
      // The files describe exactly what runs: every connector is a no-op, the plan is one listing and the comparison.
      const desired = {
        connect: 'local',
        prefix: PREFIX,
        connectors: Array.from({ length: COUNT }, (_, i) => {
          const { name, config } = connectorBody(i);
          return { name, state: 'STOPPED', config };
        }),
      };
      const planAll = async () => {
        const answer = (await bench.post('/api/v1/plan', desired)) as { summary: { noop: number } };
        if (answer.summary.noop !== COUNT) throw new Error(`plan expected ${COUNT} no-ops: ${JSON.stringify(answer.summary)}`);
      };
      const [rawForPlan, plan] = await timeInterleaved(rawList, planAll, { runs: RUNS });
      log(`warm done; ${COLD_RUNS} cold rounds of ${round((HISTORY_SHORTCUT_IDLE_MS + RAW_IDLE_MS) / 1000)} s`);
      const [coldOurs, coldRaw] = await timeCold(
        [
          { run: ourList, idleMs: HISTORY_SHORTCUT_IDLE_MS },
          { run: rawList, idleMs: RAW_IDLE_MS },
        ],
        COLD_RUNS,
      );
      const ratio = round(ours.p95Ms / raw.p95Ms, 2);
      const coldRatio = round(coldOurs!.maxMs / coldRaw!.maxMs, 2);
      const planRatio = round(plan.p95Ms / rawForPlan.p95Ms, 2);
      return {
        metrics: {
          connectors: COUNT,
          'warm raw Connect p50 / p95 ms': `${raw.p50Ms} / ${raw.p95Ms}`,
          'warm Connectory first page p50 / p95 ms': `${ours.p50Ms} / ${ours.p95Ms}`,
          'warm p95 ratio (Connectory / raw)': ratio,
          'cold raw Connect p50 / max ms': `${coldRaw!.p50Ms} / ${coldRaw!.maxMs}`,
          'cold Connectory first page p50 / max ms': `${coldOurs!.p50Ms} / ${coldOurs!.maxMs}`,
          'cold max ratio (Connectory / raw)': coldRatio,
          'plan of all p50 / p95 ms (raw beside it)': `${plan.p50Ms} / ${plan.p95Ms} (${rawForPlan.p50Ms} / ${rawForPlan.p95Ms})`,
          'p95 ratio (plan / raw)': planRatio,
          'server RSS after (MiB)': largestRssInGroupMiB(bench.server.pid),
        },
        targets: [
          { target: `plan of all ${COUNT}: p95 ≤ ${PLAN_TARGET_RATIO}× raw p95`, measured: planRatio, limit: PLAN_TARGET_RATIO, unit: '×' },
          { target: `warm: Connectory p95 ≤ ${TARGET_RATIO}× raw p95`, measured: ratio, limit: TARGET_RATIO, unit: '×' },
          {
            target: `cold (first list after the 15 s history shortcut expired): Connectory ≤ ${TARGET_RATIO}× raw, worst of ${COLD_RUNS}`,
            measured: coldRatio,
            limit: TARGET_RATIO,
            unit: '×',
            note: `${COLD_RUNS} samples, so the worst stands in for p95; the server's own 30 s config sync may have refreshed the shortcut before some of them, which can only flatter the cold side: p50 shows whether most were cold`,
          },
        ],
      };
    } finally {
      await bench.stop();
      await deleteConnectors(stack, log);
    }
  },
};
