import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ProcessSupervisor, type SupervisorOptions } from '../../../plugins/agent/supervisor';
import { waitFor } from '../../support/wait';

const LONG_RUNNING = 'setInterval(() => {}, 1000)';
// Creates READY_FILE once its handler is in place: until then a SIGTERM would still end it.
const IGNORES_SIGTERM =
  "process.on('SIGTERM', () => {}); require('node:fs').writeFileSync(process.env.READY_FILE, ''); setInterval(() => {}, 1000)";
const CRASHES = 'process.exit(3)';

const supervisors: ProcessSupervisor[] = [];

function supervise(script: string, overrides: Partial<SupervisorOptions> = {}, env: Record<string, string> = {}): ProcessSupervisor {
  const supervisor = new ProcessSupervisor({
    spec: { command: process.execPath, args: ['-e', script], env },
    restUrl: 'http://127.0.0.1:1/',
    stopTimeoutMs: 2_000,
    backoff: { initialMs: 50, maxMs: 200 },
    probeIntervalMs: 50,
    probe: async () => true,
    ...overrides,
  });
  supervisors.push(supervisor);
  return supervisor;
}

async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const processExists = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

afterEach(async () => {
  await Promise.all(supervisors.splice(0).map((s) => s.close()));
});

const scratch = mkdtempSync(join(tmpdir(), 'connectory-supervisor-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('ProcessSupervisor', () => {
  it('starts the worker and reports it running once its REST API answers', async () => {
    let reachable = false;
    const supervisor = supervise(LONG_RUNNING, { probe: async () => reachable });
    await supervisor.start();
    const starting = await supervisor.status();
    expect(starting).toMatchObject({ state: 'starting', restarts: 0, restReachable: false });
    expect(starting.pid).toBeGreaterThan(0);
    reachable = true;
    const running = await eventually(() => supervisor.status(), (s) => s.state === 'running');
    expect(running).toMatchObject({ restReachable: true, pid: starting.pid });
  });

  it('reports an unexpected exit as down, then restarts the worker after a backoff', async () => {
    const supervisor = supervise(LONG_RUNNING, { backoff: { initialMs: 300, maxMs: 1_000 } });
    await supervisor.start();
    const first = await eventually(() => supervisor.status(), (s) => s.state === 'running');
    process.kill(first.pid!, 'SIGKILL');

    const down = await eventually(() => supervisor.status(), (s) => s.state === 'down');
    expect(down.pid).toBeUndefined();
    expect(down.restReachable).toBe(false);
    expect(down.lastExit).toMatchObject({ signal: 'SIGKILL', expected: false });

    const again = await eventually(() => supervisor.status(), (s) => s.state === 'running');
    expect(again.restarts).toBe(1);
    expect(again.pid).not.toBe(first.pid);
  });

  it('backs off exponentially up to the maximum while the worker keeps crashing', async () => {
    const delays: number[] = [];
    const supervisor = supervise(CRASHES, {
      backoff: { initialMs: 20, maxMs: 80 },
      onEvent: (event, detail) => event === 'restart-scheduled' && delays.push(detail.delayMs as number),
    });
    await supervisor.start();
    await eventually(async () => delays.length, (n) => n >= 5);
    expect(delays.slice(0, 5)).toEqual([20, 40, 80, 80, 80]);
    const status = await supervisor.status();
    expect(status.lastExit).toMatchObject({ code: 3, expected: false });
  });

  it('stops the worker with SIGTERM and marks the exit as expected', async () => {
    const supervisor = supervise(LONG_RUNNING);
    await supervisor.start();
    const { pid } = await supervisor.status();
    await supervisor.stop();
    const stopped = await supervisor.status();
    expect(stopped).toMatchObject({ state: 'stopped', restReachable: false });
    expect(stopped.lastExit).toMatchObject({ signal: 'SIGTERM', expected: true });
    expect(processExists(pid!)).toBe(false);
  });

  it('kills a worker that ignores SIGTERM once the stop timeout passes', async () => {
    const readyFile = join(scratch, 'ignores-sigterm.ready');
    const supervisor = supervise(IGNORES_SIGTERM, { stopTimeoutMs: 300 }, { READY_FILE: readyFile });
    await supervisor.start();
    await waitFor(() => existsSync(readyFile), { what: 'the worker to install its SIGTERM handler', timeoutMs: 10_000 });
    const started = Date.now();
    await supervisor.stop();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect((await supervisor.status()).lastExit).toMatchObject({ signal: 'SIGKILL', expected: true });
  });

  it('restart replaces the process and counts it', async () => {
    const supervisor = supervise(LONG_RUNNING);
    await supervisor.start();
    const before = await supervisor.status();
    await supervisor.restart();
    const after = await supervisor.status();
    expect(after.pid).toBeDefined();
    expect(after.pid).not.toBe(before.pid);
    expect(after.restarts).toBe(1);
    expect(after.lastExit?.expected).toBe(true);
  });

  it('does not restart a worker that was stopped while waiting for its backoff', async () => {
    // A timer one millisecond longer than the backoff, started as the restart is scheduled, fires after the
    // restart would have: once it has, a restart that was going to happen has happened.
    let restartWasDue: Promise<void> | undefined;
    const events: string[] = [];
    const supervisor = supervise(CRASHES, {
      backoff: { initialMs: 200, maxMs: 200 },
      onEvent: (event, detail) => {
        events.push(event);
        if (event === 'restart-scheduled') restartWasDue ??= new Promise((resolve) => setTimeout(resolve, (detail.delayMs as number) + 1));
      },
    });
    await supervisor.start();
    await eventually(() => supervisor.status(), (s) => s.state === 'down');
    await supervisor.stop();
    expect(restartWasDue, 'a restart was scheduled').toBeDefined();
    await restartWasDue;
    expect(await supervisor.status()).toMatchObject({ state: 'stopped', restarts: 0 });
    expect(events.filter((event) => event === 'spawned')).toHaveLength(1);
  });

  it('reports a command that cannot be spawned as down with the error', async () => {
    const supervisor = new ProcessSupervisor({
      spec: { command: '/nonexistent/worker', args: [], env: {} },
      restUrl: 'http://127.0.0.1:1/',
      stopTimeoutMs: 1_000,
      backoff: { initialMs: 10_000, maxMs: 10_000 },
      probeIntervalMs: 50,
      probe: async () => false,
    });
    supervisors.push(supervisor);
    await supervisor.start();
    const status = await eventually(() => supervisor.status(), (s) => s.state === 'down');
    expect(status.lastExit?.error).toMatch(/ENOENT/);
  });
});
