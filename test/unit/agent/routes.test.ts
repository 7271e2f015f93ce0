import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { bearerMatches } from '../../../plugins/agent/auth';
import { readNodeHealth } from '../../../plugins/agent/node-health';
import { createAgentApp } from '../../../plugins/agent/routes';
import { WorkerControlError, type WorkerControl, type WorkerStatus } from '../../../plugins/agent/worker-control';

const TOKEN = 'test-token-0123456789abcdef';
const STATUS: WorkerStatus = { state: 'running', pid: 42, restarts: 0, restUrl: 'http://127.0.0.1:8083', restReachable: true };

function fakeWorker(overrides: Partial<WorkerControl> = {}): WorkerControl {
  return {
    status: vi.fn(async () => STATUS),
    start: vi.fn(async () => {}),
    stop: vi.fn(async () => {}),
    restart: vi.fn(async () => {}),
    close: vi.fn(async () => {}),
    ...overrides,
  };
}

interface ErrorBody {
  error: { code: string; message: string };
}
interface HealthBody {
  worker: WorkerStatus;
  node: { disk: { path: string; totalBytes: number }; load: number[]; cpus: number };
}

const pluginPath = mkdtempSync(join(tmpdir(), 'agent-plugins-'));
const auth = { authorization: `Bearer ${TOKEN}` };

describe('agent HTTP API', () => {
  it('refuses a missing token with 401 and a JSON error', async () => {
    const app = createAgentApp({ token: TOKEN, worker: fakeWorker(), pluginPath });
    const res = await app.request('/health');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: expect.stringContaining('plugin agent') } });
  });

  it('refuses a wrong token and a non-bearer scheme', async () => {
    const app = createAgentApp({ token: TOKEN, worker: fakeWorker(), pluginPath });
    expect((await app.request('/health', { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    expect((await app.request('/health', { headers: { authorization: `Basic ${TOKEN}` } })).status).toBe(401);
    expect((await app.request('/worker/restart', { method: 'POST' })).status).toBe(401);
  });

  it('reports worker and node health', async () => {
    const app = createAgentApp({ token: TOKEN, worker: fakeWorker(), pluginPath });
    const res = await app.request('/health', { headers: auth });
    expect(res.status).toBe(200);
    const body = (await res.json()) as HealthBody;
    expect(body.worker).toEqual(STATUS);
    expect(body.node.disk).toMatchObject({ path: pluginPath });
    expect(body.node.disk.totalBytes).toBeGreaterThan(0);
    expect(body.node.load).toHaveLength(3);
    expect(body.node.cpus).toBeGreaterThan(0);
  });

  it('restarts, stops and starts the worker', async () => {
    const worker = fakeWorker();
    const app = createAgentApp({ token: TOKEN, worker, pluginPath });
    for (const action of ['restart', 'stop', 'start'] as const) {
      const res = await app.request(`/worker/${action}`, { method: 'POST', headers: auth });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ worker: STATUS });
      expect(worker[action]).toHaveBeenCalledOnce();
    }
  });

  it('maps worker control errors to JSON errors', async () => {
    const worker = fakeWorker({
      stop: async () => {
        throw new WorkerControlError('not_supported', 'plugin agent: no stopCommand is configured for this worker');
      },
      restart: async () => {
        throw new WorkerControlError('command_failed', 'plugin agent: restart command failed');
      },
    });
    const app = createAgentApp({ token: TOKEN, worker, pluginPath });
    const stop = await app.request('/worker/stop', { method: 'POST', headers: auth });
    expect(stop.status).toBe(501);
    expect(((await stop.json()) as ErrorBody).error.code).toBe('not_supported');
    const restart = await app.request('/worker/restart', { method: 'POST', headers: auth });
    expect(restart.status).toBe(502);
    expect(((await restart.json()) as ErrorBody).error.code).toBe('command_failed');
  });

  it('hides unexpected errors behind a generic 500', async () => {
    const onError = vi.fn();
    const worker = fakeWorker({ status: async () => Promise.reject(new Error('secret detail')) });
    const app = createAgentApp({ token: TOKEN, worker, pluginPath, onError });
    const res = await app.request('/health', { headers: auth });
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).not.toContain('secret detail');
    expect(onError).toHaveBeenCalled();
  });

  it('answers unknown routes with a JSON 404', async () => {
    const app = createAgentApp({ token: TOKEN, worker: fakeWorker(), pluginPath });
    const res = await app.request('/nope', { headers: auth });
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorBody).error.code).toBe('not_found');
  });
});

describe('bearerMatches', () => {
  it('accepts only the exact token', () => {
    expect(bearerMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`Bearer ${TOKEN}x`, TOKEN)).toBe(false);
    expect(bearerMatches('Bearer ', TOKEN)).toBe(false);
    expect(bearerMatches(undefined, TOKEN)).toBe(false);
  });
});

describe('readNodeHealth', () => {
  it('reads disk of the plugin path, memory, load and cpus', async () => {
    const health = await readNodeHealth(pluginPath);
    expect(health.disk.freeBytes).toBeGreaterThan(0);
    expect(health.disk.freeBytes).toBeLessThanOrEqual(health.disk.totalBytes);
    expect(health.memory.freeBytes).toBeLessThanOrEqual(health.memory.totalBytes);
    expect(health.cpus).toBeGreaterThan(0);
  });
});
