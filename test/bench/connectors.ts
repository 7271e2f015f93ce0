// Issue 4's list benchmark: 1,000 connectors on the local Connect cluster; Connectory's list endpoint (first page,
// full filter) against the raw Connect batch call it is built on, in the same run, plus the server's memory.
import type { StackInfo } from '../stack/types';
import { startBenchServer } from './client';
import { largestRssInGroupMiB, round, timeIt, until } from './measure';
import type { Scenario } from './run';

const COUNT = 1_000;
const PREFIX = 'bench-conn-';
const CREATE_CONCURRENCY = 4;
const RUNS = 40;
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
      const raw = await timeIt(
        async () => {
          const body = (await (await connect(stack, '/connectors?expand=status&expand=info')).json()) as object;
          if (Object.keys(body).length < COUNT) throw new Error('raw list is missing connectors');
        },
        { runs: RUNS },
      );
      const filter = `state=STOPPED&class=FileStreamSource&q=${PREFIX}&page=1&size=50`;
      const ours = await timeIt(
        async () => {
          const page = (await bench.get(`/api/v1/connect/local/connectors?${filter}`)) as { items: unknown[]; total: number };
          if (page.items.length !== 50 || page.total < COUNT) throw new Error(`unexpected page: ${page.items.length}/${page.total}`);
        },
        { runs: RUNS },
      );
      const ratio = round(ours.p95Ms / raw.p95Ms, 2);
      // The files describe exactly what runs: every connector is a no-op, the plan is one listing and the comparison.
      const desired = {
        connect: 'local',
        prefix: PREFIX,
        connectors: Array.from({ length: COUNT }, (_, i) => {
          const { name, config } = connectorBody(i);
          return { name, state: 'STOPPED', config };
        }),
      };
      const plan = await timeIt(
        async () => {
          const answer = (await bench.post('/api/v1/plan', desired)) as { summary: { noop: number } };
          if (answer.summary.noop !== COUNT) throw new Error(`plan expected ${COUNT} no-ops: ${JSON.stringify(answer.summary)}`);
        },
        { runs: RUNS },
      );
      const planRatio = round(plan.p95Ms / raw.p95Ms, 2);
      return {
        metrics: {
          connectors: COUNT,
          'raw Connect p50 / p95 ms': `${raw.p50Ms} / ${raw.p95Ms}`,
          'Connectory first page p50 / p95 ms': `${ours.p50Ms} / ${ours.p95Ms}`,
          'p95 ratio (Connectory / raw)': ratio,
          'plan of all p50 / p95 ms': `${plan.p50Ms} / ${plan.p95Ms}`,
          'p95 ratio (plan / raw)': planRatio,
          'server RSS after (MiB)': largestRssInGroupMiB(bench.server.pid),
        },
        target: {
          description: `Connectory p95 ≤ ${TARGET_RATIO}× raw p95; plan p95 ≤ ${PLAN_TARGET_RATIO}× raw p95`,
          met: ratio <= TARGET_RATIO && planRatio <= PLAN_TARGET_RATIO,
        },
      };
    } finally {
      await bench.stop();
      await deleteConnectors(stack, log);
    }
  },
};
