// Starts the real Connectory server (`tsx server/main.ts`) for a test, on a free
// loopback port and with its own data directory, and stops it again.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = path.join(REPO_ROOT, 'node_modules/.bin/tsx');
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const OUTPUT_LIMIT = 200;

/** The first admin's password in test servers, unless a test passes its own ADMIN_PASSWORD. */
export const TEST_ADMIN_USERNAME = 'admin';
export const TEST_ADMIN_PASSWORD = 'connectory-test-admin-password';

export interface RunningServer {
  url: string;
  /** The user created on first start (`admin`) and its password, for signing in. */
  admin: { username: string; password: string };
  /** Everything the server printed so far, for failure messages. */
  output(): string;
  /** Process group of the server (tsx and the node process it starts), for memory readings. */
  pid: number;
  stop(): Promise<void>;
}

/**
 * `env` is added to the server's environment (DATABASE_URL, CONNECTORY_LOCAL_STACK, ...).
 * Unless given, CONNECTORY_DATA_DIR is a fresh temp dir, removed on stop(), and
 * ADMIN_PASSWORD is TEST_ADMIN_PASSWORD.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const ownDataDir = env.CONNECTORY_DATA_DIR ? undefined : await mkdtemp(path.join(tmpdir(), 'connectory-test-'));
  const adminPassword = env.ADMIN_PASSWORD ?? TEST_ADMIN_PASSWORD;
  const child = spawn(TSX, ['server/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      LOG_LEVEL: 'info',
      ...(ownDataDir ? { CONNECTORY_DATA_DIR: ownDataDir } : {}),
      ...env,
      ADMIN_PASSWORD: adminPassword,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    // Its own process group, so stop() reaches tsx's child node process too.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = captureOutput(child);
  // If the test run dies without calling stop(), the server must not outlive it.
  const killOnExit = () => signalGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);
  const stop = stopper(child, async () => {
    process.off('exit', killOnExit);
    if (ownDataDir) await rm(ownDataDir, { recursive: true, force: true });
  });

  try {
    await waitUntilHealthy(url, child, log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, admin: { username: TEST_ADMIN_USERNAME, password: adminPassword }, output: log.text, pid: child.pid!, stop };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('Test server: no free port found'))));
    });
  });
}

function captureOutput(child: ChildProcess): { text(): string } {
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > OUTPUT_LIMIT) lines.splice(0, lines.length - OUTPUT_LIMIT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { text: () => lines.join('\n') };
}

async function waitUntilHealthy(url: string, child: ChildProcess, log: { text(): string }): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw failure(`exited (${child.exitCode ?? child.signalCode}) before it was ready`, log);
    }
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return;
      lastProblem = `GET /api/health answered ${response.status}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await sleep(250);
  }
  throw failure(`not healthy after ${READY_TIMEOUT_MS / 1000} s (${lastProblem})`, log);
}

function failure(what: string, log: { text(): string }): Error {
  return new Error(`Test server (tsx server/main.ts) ${what}. Its output:\n${log.text() || '(nothing)'}`);
}

function stopper(child: ChildProcess, cleanUp: () => Promise<void>): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= (async () => {
      await terminate(child);
      await cleanUp();
    })();
    return stopping;
  };
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
  signalGroup(child, 'SIGKILL'); // anything tsx left behind in the group
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
