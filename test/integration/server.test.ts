// The server against real PostgreSQL with a local stack registered as `local`: in-process through
// `app.request()`, and once as the real process (`tsx server/main.ts`) to prove start-up and a clean stop.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerLocalStack, type LocalStack } from '../../server/clusters/local-stack';
import { connectWorkers } from '../../server/db/tables';
import type { Health } from '../../server/health/schema';
import { createTestApp, type TestApp } from '../support/app';
import { tokenFor } from '../support/auth';
import { createTestDatabase } from '../support/db';
import { readStack } from '../stack/index';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Loopback ports nothing listens on, for a stack whose services are all down. */
async function closedPorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let i = 0; i < count; i++) {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    ports.push((probe.address() as { port: number }).port);
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  }
  return ports;
}

async function unreachableStack(): Promise<LocalStack> {
  const [kafka, worker1, worker2, agent1, agent2] = await closedPorts(5);
  return {
    kafka: { bootstrap: `127.0.0.1:${kafka}` },
    connect: {
      workers: [
        { url: `http://127.0.0.1:${worker1}`, agentUrl: `http://127.0.0.1:${agent1}` },
        { url: `http://127.0.0.1:${worker2}`, agentUrl: `http://127.0.0.1:${agent2}` },
      ],
      agentToken: 'agent-token-for-tests',
    },
  };
}

/** The detailed report: since issue #11 it needs cluster:read; anonymous callers get the status alone. */
async function health(testApp: TestApp): Promise<Health> {
  const response = await testApp.app.request('/api/v1/health', { headers: (await tokenFor(testApp, 'viewer')).headers });
  expect(response.status).toBe(200);
  return (await response.json()) as Health;
}

describe('health with the local stack registered but unreachable', () => {
  let testApp: TestApp;
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await unreachableStack();
    testApp = await createTestApp({ localStack: stack, healthTimeoutMs: 2_000 });
  });
  afterAll(() => testApp?.close());

  it('reports the database up and each system down with an error naming it', async () => {
    const report = await health(testApp);
    expect(report.status).toBe('degraded');
    expect(report.database).toEqual({ status: 'up', kind: 'postgres' });

    expect(report.kafkaClusters).toHaveLength(1);
    expect(report.kafkaClusters[0]).toMatchObject({ id: 'local', status: 'down' });
    expect(report.kafkaClusters[0]?.error).toMatch(/^Kafka cluster "local": /);

    expect(report.connectClusters).toHaveLength(1);
    const connect = report.connectClusters[0]!;
    expect(connect).toMatchObject({ id: 'local', kafkaClusterId: 'local', status: 'down' });
    expect(connect.workers.map((worker) => worker.url).sort()).toEqual(stack.connect.workers.map((w) => w.url).sort());
    for (const worker of connect.workers) {
      expect(worker.status).toBe('down');
      expect(worker.error).toMatch(new RegExp(`^Kafka Connect worker ${worker.url}: GET / failed: ECONNREFUSED`));
    }
  });

  it('tells anonymous callers the status alone: no cluster names, worker URLs, versions or errors', async () => {
    const response = await testApp.app.request('/api/health');
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ status: 'degraded' });
    for (const secretish of ['local', '127.0.0.1', 'ECONNREFUSED', 'version']) expect(text).not.toContain(secretish);
    expect((await testApp.app.request('/api/v1/health')).status).toBe(401);
  });

  it('shows a cluster-scoped caller only its own clusters', async () => {
    const scoped = await tokenFor(testApp, 'viewer', ['elsewhere']);
    const report = (await (await testApp.app.request('/api/v1/health', { headers: scoped.headers })).json()) as Health;
    expect(report).toMatchObject({ status: 'ok', database: { status: 'up' }, kafkaClusters: [], connectClusters: [] });
  });

  it('stores the agent token encrypted', async () => {
    const workers = await testApp.database.db.select().from(connectWorkers);
    for (const worker of workers) {
      expect(worker.agentTokenEnc).not.toContain('agent-token-for-tests');
      expect(testApp.secrets.decrypt(worker.agentTokenEnc!)).toBe('agent-token-for-tests');
    }
  });

  it('replaces the registration when the stack restarts on other ports', async () => {
    const restarted = await unreachableStack();
    restarted.connect.workers = restarted.connect.workers.slice(0, 1);
    await registerLocalStack(testApp.database.db, restarted, testApp.secrets);
    const rows = await testApp.database.db.select().from(connectWorkers).where(eq(connectWorkers.connectClusterId, 'local'));
    expect(rows.map((row) => row.url)).toEqual([restarted.connect.workers[0]!.url]);
    const report = await health(testApp);
    expect(report.kafkaClusters[0]?.error).toContain(restarted.kafka.bootstrap);
  });
});

describe('health with one Connect worker answering', () => {
  let testApp: TestApp;
  let worker: Server;
  let workerUrl: string;

  beforeAll(async () => {
    // Stands in for a Connect worker's REST root.
    worker = createHttpServer((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ version: '4.3.1', commit: 'c0ffee', kafka_cluster_id: 'k' }));
    });
    await new Promise<void>((resolve) => worker.listen(0, '127.0.0.1', resolve));
    workerUrl = `http://127.0.0.1:${(worker.address() as { port: number }).port}`;
    const stack = await unreachableStack();
    stack.connect.workers[0] = { url: workerUrl, agentUrl: stack.connect.workers[0]!.agentUrl };
    testApp = await createTestApp({ localStack: stack, healthTimeoutMs: 2_000 });
  });
  afterAll(async () => {
    await testApp?.close();
    await new Promise<void>((resolve) => worker.close(() => resolve()));
  });

  it('reports the Connect cluster degraded, with the version of the worker that answers', async () => {
    const connect = (await health(testApp)).connectClusters[0]!;
    expect(connect.status).toBe('degraded');
    expect(connect.workers.find((w) => w.url === workerUrl)).toEqual({ url: workerUrl, status: 'up', version: '4.3.1' });
    expect(connect.workers.find((w) => w.url !== workerUrl)?.status).toBe('down');
  });
});

/** The running local stack, or a stack file named by CONNECTORY_TEST_STACK_FILE (services started by hand). */
const runningStack: LocalStack | null = process.env.CONNECTORY_TEST_STACK_FILE
  ? (JSON.parse(readFileSync(process.env.CONNECTORY_TEST_STACK_FILE, 'utf8')) as LocalStack)
  : readStack();

describe.runIf(runningStack)('health with the running local stack registered', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp({ localStack: runningStack! });
  });
  afterAll(() => testApp?.close());

  it('shows the database and the local Kafka and Connect clusters up', async () => {
    const report = await health(testApp);
    expect(report.database).toEqual({ status: 'up', kind: 'postgres' });
    expect(report.kafkaClusters).toEqual([
      expect.objectContaining({ id: 'local', status: 'up', brokers: expect.any(Number) }),
    ]);
    expect(report.kafkaClusters[0]!.brokers).toBeGreaterThanOrEqual(1);
    const connect = report.connectClusters[0]!;
    expect(connect).toMatchObject({ id: 'local', kafkaClusterId: 'local', status: 'up' });
    expect(connect.workers).toHaveLength(runningStack!.connect.workers.length);
    for (const worker of connect.workers) expect(worker).toMatchObject({ status: 'up', version: expect.any(String) });
    expect(report.status).toBe('ok');
  });
});

describe('the server process', () => {
  it('starts on PostgreSQL with a local stack file, serves health, and exits 0 on SIGTERM', async () => {
    const testDb = await createTestDatabase();
    const dir = await mkdtemp(join(tmpdir(), 'connectory-main-'));
    const stackFile = join(dir, 'stack.json');
    await writeFile(stackFile, JSON.stringify(runningStack ?? (await unreachableStack())));
    const child = spawn(join(REPO_ROOT, 'node_modules/.bin/tsx'), ['server/main.ts'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: testDb.url,
        CONNECTORY_LOCAL_STACK: stackFile,
        CONNECTORY_DATA_DIR: join(dir, 'data'),
        CONNECTORY_SECRET_KEY: 'integration-test-secret-key',
        ADMIN_PASSWORD: 'integration-admin-password',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await waitFor(() => output.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/)?.[1], 60_000, () => output);
      expect(output).toContain('registered the local stack as \\"local\\"');
      expect(await (await fetch(`${url}/api/health`)).json()).toEqual({ status: expect.stringMatching(/^(up|degraded)$/) });
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'integration-admin-password' }),
      });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const report = (await (await fetch(`${url}/api/v1/health`, { headers: { Cookie: cookie } })).json()) as Health;
      expect(report.database).toEqual({ status: 'up', kind: 'postgres' });
      expect(report.kafkaClusters.map((cluster) => cluster.id)).toEqual(['local']);
      expect(report.connectClusters.map((cluster) => cluster.id)).toEqual(['local']);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toMatch(/"msg":"stopped"/);
    } finally {
      child.kill('SIGKILL');
      await testDb.drop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number, context: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out after ${timeoutMs} ms; output:\n${context()}`);
}
