import { mkdirSync, rmSync } from 'node:fs';
import { resolveCatalogArchives } from './archives/resolve';
import { upConnect } from './connect/worker';
import { StackError } from './errors';
import { upKafka } from './kafka/broker';
import { resolveKafkaClasspath } from './kafka/classpath';
import { withLauncherLock } from './lock';
import { upMariadb } from './mariadb';
import { upMavenMirror } from './mirror-service';
import { LOG_DIR, STACK_FILE } from './paths';
import { planStack, removeDataDirs } from './plan';
import { upPostgres, upSourcePostgres } from './postgres';
import { stopProcess } from './processes';
import { upSchemaRegistry } from './registry/service';
import type { StackContext } from './service';
import { readStack, readStackFile, writeStackFile } from './state';
import { ensureSystemPackages } from './system-packages';
import type { StackInfo, StackProcess } from './types';

export { STACK_FILE, readStack };
export type { StackInfo };
export { StackError };
export { ensureSecuredKafka, securedKafkajsConfig, type SecuredKafka } from './secured/kafka';
export { ensureSecuredConnect, type SecuredConnect } from './secured/connect';
export { ensureLegacy, type LegacyKafkaInfo } from './legacy/kafka';

/** For tests: the running stack, or an error that says how to start it. */
export function requireStack(): StackInfo {
  const info = readStack();
  if (!info) {
    throw new StackError('tests', `the local stack is not up (no ready ${STACK_FILE}): run \`npx tsx test/stack/cli.ts up\` first`);
  }
  return info;
}

export interface StackUpOptions {
  brokers?: number;
  log?: (line: string) => void;
}

function progress(log?: (line: string) => void): (line: string) => void {
  const t0 = Date.now();
  const write = log ?? ((line: string) => console.log(line));
  return (line) => write(`[stack +${((Date.now() - t0) / 1000).toFixed(1)}s] ${line}`);
}

/**
 * Starts whatever of the stack is not running (reusing what is), waits until every service
 * answers, and records it all in .stack/stack.json. Independent services start in parallel.
 */
export function stackUp(opts: StackUpOptions = {}): Promise<StackInfo> {
  const log = progress(opts.log);
  return withLauncherLock(log, async () => {
    const t0 = Date.now();
    mkdirSync(LOG_DIR, { recursive: true });
    ensureSystemPackages(log);
    const plan = await planStack({ ...(opts.brokers !== undefined ? { brokers: opts.brokers } : {}) });
    writeStackFile(plan.info);
    const ctx: StackContext = { info: plan.info, log };
    let mavenFinished: () => void = () => {};
    const mavenDone = new Promise<void>((resolve) => (mavenFinished = resolve));
    const results = await Promise.allSettled([
      upPostgres(ctx),
      upSourcePostgres(ctx),
      upMariadb(ctx),
      upMavenMirror(ctx),
      // after the Kafka and archive mvn runs, never beside them: two mvn writing ~/.m2 at once can corrupt it
      mavenDone.then(() => upSchemaRegistry(ctx)),
      (async () => {
        const classpath = await resolveKafkaClasspath(log);
        // after the Kafka mvn run, never beside it: two mvn writing ~/.m2 at once can corrupt it
        const archives = resolveCatalogArchives(log, ctx.info.mavenMirror.root);
        archives.catch(() => {}); // awaited below; this only keeps an early failure from being "unhandled"
        archives.then(mavenFinished, mavenFinished);
        await upKafka(ctx, classpath);
        await upConnect(ctx, classpath);
        await archives;
      })().finally(mavenFinished),
    ]);
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
    if (failures.length > 0) {
      writeStackFile(ctx.info);
      const message = failures.map((f) => f.message).join('\n\n');
      throw new StackError('up', `${failures.length} service(s) failed to start; what did start is still running (stop it with \`npx tsx test/stack/cli.ts down\`):\n\n${message}`);
    }
    ctx.info.ready = true;
    writeStackFile(ctx.info);
    if (ctx.info.schemaRegistry) log(`schema registry: ${ctx.info.schemaRegistry.url}`);
    log(`stack up in ${((Date.now() - t0) / 1000).toFixed(1)} s (${STACK_FILE})`);
    return ctx.info;
  });
}

/** How each kind of process is stopped; agents get time to stop their worker JVM first. */
function stopPolicy(proc: StackProcess): { stopSignal: NodeJS.Signals; timeoutMs: number } {
  if (proc.name.startsWith('agent-') || proc.name.startsWith('connect-')) return { stopSignal: 'SIGTERM', timeoutMs: 45_000 };
  if (proc.name.startsWith('kafka-')) return { stopSignal: 'SIGTERM', timeoutMs: 30_000 };
  if (proc.name.endsWith('postgres')) return { stopSignal: 'SIGINT', timeoutMs: 20_000 }; // fast shutdown
  return { stopSignal: 'SIGTERM', timeoutMs: 20_000 };
}

/** Connect (agents, and the secured worker) before Kafka (workers leave their group cleanly), Kafka before nothing else depends on it. */
const STOP_STAGES: ((p: StackProcess) => boolean)[] = [
  (p) => p.name.startsWith('agent-') || p.name.startsWith('connect-'),
  (p) => p.name.startsWith('kafka-'),
  () => true,
];

/**
 * Stops only what the stack file says `up` started (whole process groups, SIGTERM then SIGKILL)
 * and waits until it is gone. `clean` also deletes the services' data and logs.
 */
export function stackDown(opts: { clean?: boolean; log?: (line: string) => void } = {}): Promise<void> {
  const log = progress(opts.log);
  return withLauncherLock(log, async () => {
    const info = readStackFile();
    let remaining = info?.processes ?? [];
    for (const inStage of STOP_STAGES) {
      const stage = remaining.filter(inStage);
      remaining = remaining.filter((p) => !inStage(p));
      await Promise.all(
        stage.map(async (proc) => {
          await stopProcess(proc, stopPolicy(proc));
          log(`${proc.name}: stopped`);
        }),
      );
    }
    if (info) {
      info.processes = [];
      info.ready = false;
      writeStackFile(info);
    }
    if (opts.clean) {
      removeDataDirs();
      rmSync(LOG_DIR, { recursive: true, force: true });
      log('data and logs removed');
    }
    log('stack down');
  });
}
