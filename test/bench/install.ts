// Install benchmark: Debezium MySQL onto both workers through the orchestrator, against the floor this same run
// measures: the two worker restarts an install cannot avoid (through the agent, until each worker rejoined its
// group and lists its plugins) plus one extract of the same archive. Target: within 1.3x of the floor.
// Install and floor alternate (install, floor, install, floor) so a machine that slows down mid-run slows both.
// The archive is fetched from the mirror first and reported apart: the floor has no download either, and the
// mirror's speed is not the orchestrator's. Debezium MySQL is left on the workers as it was found: if it was
// installed, it is uninstalled through the orchestrator first and installed again at the end.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractToStaging } from '../../plugins/archive';
import { fetchCatalogArtifact } from '../../server/artifacts';
import { SYSTEM_ACTOR } from '../../server/audit/record';
import { ClientRegistry } from '../../server/clusters/client-registry';
import { registerLocalStack } from '../../server/clusters/local-stack';
import { openDatabase } from '../../server/db';
import { createDelivery, type DeliveryContext } from '../../server/delivery';
import { requestInstall, requestUninstall } from '../../server/delivery/service';
import { getOperation } from '../../server/delivery/store';
import { createLogger } from '../../server/logger';
import { SecretBox } from '../../server/secrets/secret-box';
import type { StackInfo } from '../stack/types';
import { createTestDatabase } from '../support/db';
import { round, until } from './measure';
import type { Scenario } from './run';

const ENTRY = 'debezium-mysql';
const TARGET_RATIO = 1.3;
const ROUNDS = 2;

type Worker = StackInfo['connect']['workers'][number];

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/** The floor of one worker: restart through its agent, then the same readiness the orchestrator waits for. */
async function plainRestart(stack: StackInfo, worker: Worker): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${worker.agentUrl}/worker/restart`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${stack.connect.agentToken}` },
    signal: AbortSignal.timeout(120_000),
  });
  if (!response.ok) throw new Error(`benchmark: agent ${worker.agentUrl} answered ${response.status} to a restart`);
  await until(
    async () => (await answers(worker.url)) && (await answers(`${worker.url}/connectors`)) && (await answers(`${worker.url}/connector-plugins?connectorsOnly=false`)),
    `${worker.id} to rejoin after a restart`,
    240_000,
  );
  return performance.now() - started;
}

async function timedExtract(archive: string, filename: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-extract-'));
  try {
    const started = performance.now();
    const staged = await extractToStaging(archive, { stagingParent: dir, filename });
    const ms = performance.now() - started;
    await staged.discard();
    return ms;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function waitFor(ctx: DeliveryContext, id: string): Promise<void> {
  await ctx.runner.run(id);
  const operation = await getOperation(ctx.db, id);
  if (operation?.state !== 'succeeded') throw new Error(`benchmark: operation ${id} ended ${operation?.state}: ${operation?.error ?? ''}`);
}

/** Where the orchestrated time went: each step's start (from the request) and duration, plus the gaps. */
async function logStepTimes(ctx: DeliveryContext, id: string, requestedAt: number, log: (line: string) => void): Promise<void> {
  const operation = await getOperation(ctx.db, id);
  const origin = performance.timeOrigin + requestedAt;
  for (const step of operation?.steps ?? []) {
    if (!step.startedAt || !step.finishedAt) continue;
    const start = step.startedAt.getTime() - origin;
    log(`  ${step.step.padEnd(7)} ${step.workerUrl}  at +${round(start)} ms, took ${round(step.finishedAt.getTime() - step.startedAt.getTime())} ms`);
  }
}

export const installScenario: Scenario = {
  name: 'install',
  description: 'Debezium MySQL onto both workers through the orchestrator vs. two plain agent restarts + one extract',
  async run(stack, log) {
    const testDb = await createTestDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'bench-install-'));
    const database = await openDatabase({ url: testDb.url, dataDir, maxConnections: 4 });
    const secrets = new SecretBox('connectory-bench-secret-key');
    try {
      await database.migrate();
      await registerLocalStack(database.db, stack, secrets);
      const logger = createLogger('silent');
      const ctx = createDelivery({ db: database.db, logger, secrets, clients: new ClientRegistry({ secrets }), dataDir, mavenBaseUrl: stack.mavenMirror.url });
      const catalog = await ctx.catalog();
      const version = catalog.latest(ENTRY, { kafkaVersion: stack.versions.kafka });
      if (!version) throw new Error(`benchmark: no ${ENTRY} version supports Kafka ${stack.versions.kafka}`);

      const fetchStarted = performance.now();
      const { artifact } = await fetchCatalogArtifact(ctx.artifacts, catalog.get(ENTRY)!, version);
      const fetchMs = performance.now() - fetchStarted;
      log(`fetched ${ENTRY} ${version.version} (${round(artifact.size / 1048576)} MiB) from the mirror in ${round(fetchMs)} ms`);

      const archive = (ctx.artifacts.store as unknown as { pathOf(sha: string): string }).pathOf(artifact.sha256);
      // a catalog install names the plugin folder after the catalog entry
      const pluginName = artifact.name ?? ENTRY;
      const pluginPaths = stack.connect.workers.map((worker) => worker.pluginPath);
      if (pluginPaths.some((path) => path === undefined)) throw new Error('benchmark: the stack file names no plugin.path for some worker');
      const present = () => pluginPaths.filter((path) => existsSync(join(path!, pluginName))).length;
      const presentBefore = present() > 0;
      if (presentBefore) {
        log(`${pluginName} is on ${present()} worker(s) already: uninstalling it first (put back at the end)`);
        await waitFor(ctx, (await requestUninstall(ctx, SYSTEM_ACTOR, 'local', pluginName)).operation.id);
      }

      const rounds: Array<{ installMs: number; restarts: number[]; extractMs: number; floorMs: number; ratio: number }> = [];
      try {
        for (let round_ = 0; round_ < ROUNDS; round_++) {
          const installStarted = performance.now();
          const accepted = await requestInstall(ctx, SYSTEM_ACTOR, 'local', { catalog: { id: ENTRY, version: version.version } });
          if (accepted.operation.kind !== 'install') throw new Error(`benchmark: expected a fresh install, the orchestrator planned an ${accepted.operation.kind}`);
          await waitFor(ctx, accepted.operation.id);
          const installMs = performance.now() - installStarted;
          log(`round ${round_ + 1}: orchestrated install on ${stack.connect.workers.length} workers in ${round(installMs)} ms`);
          await logStepTimes(ctx, accepted.operation.id, installStarted, log);

          // with the plugin in place, so the floor's restarts scan the same jars the install's restarts do
          const restarts: number[] = [];
          for (const worker of stack.connect.workers) {
            restarts.push(await plainRestart(stack, worker));
            log(`round ${round_ + 1}: floor: ${worker.id} restarted and back in ${round(restarts.at(-1)!)} ms`);
          }
          const extractMs = await timedExtract(archive, `${ENTRY}-${version.version}.tar.gz`);
          const floorMs = restarts.reduce((a, b) => a + b, 0) + extractMs;
          log(`round ${round_ + 1}: floor: extract ${round(extractMs)} ms, total ${round(floorMs)} ms`);
          rounds.push({ installMs, restarts, extractMs, floorMs, ratio: installMs / floorMs });

          await waitFor(ctx, (await requestUninstall(ctx, SYSTEM_ACTOR, 'local', accepted.operation.plugin)).operation.id);
          log(`round ${round_ + 1}: uninstalled again`);
        }
      } finally {
        if (presentBefore && present() === 0) {
          await waitFor(ctx, (await requestInstall(ctx, SYSTEM_ACTOR, 'local', { catalog: { id: ENTRY, version: version.version } })).operation.id);
          log(`${pluginName} put back as it was found`);
        }
      }

      const worst = Math.max(...rounds.map((r) => r.ratio));
      return {
        metrics: {
          'archive MiB': round(artifact.size / 1048576),
          'fetch from mirror ms (not in either)': round(fetchMs),
          'floor: restarts ms, per round': rounds.map((r) => r.restarts.map((ms) => round(ms)).join(' + ')).join(' | '),
          'floor: extract ms, per round': rounds.map((r) => round(r.extractMs)).join(' | '),
          'floor total ms, per round': rounds.map((r) => round(r.floorMs)).join(' | '),
          'orchestrated install ms, per round': rounds.map((r) => round(r.installMs)).join(' | '),
          'install / floor, per round': rounds.map((r) => round(r.ratio, 2)).join(' | '),
        },
        targets: [
          {
            target: `orchestrated install within ${TARGET_RATIO}x of the floor, worst of ${ROUNDS} alternating rounds`,
            measured: round(worst, 2),
            limit: TARGET_RATIO,
            unit: '×',
            note: 'one path only: an install has no cache to be warm or cold; the mirror download (first install) is reported apart',
          },
        ],
      };
    } finally {
      await database.close();
      await testDb.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
