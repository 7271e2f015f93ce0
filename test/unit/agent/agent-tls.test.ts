// The plugin agent's API over HTTPS with mutual TLS, through the server's own agent client: certificates made
// with openssl as the stack's secured broker makes them (test/stack/secured/certs.ts), the agent served as
// plugins/agent/main.ts serves it, an archive pushed with its signed digest. Without a trusted client certificate,
// or trusting another CA, the client fails fast with a message naming the agent and the cause.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { httpsOptions } from '../../../plugins/agent/https';
import { createAgentApp } from '../../../plugins/agent/routes';
import type { WorkerControl } from '../../../plugins/agent/worker-control';
import { AgentClient } from '../../../server/delivery/agent-client';
import { ensureSecuredCerts, type SecuredCerts } from '../../stack/secured/certs';
import { buildJar, sha256Hex, SOURCE_CONNECTOR } from '../../support/archives';

const TOKEN = 'agent-tls-test-token-0123456789';
const worker: WorkerControl = {
  status: vi.fn(async () => ({ state: 'running' as const, restarts: 0, restUrl: 'http://127.0.0.1:1', restReachable: true })),
  start: vi.fn(async () => {}),
  stop: vi.fn(async () => {}),
  restart: vi.fn(async () => {}),
  close: vi.fn(async () => {}),
};

describe('plugin agent over mutual TLS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'agent-tls-'));
  let certs: SecuredCerts;
  let server: ServerType;
  let url: string;
  const pem = (file: string) => readFileSync(file, 'utf8');
  const client = (tls: ConstructorParameters<typeof AgentClient>[0]['tls'], token = TOKEN) => new AgentClient({ url, token, ...(tls ? { tls } : {}) });
  const trusted = () => ({ ca: pem(certs.caPem), cert: pem(certs.clientCertPem), key: pem(certs.clientKeyPem) });

  beforeAll(async () => {
    certs = ensureSecuredCerts(join(dir, 'certs'));
    const pluginPath = join(dir, 'plugins');
    mkdirSync(pluginPath, { recursive: true });
    const app = createAgentApp({ token: TOKEN, worker, pluginPath });
    const tls = httpsOptions({ tls: { certFile: join(certs.dir, 'broker.pem'), keyFile: join(certs.dir, 'broker.key'), clientCaFile: certs.caPem } })!;
    server = await new Promise<ServerType>((resolve) => {
      const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0, createServer: createHttpsServer, serverOptions: tls }, () => resolve(started));
    });
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 120_000);

  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a client with a certificate signed by the configured CA, and installs a pushed archive with its signed digest', async () => {
    const agent = client(trusted());
    expect(await agent.listPlugins()).toEqual([]);
    const jar = await buildJar({ services: { [SOURCE_CONNECTOR]: ['io.example.tls.Connector'] } });
    await agent.pushPlugin('tls-example', Readable.from([jar]), { sha256: sha256Hex(jar), filename: 'tls-example.jar', timeoutMs: 30_000 });
    const plugins = await agent.listPlugins();
    expect(plugins.map((plugin) => [plugin.name, plugin.installed?.sha256])).toEqual([['tls-example', sha256Hex(jar)]]);
    expect((await agent.health(5_000)).worker).toMatchObject({ state: 'running' });
  });

  it('refuses a push from a client with another token: the digest signature does not match', async () => {
    const jar = await buildJar({ services: { [SOURCE_CONNECTOR]: ['io.example.tls.Other'] } });
    const push = client(trusted(), 'some-other-token-0123456789').pushPlugin('tls-other', Readable.from([jar]), { sha256: sha256Hex(jar), filename: 'o.jar', timeoutMs: 30_000 });
    await expect(push).rejects.toThrow(/^Plugin agent https:\/\/127\.0\.0\.1:\d+: PUT \/plugins\/tls-other answered 401/);
  });

  it('fails fast, naming the agent and the cause, without a client certificate or with an untrusted one', async () => {
    const started = Date.now();
    const withoutCert = client({ ca: pem(certs.caPem) }).listPlugins();
    await expect(withoutCert).rejects.toThrow(/^Plugin agent https:\/\/127\.0\.0\.1:\d+: GET \/plugins failed: .*(client certificate|ECONNRESET|socket)/);
    const rogue = client({ ca: pem(certs.caPem), cert: pem(certs.untrustedClientCertPem), key: pem(certs.untrustedClientKeyPem) }).listPlugins();
    await expect(rogue).rejects.toThrow(/^Plugin agent https:\/\/127\.0\.0\.1:\d+: GET \/plugins failed: /);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("fails fast when the agent's certificate is not signed by the CA the client trusts", async () => {
    const other = client({ ca: pem(certs.untrustedCaPem), cert: pem(certs.clientCertPem), key: pem(certs.clientKeyPem) }).listPlugins();
    await expect(other).rejects.toThrow(/GET \/plugins failed: TLS: the agent's certificate is not trusted \(SELF_SIGNED_CERT_IN_CHAIN\)/);
  });
});
