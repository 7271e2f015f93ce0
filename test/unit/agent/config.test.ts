import { describe, expect, it } from 'vitest';
import { parseAgentConfig } from '../../../plugins/agent/config';
import { ExternalWorker } from '../../../plugins/agent/external-worker';

const base = {
  listen: { port: 9090 },
  token: 'file-token-0123456789',
  restUrl: 'http://127.0.0.1:8083',
  pluginPath: '/tmp/plugins',
};

describe('parseAgentConfig', () => {
  it('accepts a supervised worker and fills defaults', () => {
    const config = parseAgentConfig({ ...base, worker: { command: 'java', args: ['-version'] } }, {});
    expect(config.listen.host).toBe('127.0.0.1');
    expect(config.worker).toEqual({ command: 'java', args: ['-version'], env: {} });
    expect(config.stopTimeoutMs).toBe(30_000);
    expect(config.token).toBe('file-token-0123456789');
  });

  it('prefers AGENT_TOKEN from the environment', () => {
    const config = parseAgentConfig({ ...base, restartCommand: { command: 'systemctl', args: ['restart', 'kafka-connect'] } }, {
      AGENT_TOKEN: 'env-token-0123456789',
    });
    expect(config.token).toBe('env-token-0123456789');
  });

  it('requires exactly one of worker and restartCommand', () => {
    expect(() => parseAgentConfig(base, {})).toThrow(/exactly one/);
    expect(() =>
      parseAgentConfig({ ...base, worker: { command: 'java' }, restartCommand: { command: 'systemctl' } }, {}),
    ).toThrow(/exactly one/);
  });

  it('rejects a missing or short token and names the bad field', () => {
    const { token: _token, ...noToken } = base;
    expect(() => parseAgentConfig({ ...noToken, worker: { command: 'java' } }, {})).toThrow(/bearer token/);
    expect(() => parseAgentConfig({ ...base, restUrl: 'not a url', worker: { command: 'java' } }, {})).toThrow(/restUrl/);
  });
});

describe('ExternalWorker', () => {
  const unreachable = async () => false;

  it('runs the restart command and counts restarts', async () => {
    const worker = new ExternalWorker({ restUrl: base.restUrl, restartCommand: { command: 'true', args: [] }, timeoutMs: 5_000, probe: unreachable });
    await worker.restart();
    expect(await worker.status()).toMatchObject({ state: 'down', restarts: 1, restReachable: false });
  });

  it('reports a failing restart command', async () => {
    const worker = new ExternalWorker({ restUrl: base.restUrl, restartCommand: { command: 'false', args: [] }, timeoutMs: 5_000 });
    await expect(worker.restart()).rejects.toMatchObject({ code: 'command_failed' });
  });

  it('refuses start and stop without configured commands', async () => {
    const worker = new ExternalWorker({ restUrl: base.restUrl, restartCommand: { command: 'true', args: [] }, timeoutMs: 5_000 });
    await expect(worker.stop()).rejects.toMatchObject({ code: 'not_supported' });
    await expect(worker.start()).rejects.toMatchObject({ code: 'not_supported' });
  });

  it('judges the worker by its REST API', async () => {
    const worker = new ExternalWorker({
      restUrl: base.restUrl,
      restartCommand: { command: 'true', args: [] },
      stopCommand: { command: 'true', args: [] },
      timeoutMs: 5_000,
      probe: async () => true,
    });
    expect((await worker.status()).state).toBe('running');
  });
});
