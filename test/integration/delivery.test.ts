/**
 * The install orchestrator against the stack's real two-worker cluster: one operation per cluster (409),
 * a server killed in the middle of an install resumes it after a restart while a FileStream connector keeps
 * running, a failed step is retried, a failed upgrade is rolled back to the previous version, and an
 * upgrade names the connectors it touches.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJar, buildZip, SOURCE_CONNECTOR } from '../support/archives';
import { waitFor } from '../support/wait';
import {
  buildCustomPlugin,
  connectorStates,
  describeOperation,
  FaultyAgent,
  finished,
  readTopic,
  sleep,
  startDeliveryServer,
  uploadArtifact,
  waitForOperation,
  workFolder,
  type CustomPlugin,
  type DeliveryServer,
} from '../support/delivery';

const PLUGIN = 'it-tick-delivery';
const PACKAGE = 'dev.connectory.itdelivery';
const suffix = Date.now().toString(36);
const FILE_CONNECTOR = `cty-it-file-${suffix}`;
const FILE_TOPIC = `cty-it-file-${suffix}`;
const TICK_CONNECTOR = `cty-it-tickd-${suffix}`;
const FAULTY = `it-faulty-${suffix}`;
/** Short, so the step whose classes never show up fails within the test's time. */
const VERIFY_TIMEOUT_S = 60;

let ds: DeliveryServer;
const work = workFolder('delivery-');
const sha: Record<'v1' | 'v2' | 'broken', string> = { v1: '', v2: '', broken: '' };
let v1: CustomPlugin;
let faultyAgent: FaultyAgent | undefined;
let writer: NodeJS.Timeout | undefined;
let linesWritten = 0;
const sourceFile = join(work.dir, 'lines.txt');

beforeAll(async () => {
  ds = await startDeliveryServer({ DELIVERY_VERIFY_TIMEOUT_S: String(VERIFY_TIMEOUT_S) });
  const kafkaVersion = ds.stack.versions.kafka;
  v1 = await buildCustomPlugin({ javaPackage: PACKAGE, version: '1.0.0', kafkaVersion, workDir: work.dir });
  const v2 = await buildCustomPlugin({ javaPackage: PACKAGE, version: '2.0.0', kafkaVersion, workDir: work.dir });
  // declares a connector class that is not in the jar: the worker never lists it
  const brokenJar = await buildJar({ services: { [SOURCE_CONNECTOR]: [`${PACKAGE}.NotThere`] } });
  const broken = join(work.dir, 'broken.zip');
  writeFileSync(broken, await buildZip([{ name: 'broken/lib/broken.jar', data: brokenJar }]));
  for (const [key, file, version] of [['v1', v1.file, '1.0.0'], ['v2', v2.file, '2.0.0'], ['broken', broken, '3.0.0']] as const) {
    const answer = await uploadArtifact(ds.url, ds.token, file, { name: PLUGIN, version });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    sha[key] = answer.body.sha256;
  }
  // a FileStream source that must keep running while workers restart one by one
  writeFileSync(sourceFile, '');
  writer = setInterval(() => appendFileSync(sourceFile, `line-${++linesWritten}\n`), 200);
  const put = await ds.api('PUT', `/api/v1/connect/local/connectors/${FILE_CONNECTOR}`, {
    config: { 'connector.class': 'org.apache.kafka.connect.file.FileStreamSourceConnector', 'tasks.max': '1', file: sourceFile, topic: FILE_TOPIC },
  });
  expect(put.status, JSON.stringify(put.body)).toBe(201);
  await waitRunning(FILE_CONNECTOR);
}, 240_000);

afterAll(async () => {
  if (writer) clearInterval(writer);
  if (ds) {
    for (const name of [FILE_CONNECTOR, TICK_CONNECTOR]) await ds.api('DELETE', `/api/v1/connect/local/connectors/${name}`).catch(() => {});
    const uninstall = await ds.api('POST', '/api/v1/connect/local/uninstalls', { plugin: PLUGIN }).catch(() => undefined);
    if (uninstall?.status === 202) await waitForOperation(ds.api, uninstall.body.id, finished).catch(() => {});
    await ds.api('DELETE', `/api/v1/connect/${FAULTY}`).catch(() => {});
    await ds.close();
  }
  await faultyAgent?.close();
  work.remove();
}, 600_000);

async function waitRunning(name: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const states = await connectorStates(ds.stack, name);
    if (states?.connector === 'RUNNING' && states.tasks.length > 0 && states.tasks.every((t) => t === 'RUNNING')) return;
    await sleep(500);
  }
  throw new Error(`connector ${name} is not RUNNING after ${timeoutMs / 1000} s: ${JSON.stringify(await connectorStates(ds.stack, name))}`);
}

/** Records the connector's states every half second while something runs. */
function watchConnector(name: string) {
  const seen: ({ at: number } & NonNullable<Awaited<ReturnType<typeof connectorStates>>>)[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const states = await connectorStates(ds.stack, name);
      if (states) seen.push({ at: Date.now(), ...states });
      await sleep(500);
    }
  })();
  return {
    seen,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

/** Connect's scheduled.rebalance.max.delay.ms on the stack's workers: until then nothing is moved off a worker. */
const REBALANCE_DELAY_MS = 10_000;

/**
 * When each worker was away: from its restart step to the end of its verify step, cut at the scheduled
 * rebalance delay (past it Connect may rightly move instances between the workers that remain).
 */
function restartWindows(operation: { steps: { step: string; worker: string; startedAt: string | null; finishedAt: string | null }[] }) {
  const windows: { worker: string; from: number; to: number }[] = [];
  operation.steps.forEach((step, index) => {
    const verify = operation.steps[index + 1];
    if (step.step !== 'restart' || verify?.step !== 'verify' || !step.startedAt || !verify.finishedAt) return;
    const from = Date.parse(step.startedAt);
    windows.push({ worker: new URL(step.worker).host, from, to: Math.min(Date.parse(verify.finishedAt), from + REBALANCE_DELAY_MS) });
  });
  return windows;
}

describe('install operations', () => {
  it('allows one operation per cluster, and a killed server resumes its install while connectors keep running', async () => {
    const watch = watchConnector(FILE_CONNECTOR);
    const accepted = await ds.api('POST', '/api/v1/connect/local/installs', { artifact: sha.v1 });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    expect(accepted.body).toMatchObject({ kind: 'install', plugin: PLUGIN, version: '1.0.0' });
    const id: string = accepted.body.id;

    const second = await ds.api('POST', '/api/v1/connect/local/installs', { artifact: sha.v2 });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('install_in_progress');
    expect(second.body.error.message).toContain(id);
    expect(second.headers.get('location')).toBe(`/api/v1/installs/${id}`);

    // the first worker is done (pushed, restarted, back with the plugin): crash the server right there
    const firstWorker = await waitForOperation(ds.api, id, (op) => op.steps[2].state === 'succeeded' || finished(op));
    expect(firstWorker.state, describeOperation(firstWorker)).toBe('running');
    const killedUrl = ds.url;
    await ds.kill();
    // Resumed only once the killed server is surely gone: two processes must never run one operation.
    await waitFor(() => fetch(`${killedUrl}/api/health`, { signal: AbortSignal.timeout(1_000) }).then(() => false, () => true), {
      what: `the killed server at ${killedUrl} to stop answering`,
      timeoutMs: 30_000,
    });
    await ds.restart();

    const operation = await waitForOperation(ds.api, id, finished);
    await watch.stop();
    expect(operation.state, describeOperation(operation)).toBe('succeeded');
    // the first worker's steps were not done again after the restart
    expect(operation.steps.slice(0, 3).map((s: { finishedAt: string }) => s.finishedAt)).toEqual(firstWorker.steps.slice(0, 3).map((s: { finishedAt: string }) => s.finishedAt));
    expect(ds.server.output()).toContain(`resuming operation ${id}`);

    // the FileStream connector never failed, is running now, and no line written meanwhile was lost
    const running = watch.seen.filter((s) => s.connector === 'RUNNING' && s.tasks.every((t) => t === 'RUNNING')).length;
    console.info(`FileStream connector during the install: all RUNNING in ${running} of ${watch.seen.length} polls; other states seen: ${[...new Set(watch.seen.flatMap((s) => [s.connector, ...s.tasks]).filter((x) => x !== 'RUNNING'))].join(', ') || 'none'}`);
    const states = watch.seen.flatMap((s) => [s.connector, ...s.tasks]);
    expect(states).not.toContain('FAILED');
    // While one worker restarts, the connector's instances that run on the other worker keep RUNNING: the
    // connector and its task may sit on different workers, and an instance on the restarting worker waits,
    // unassigned, for it to come back (scheduled.rebalance.max.delay.ms)
    const windows = restartWindows(operation);
    expect(windows.length, describeOperation(operation)).toBe(ds.stack.connect.workers.length);
    for (const window of windows) {
      const inside = watch.seen.filter((s) => s.at >= window.from && s.at <= window.to);
      expect(inside.length, `polls while ${window.worker} restarted`).toBeGreaterThan(0);
      const elsewhere = inside.flatMap((s) => [
        { at: s.at, what: 'connector', state: s.connector, worker: s.connectorWorker },
        ...s.tasks.map((state, task) => ({ at: s.at, what: `task ${task}`, state, worker: s.taskWorkers[task] })),
      ]).filter((instance) => instance.worker !== window.worker);
      console.info(`while ${window.worker} restarted: ${inside.length} polls, ${elsewhere.length} instance states on the other worker`);
      expect(elsewhere.filter((instance) => instance.state !== 'RUNNING'), `instances not RUNNING on the worker that stayed up while ${window.worker} restarted`).toEqual([]);
    }
    await waitRunning(FILE_CONNECTOR);
    const written = linesWritten;
    const values = await readTopic(ds.stack.kafka.bootstrap, FILE_TOPIC, (v) => v.some((line) => JSON.parse(line).payload === `line-${written}`));
    const lines = new Set(values.map((line) => JSON.parse(line).payload as string));
    for (let n = 1; n <= written; n++) expect(lines.has(`line-${n}`), `line-${n} missing`).toBe(true);
  }, 900_000);

  it('warns about the connectors an upgrade touches, and retries a step an agent refused', async () => {
    const put = await ds.api('PUT', `/api/v1/connect/local/connectors/${TICK_CONNECTOR}`, {
      config: { 'connector.class': v1.connectorClass, 'tasks.max': '1', topic: `${TICK_CONNECTOR}-out` },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(201);
    await waitRunning(TICK_CONNECTOR);

    // the same workers registered once more, the last one's agent behind a stand-in that refuses pushes
    const workers = [...ds.stack.connect.workers].sort((a, b) => a.url.localeCompare(b.url));
    const last = workers.at(-1)!;
    faultyAgent = new FaultyAgent(last.agentUrl);
    const proxyUrl = await faultyAgent.start();
    const registered = await ds.api('POST', '/api/v1/connect?force=true', {
      id: FAULTY,
      name: 'Stack workers, one agent failing',
      kafkaClusterId: 'local',
      workers: workers.map((w) => ({ url: w.url, agentUrl: w === last ? proxyUrl : w.agentUrl })),
      agentToken: ds.stack.connect.agentToken,
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    faultyAgent.failPushes = true;

    const accepted = await ds.api('POST', `/api/v1/connect/${FAULTY}/installs`, { artifact: sha.v2 });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    expect(accepted.body.kind).toBe('upgrade');
    expect(accepted.body.affectedConnectors).toContainEqual({ name: TICK_CONNECTOR, class: v1.connectorClass, state: 'RUNNING' });
    expect(accepted.body.warning).toContain(TICK_CONNECTOR);

    const failed = await waitForOperation(ds.api, accepted.body.id, finished);
    expect(failed.state, describeOperation(failed)).toBe('failed');
    const failedStep = failed.steps.find((s: { state: string }) => s.state === 'failed');
    expect(failedStep).toMatchObject({ worker: last.url, step: 'push' });
    expect(failed.error).toContain(last.url);
    expect(failed.error).toContain('disk full');
    expect(failed.steps.filter((s: { state: string }) => s.state === 'pending')).toHaveLength(2);

    faultyAgent.failPushes = false;
    const retried = await ds.api('POST', `/api/v1/installs/${failed.id}/retry`);
    expect(retried.status, JSON.stringify(retried.body)).toBe(202);
    const done = await waitForOperation(ds.api, failed.id, finished);
    expect(done.state, describeOperation(done)).toBe('succeeded');
    for (const worker of workers) {
      const plugins = (await (await fetch(`${worker.url}/connector-plugins`)).json()) as { class: string; version: string }[];
      expect(plugins.find((p) => p.class === v1.connectorClass)?.version).toBe('2.0.0');
    }
    await waitRunning(TICK_CONNECTOR);
    expect((await ds.api('POST', `/api/v1/installs/${failed.id}/retry`)).status).toBe(409);
    await ds.api('DELETE', `/api/v1/connect/local/connectors/${TICK_CONNECTOR}`);
  }, 900_000);

  it('rolls a failed upgrade back: the workers already changed get the previous version again', async () => {
    const accepted = await ds.api('POST', '/api/v1/connect/local/installs', { artifact: sha.broken });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    expect(accepted.body).toMatchObject({ kind: 'upgrade', classes: [`${PACKAGE}.NotThere`] });
    for (const before of Object.values(accepted.body.previous)) expect(before).toBe(sha.v2);

    const failed = await waitForOperation(ds.api, accepted.body.id, finished);
    expect(failed.state, describeOperation(failed)).toBe('failed');
    expect(failed.steps[2]).toMatchObject({ step: 'verify', state: 'failed' });
    expect(failed.steps[2].error).toContain(`${PACKAGE}.NotThere`);

    const rolling = await ds.api('POST', `/api/v1/installs/${failed.id}/rollback`);
    expect(rolling.status, JSON.stringify(rolling.body)).toBe(202);
    const done = await waitForOperation(ds.api, failed.id, finished);
    expect(done.state, describeOperation(done)).toBe('rolled_back');
    const rollbackSteps = done.steps.filter((s: { phase: string }) => s.phase === 'rollback');
    expect(rollbackSteps.map((s: { step: string }) => s.step)).toEqual(['push', 'restart', 'verify']);
    expect(rollbackSteps[0]).toMatchObject({ worker: failed.steps[0].worker, artifactSha256: sha.v2, state: 'succeeded' });
    expect(done.steps.filter((s: { state: string }) => s.state === 'skipped')).toHaveLength(3);

    const installed = await ds.api('GET', '/api/v1/connect/local/plugins/installed');
    const entry = installed.body.plugins.find((p: { name: string }) => p.name === PLUGIN);
    expect(entry, JSON.stringify(installed.body)).toMatchObject({ onEveryWorker: true, drift: false });
    for (const holder of entry.workers) expect(holder).toMatchObject({ sha256: sha.v2, loaded: true });
    expect((await ds.api('POST', `/api/v1/installs/${failed.id}/rollback`)).status).toBe(409);
  }, 900_000);
});
