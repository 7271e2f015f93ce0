// The real agent process (plugins/agent/main.ts) started with `tls` in its config, reached the way the server
// reaches it: through the registry's AgentClients with a worker's own encrypted token and the Connect cluster's CA
// and agent client certificate. Proves the agent's https wiring, not only its app.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentClients } from '../../../server/clusters/clients';
import type { ConnectWorker } from '../../../server/clusters/registry';
import { SecretBox } from '../../../server/secrets/secret-box';
import { ensureSecuredCerts, type SecuredCerts } from '../../stack/secured/certs';
import { buildJar, sha256Hex, SOURCE_CONNECTOR } from '../../support/archives';
import { waitFor } from '../../support/wait';

const TOKEN = 'worker-own-agent-token-0123456789';
const secrets = new SecretBox('agent-process-tls-test-key-0123456789');

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('the agent process over mutual TLS, through the server\'s agent clients', () => {
  const dir = mkdtempSync(join(tmpdir(), 'agent-process-tls-'));
  let certs: SecuredCerts;
  let agent: ChildProcess | undefined;
  let agentUrl: string;
  let output = '';
  const pem = (file: string) => readFileSync(file, 'utf8');
  const worker = (): ConnectWorker =>
    ({ id: 'w1', connectClusterId: 'c', url: 'http://127.0.0.1:1', agentUrl, agentTokenEnc: secrets.encrypt(TOKEN) }) as ConnectWorker;

  beforeAll(async () => {
    certs = ensureSecuredCerts(join(dir, 'certs'));
    const port = await freePort();
    agentUrl = `https://127.0.0.1:${port}`;
    const pluginPath = join(dir, 'plugins');
    mkdirSync(pluginPath, { recursive: true });
    const config = {
      listen: { host: '127.0.0.1', port },
      token: TOKEN,
      restUrl: 'http://127.0.0.1:1',
      pluginPath,
      restartCommand: { command: 'true' },
      tls: { certFile: join(certs.dir, 'broker.pem'), keyFile: join(certs.dir, 'broker.key'), clientCaFile: certs.caPem },
    };
    writeFileSync(join(dir, 'agent.json'), JSON.stringify(config));
    const { NODE_OPTIONS: _ignored, ...env } = process.env;
    agent = spawn(process.execPath, ['--import', 'tsx', join(process.cwd(), 'plugins', 'agent', 'main.ts')], {
      env: { ...env, AGENT_CONFIG: join(dir, 'agent.json'), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    agent.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    agent.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(
      () => {
        if (output.includes('listening on https://')) return true;
        throw new Error(`${agent?.exitCode === null ? 'still starting' : `exited with ${agent?.exitCode}`}; it wrote: ${output.slice(-800)}`);
      },
      { what: 'the agent to listen on https', timeoutMs: 60_000, intervalMs: 200 },
    );
  }, 120_000);

  afterAll(() => {
    if (agent?.pid) agent.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('says it requires a client certificate, and serves a client that presents one', async () => {
    expect(output).toContain('(https, client certificate required)');
    const clients = new AgentClients(secrets);
    const cluster = { tls: { caPem: pem(certs.caPem), agentCertPem: pem(certs.clientCertPem), agentKeyPemEnc: secrets.encrypt(pem(certs.clientKeyPem)) } };
    const client = clients.get(worker(), cluster)!;
    const jar = await buildJar({ services: { [SOURCE_CONNECTOR]: ['io.example.process.Connector'] } });
    await client.pushPlugin('process-example', Readable.from([jar]), { sha256: sha256Hex(jar), filename: 'process-example.jar', timeoutMs: 30_000 });
    expect((await client.listPlugins()).map((plugin) => plugin.installed?.sha256)).toEqual([sha256Hex(jar)]);
  });

  it('refuses a client without the client certificate', async () => {
    const clients = new AgentClients(secrets);
    await expect(clients.get(worker(), { tls: { caPem: pem(certs.caPem) } })!.listPlugins()).rejects.toThrow(/^Plugin agent https:\/\/127\.0\.0\.1:\d+: GET \/plugins failed: /);
  });
});
