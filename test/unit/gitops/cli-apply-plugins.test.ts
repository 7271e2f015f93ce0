// The CLI's apply with a plugin to install, against a scripted server: it installs first (POST installs, then
// follows the operation with a progress line per worker step), applies only after the install succeeded, and
// stops without applying when the install fails.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../server/cli/connectory';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cty-cli-plugins-'));
  await writeFile(path.join(dir, 'plugin.yaml'), 'apiVersion: connectory/v1\nkind: Plugin\nconnect: local\ncatalog: debezium-mysql\nversion: 3.6.0.Final\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const plan = {
  connect: 'local',
  kafka: null,
  prefix: null,
  prune: false,
  fingerprint: 'f'.repeat(64),
  observed: {},
  changes: [],
  summary: { create: 0, update: 0, state: 0, restart: 0, delete: 0, noop: 0, invalid: 0 },
  plugins: [{ action: 'install', name: 'debezium-mysql', version: '3.6.0.Final', sha256: null, workers: { w1: null, w2: null }, classes: [], install: { catalog: { id: 'debezium-mysql', version: '3.6.0.Final' } } }],
  topics: [],
  topicSummary: { create: 0, update: 0, delete: 0, noop: 0, invalid: 0 },
  pluginSummary: { install: 1, noop: 0 },
};

function scripted(finalState: 'succeeded' | 'failed') {
  const calls: string[] = [];
  const step = (position: number, worker: string, kind: string, state: string) => ({ position, worker, step: kind, phase: 'apply', state });
  const polls = [
    { id: 'op-1', plugin: 'debezium-mysql', state: 'running', steps: [step(0, 'w1', 'push', 'succeeded'), step(1, 'w1', 'restart', 'running'), step(2, 'w2', 'push', 'pending')] },
    {
      id: 'op-1',
      plugin: 'debezium-mysql',
      state: finalState,
      ...(finalState === 'failed' ? { error: 'w2 did not rejoin' } : {}),
      steps: [step(0, 'w1', 'push', 'succeeded'), step(1, 'w1', 'restart', 'succeeded'), step(2, 'w2', 'push', finalState === 'failed' ? 'failed' : 'succeeded')],
    },
  ];
  const fetch = (async (url: string, init?: RequestInit) => {
    const route = `${init?.method ?? 'GET'} ${new URL(url).pathname}`;
    calls.push(route);
    const reply = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    if (route === 'POST /api/v1/plan') return reply(plan);
    if (route === 'POST /api/v1/connect/local/installs') {
      expect(JSON.parse(String(init!.body))).toEqual({ catalog: { id: 'debezium-mysql', version: '3.6.0.Final' } });
      return reply({ id: 'op-1', plugin: 'debezium-mysql', state: 'queued', steps: [] }, 202);
    }
    if (route === 'GET /api/v1/installs/op-1') return reply(polls.shift());
    if (route === 'POST /api/v1/apply') return reply({ connect: 'local', kafka: null, applied: [], plan });
    return reply({ error: { code: 'not_found', message: route } }, 404);
  }) as typeof globalThis.fetch;
  return { calls, fetch };
}

async function apply(fetch: typeof globalThis.fetch) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['apply', '-f', dir, '--auto-approve'], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { CONNECTORY_URL: 'http://connectory.test', CONNECTORY_TOKEN: 'cty_test', NO_COLOR: '1' },
    fetch,
    sleep: async () => undefined,
  });
  return { code, stdout, stderr };
}

describe('apply with a plugin to install', () => {
  it('installs first, printing each worker step, then applies', async () => {
    const server = scripted('succeeded');
    const run = await apply(server.fetch);
    expect(run.code, run.stderr).toBe(0);
    expect(server.calls).toEqual(['POST /api/v1/plan', 'POST /api/v1/connect/local/installs', 'GET /api/v1/installs/op-1', 'GET /api/v1/installs/op-1', 'POST /api/v1/apply']);
    expect(run.stdout).toContain('+ install plugin debezium-mysql 3.6.0.Final');
    expect(run.stdout).toContain('Installing plugin debezium-mysql 3.6.0.Final on Connect cluster "local" (operation op-1)');
    expect(run.stdout).toContain('[2/3] w1: restart running');
    expect(run.stdout).toContain('[3/3] w2: push succeeded');
  });

  it('stops without applying when the install fails', async () => {
    const server = scripted('failed');
    const run = await apply(server.fetch);
    expect(run.code).toBe(1);
    expect(server.calls).not.toContain('POST /api/v1/apply');
    expect(run.stdout).toContain('[3/3] w2: push failed');
    expect(run.stderr).toContain('Install of plugin debezium-mysql on Connect cluster "local" ended failed: w2 did not rejoin');
  });
});
