import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createAgentApp } from '../../../plugins/agent/routes';
import type { WorkerControl } from '../../../plugins/agent/worker-control';
import { parseProperties, readWorkerTopics, workerPropertiesFile } from '../../../plugins/agent/worker-topics';
import { AgentClient } from '../../../server/delivery/agent-client';

const TOKEN = 'test-token-0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'agent-topics-'));
const worker: WorkerControl = {
  status: vi.fn(async () => ({ state: 'running' as const, restarts: 0, restUrl: 'http://127.0.0.1:8083', restReachable: true })),
  start: vi.fn(async () => {}),
  stop: vi.fn(async () => {}),
  restart: vi.fn(async () => {}),
  close: vi.fn(async () => {}),
};

describe("the worker's internal topics", () => {
  it('are read from Java properties, comments and separators as Java reads them', () => {
    const properties = parseProperties('# comment\n! also\nconfig.storage.topic=cfg\noffset.storage.topic: offs\nstatus.storage.topic   st \n');
    expect(Object.fromEntries(properties)).toEqual({ 'config.storage.topic': 'cfg', 'offset.storage.topic': 'offs', 'status.storage.topic': 'st' });
  });

  it("come from the worker command's .properties argument unless the config names the file", () => {
    expect(workerPropertiesFile(undefined, ['-Xmx1g', 'org.apache.kafka.connect.cli.ConnectDistributed', '/w/worker.properties'])).toBe('/w/worker.properties');
    expect(workerPropertiesFile('/etc/kafka/connect.properties', ['/w/worker.properties'])).toBe('/etc/kafka/connect.properties');
    expect(workerPropertiesFile(undefined, undefined)).toBeUndefined();
  });

  it("are in the agent's health answer, and the server's agent client reads them", async () => {
    const file = join(dir, 'worker.properties');
    writeFileSync(file, 'config.storage.topic=team-a-configs\noffset.storage.topic=team-a-offsets\nstatus.storage.topic=team-a-status\n');
    const app = createAgentApp({ token: TOKEN, worker, pluginPath: dir, workerTopics: () => readWorkerTopics(file) });
    const client = new AgentClient({ url: 'http://agent', token: TOKEN, fetch: (input, init) => Promise.resolve(app.request(String(input), init)) });
    expect((await client.health(1_000)).topics).toEqual({ configTopic: 'team-a-configs', offsetTopic: 'team-a-offsets', statusTopic: 'team-a-status' });
  });

  it('are left out of the health answer when the properties file cannot be read', async () => {
    const app = createAgentApp({ token: TOKEN, worker, pluginPath: dir, workerTopics: () => readWorkerTopics(join(dir, 'missing.properties')) });
    const res = await app.request('/health', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).not.toHaveProperty('topics');
  });
});
