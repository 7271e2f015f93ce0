// The agent in the broker role: config, its one route, and the process read through the server's agent client
// (what Connectory does to take a broker's disk capacity and its host's health).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBrokerAgentApp, isBrokerRole, parseBrokerAgentConfig, readBrokerHealth } from '../../../plugins/agent/broker';
import { AgentClient } from '../../../server/delivery/agent-client';
import { waitFor } from '../../support/wait';

const TOKEN = 'broker-agent-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'broker-agent-'));
const logDirs = [join(dir, 'kafka-logs-1'), join(dir, 'kafka-logs-2')];
for (const path of logDirs) mkdirSync(path, { recursive: true });
let agent: ChildProcess | undefined;

afterAll(() => {
  if (agent?.pid) agent.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

describe('agent in the broker role', () => {
  it('reads a broker config: log dirs required, no worker settings, the token from the environment', () => {
    const base = { role: 'broker', listen: { port: 0 }, logDirs };
    expect(isBrokerRole(base)).toBe(true);
    expect(isBrokerRole({ listen: { port: 0 } })).toBe(false);
    expect(parseBrokerAgentConfig(base, { AGENT_TOKEN: TOKEN })).toMatchObject({ token: TOKEN, logDirs, listen: { host: '127.0.0.1', port: 0 } });
    expect(() => parseBrokerAgentConfig({ ...base, logDirs: [] }, { AGENT_TOKEN: TOKEN })).toThrow(/logDirs/);
    expect(() => parseBrokerAgentConfig({ ...base, pluginPath: '/opt/plugins' }, { AGENT_TOKEN: TOKEN })).toThrow(/pluginPath/);
    expect(() => parseBrokerAgentConfig(base, {})).toThrow(/bearer token/);
  });

  it('counts two log dirs on one volume once, and names a dir it cannot read', async () => {
    const health = await readBrokerHealth([...logDirs, join(dir, 'missing')], 2);
    expect(health.brokerId).toBe(2);
    expect(health.logDirs).toHaveLength(3);
    expect(health.logDirs[2]!.error).toMatch(/ENOENT/);
    expect(health.node.disk.totalBytes).toBe(health.logDirs[0]!.totalBytes);
    expect(health.node.disk.totalBytes).toBeGreaterThan(0);
    expect(health.node.memory.totalBytes).toBeGreaterThan(0);
  });

  it('serves /health behind the token and nothing else', async () => {
    const app = createBrokerAgentApp({ token: TOKEN, logDirs });
    expect((await app.request('/health')).status).toBe(401);
    const auth = { headers: { authorization: `Bearer ${TOKEN}` } };
    const answer = await app.request('/health', auth);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ role: 'broker', node: { disk: { path: logDirs.join(',') } } });
    expect((await app.request('/plugins', auth)).status).toBe(404);
    expect((await app.request('/worker/restart', { ...auth, method: 'POST' })).status).toBe(404);
  });

  it('runs as a process that the server’s agent client reads the host’s disk from', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    writeFileSync(join(dir, 'agent.json'), JSON.stringify({ role: 'broker', brokerId: 1, listen: { host: '127.0.0.1', port }, logDirs }));
    const { NODE_OPTIONS: _ignored, ...env } = process.env;
    let output = '';
    agent = spawn(process.execPath, ['--import', 'tsx', join(process.cwd(), 'plugins', 'agent', 'main.ts')], { env: { ...env, AGENT_CONFIG: join(dir, 'agent.json'), AGENT_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'pipe'] });
    agent.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    agent.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(
      () => {
        if (output.includes('broker role, broker 1) listening on http://')) return true;
        throw new Error(`${agent?.exitCode === null ? 'still starting' : `exited with ${agent?.exitCode}`}; it wrote: ${output.slice(-800)}`);
      },
      { what: 'the broker agent to listen', timeoutMs: 60_000, intervalMs: 200 },
    );
    const health = await new AgentClient({ url: `http://127.0.0.1:${port}`, token: TOKEN }).health(5_000);
    expect(health.node.disk.path).toBe(logDirs.join(','));
    expect(health.node.disk.totalBytes).toBeGreaterThan(0);
    expect(health.worker).toBeUndefined();
  }, 90_000);
});
