/**
 * What each kind of step does to one worker. Every step is safe to run twice: a server that died in
 * the middle of one runs it again on resume (a push of the same sha256 is skipped or repeated, a
 * restart restarts again, a verify asks again).
 */
import { getArtifact, type ArtifactDeps, type ArtifactRecord } from '../artifacts';
import type { ConnectCluster, ConnectWorker } from '../clusters/registry';
import type { ConnectClient } from '../connect/client';
import type { SecretBox } from '../secrets/secret-box';
import type { AgentClient } from './agent-client';
import { connectorClassesOf } from './classes';
import type { DeliverySettings } from './settings';
import type { Operation, StepRow } from './store';

export interface StepDeps {
  artifacts: ArtifactDeps;
  secrets: SecretBox;
  settings: DeliverySettings;
  /** The agent beside a worker (undefined when none is registered). */
  agentFor: (worker: ConnectWorker, cluster: Pick<ConnectCluster, 'tls'>) => AgentClient | undefined;
}

export interface StepTarget {
  operation: Operation;
  step: StepRow;
  /** The step was already running when this process picked the operation up (a resume after a crash). */
  resumed: boolean;
  cluster: ConnectCluster;
  client: ConnectClient;
}

/** A step that failed for a reason worth showing as it is (names the worker and the step). */
export class StepError extends Error {
  override name = 'StepError';
}

export async function runStep(deps: StepDeps, target: StepTarget, signal: AbortSignal): Promise<void> {
  const worker = workerOf(target);
  switch (target.step.step) {
    case 'push':
      return push(deps, target, worker);
    case 'remove':
      return agentOf(deps, target, worker).removePlugin(target.operation.pluginName);
    case 'restart':
      return agentOf(deps, target, worker).restartWorker(deps.settings.restartTimeoutMs);
    case 'verify':
      return verify(deps, target, signal);
    case 'extract':
      // the agent unpacks within the push; kept in the schema for operations written that way
      return;
  }
}

function workerOf(target: StepTarget): ConnectWorker {
  const worker = target.cluster.workers.find((w) => w.url === target.step.workerUrl);
  if (!worker) throw new StepError(`worker ${target.step.workerUrl} is no longer registered in Connect cluster "${target.cluster.id}"`);
  return worker;
}

function agentOf(deps: StepDeps, target: StepTarget, worker: ConnectWorker): AgentClient {
  const agent = deps.agentFor(worker, target.cluster);
  if (!agent) throw new StepError(`worker ${worker.url} of Connect cluster "${target.cluster.id}" has no plugin agent registered`);
  return agent;
}

function pushedSha(target: StepTarget): string {
  const sha256 = target.step.artifactSha256 ?? target.operation.artifactSha256;
  if (!sha256) throw new StepError(`operation ${target.operation.id} has no artifact to push`);
  return sha256;
}

async function requireArtifact(deps: StepDeps, sha256: string): Promise<ArtifactRecord> {
  const artifact = await getArtifact(deps.artifacts.db, sha256);
  if (!artifact || !(await deps.artifacts.store.exists(sha256))) throw new StepError(`artifact ${sha256} is no longer in the artifact store`);
  return artifact;
}

const EXTENSIONS = { jar: 'jar', zip: 'zip', 'tar.gz': 'tar.gz' } as const;

async function push(deps: StepDeps, target: StepTarget, worker: ConnectWorker): Promise<void> {
  const agent = agentOf(deps, target, worker);
  const name = target.operation.pluginName;
  const sha256 = pushedSha(target);
  const artifact = await requireArtifact(deps, sha256);
  // a resumed push may have finished before the crash: the agent would only unpack the same bytes again
  // (listing is not free, the agent inspects every plugin folder, so only then)
  if (target.resumed) {
    const present = (await agent.listPlugins()).find((plugin) => plugin.name === name);
    if (present?.installed?.sha256 === sha256) return;
  }
  const filename = `${name}-${artifact.version ?? sha256.slice(0, 12)}.${EXTENSIONS[artifact.kind]}`;
  await agent.pushPlugin(name, await deps.artifacts.store.open(sha256), { sha256, filename, timeoutMs: deps.settings.pushTimeoutMs });
}

/** The classes the worker must list after this step's push (or must no longer list after a removal). */
async function expectation(deps: StepDeps, target: StepTarget): Promise<{ present: string[]; absent: string[] }> {
  const { operation, step } = target;
  const action = [...operation.steps]
    .reverse()
    .find((s) => s.position < step.position && s.workerUrl === step.workerUrl && s.phase === step.phase && (s.step === 'push' || s.step === 'remove'));
  if (!action || action.step === 'remove') return { present: [], absent: operation.classes };
  if (action.phase === 'apply') return { present: operation.classes, absent: [] };
  const artifact = await requireArtifact(deps, action.artifactSha256 ?? pushedSha(target));
  return { present: connectorClassesOf(artifact.inspection), absent: [] };
}

/**
 * Waits until the restarted worker is back: its REST root answers, it serves `GET /connectors` (it
 * rejoined the group and read the configs), and its OWN plugin list shows the change.
 */
async function verify(deps: StepDeps, target: StepTarget, signal: AbortSignal): Promise<void> {
  const { present, absent } = await expectation(deps, target);
  const url = target.step.workerUrl;
  const deadline = Date.now() + deps.settings.verifyTimeoutMs;
  let last = 'no answer yet';
  while (!signal.aborted) {
    last = await checkWorker(target.client, url, present, absent);
    if (last === 'ok') return;
    if (Date.now() >= deadline) break;
    await sleep(deps.settings.pollIntervalMs);
  }
  throw new StepError(`worker ${url} was not back with the plugin change within ${deps.settings.verifyTimeoutMs / 1000} s: ${last}`);
}

async function checkWorker(client: ConnectClient, url: string, present: string[], absent: string[]): Promise<string> {
  try {
    await client.workerInfo(url, { timeoutMs: 3_000 });
  } catch (error) {
    return `its REST API does not answer (${(error as Error).message})`;
  }
  try {
    await client.workerConnectorNames(url, { timeoutMs: 5_000 });
  } catch (error) {
    return `it has not rejoined its group yet: GET /connectors failed (${(error as Error).message})`;
  }
  let listed: Set<string>;
  try {
    listed = new Set((await client.workerPlugins(url, { timeoutMs: 5_000 })).map((plugin) => plugin.class));
  } catch (error) {
    return `GET /connector-plugins failed (${(error as Error).message})`;
  }
  const missing = present.filter((c) => !listed.has(c));
  if (missing.length > 0) return `GET /connector-plugins does not list ${missing.join(', ')}`;
  const remaining = absent.filter((c) => listed.has(c));
  if (remaining.length > 0) return `GET /connector-plugins still lists ${remaining.join(', ')} (does another plugin or the worker's classpath provide it?)`;
  return 'ok';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
