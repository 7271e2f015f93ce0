/**
 * The local stack as the rest of the product relies on it: two Connect workers with Kafka's
 * FileStream connectors loaded from plugin.path, each under a plugin agent that supervises it.
 * Needs the stack: `npx tsx test/stack/cli.ts up`.
 */
import { describe, expect, it } from 'vitest';
import { requireStack } from '../stack';
import type { ConnectWorker } from '../stack/types';

const stack = requireStack();
const FILE_CONNECTORS = [
  'org.apache.kafka.connect.file.FileStreamSinkConnector',
  'org.apache.kafka.connect.file.FileStreamSourceConnector',
];

interface AgentHealth {
  worker: { state: string; pid?: number; restarts: number; restUrl: string; restReachable: boolean; lastExit?: { signal: string | null; expected: boolean } };
  node: { disk: { path: string; totalBytes: number; freeBytes: number }; memory: { totalBytes: number; freeBytes: number }; load: number[]; cpus: number };
}

async function agentHealth(worker: ConnectWorker): Promise<AgentHealth> {
  const res = await fetch(`${worker.agentUrl}/health`, { headers: { authorization: `Bearer ${stack.connect.agentToken}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as AgentHealth;
}

async function pluginClasses(worker: ConnectWorker): Promise<string[]> {
  const res = await fetch(`${worker.url}/connector-plugins`, { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`${worker.id}: GET /connector-plugins answered ${res.status}`);
  return ((await res.json()) as { class: string }[]).map((p) => p.class);
}

/** Polls until `accept` holds; on timeout the last value is in the error. */
async function eventually<T>(what: string, read: () => Promise<T>, accept: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | Error | undefined;
  while (Date.now() < deadline) {
    try {
      last = await read();
      if (accept(last)) return last;
    } catch (err) {
      last = err as Error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} within ${timeoutMs / 1000} s; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
}

async function waitUntilServing(worker: ConnectWorker, timeoutMs: number): Promise<void> {
  await eventually(`${worker.id} answers GET /connector-plugins with FileStream classes`, () => pluginClasses(worker),
    (classes) => FILE_CONNECTORS.every((c) => classes.includes(c)), timeoutMs);
  await eventually(`${worker.id} back in the group (GET /connectors)`, async () => (await fetch(`${worker.url}/connectors`)).status,
    (status) => status === 200, timeoutMs);
}

describe('local stack: Connect workers', () => {
  it('has two workers, each listing the FileStream connectors from its plugin.path', async () => {
    expect(stack.connect.workers.map((w) => w.id)).toEqual(['worker-1', 'worker-2']);
    for (const worker of stack.connect.workers) {
      const classes = await pluginClasses(worker);
      expect(classes, worker.id).toEqual(expect.arrayContaining(FILE_CONNECTORS));
    }
  });

  it('runs every worker under an agent that reports it running with node health', async () => {
    for (const worker of stack.connect.workers) {
      const health = await agentHealth(worker);
      expect(health.worker).toMatchObject({ state: 'running', restReachable: true, restUrl: worker.url });
      expect(health.worker.pid).toBeGreaterThan(0);
      expect(health.node.disk.path).toBe(worker.pluginPath);
      expect(health.node.disk.freeBytes).toBeGreaterThan(0);
      expect(health.node.memory.totalBytes).toBeGreaterThan(0);
      expect(health.node.load).toHaveLength(3);
    }
  });
});

describe('local stack: plugin agent', () => {
  const worker = stack.connect.workers[0]!;

  it('refuses a request without a token with 401', async () => {
    const res = await fetch(`${worker.agentUrl}/health`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('refuses a wrong token with 401, for reads and for actions', async () => {
    const wrong = { authorization: `Bearer ${stack.connect.agentToken}-wrong` };
    expect((await fetch(`${worker.agentUrl}/health`, { headers: wrong })).status).toBe(401);
    const restart = await fetch(`${worker.agentUrl}/worker/restart`, { method: 'POST', headers: wrong });
    expect(restart.status).toBe(401);
    expect((await agentHealth(worker)).worker.state).toBe('running'); // nothing happened
  });

  it('notices a killed worker JVM, reports it down and restarts it', async () => {
    const victim = stack.connect.workers[1]!;
    const before = await agentHealth(victim);
    expect(before.worker.state).toBe('running');
    process.kill(before.worker.pid!, 'SIGKILL');

    const down = await eventually('agent reports the worker down', () => agentHealth(victim), (h) => h.worker.state === 'down', 10_000);
    expect(down.worker.lastExit).toMatchObject({ signal: 'SIGKILL', expected: false });
    expect(down.worker.restReachable).toBe(false);

    const back = await eventually('agent reports the restarted worker running', () => agentHealth(victim),
      (h) => h.worker.state === 'running' && h.worker.restReachable, 90_000);
    expect(back.worker.pid).not.toBe(before.worker.pid);
    expect(back.worker.restarts).toBe(before.worker.restarts + 1);
    await waitUntilServing(victim, 60_000);
  }, 120_000);

  it('restarts its worker on POST /worker/restart', async () => {
    const before = await agentHealth(worker);
    const res = await fetch(`${worker.agentUrl}/worker/restart`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.connect.agentToken}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as AgentHealth;
    expect(body.worker.pid).not.toBe(before.worker.pid);
    expect(body.worker.lastExit).toMatchObject({ expected: true });
    await waitUntilServing(worker, 90_000);
    expect((await agentHealth(worker)).worker).toMatchObject({ state: 'running', restarts: before.worker.restarts + 1 });
  }, 120_000);
});
