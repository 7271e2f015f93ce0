// The Connect client's failover against the real two-worker cluster: the first worker is stopped for real
// through its plugin agent, and the list still answers through the second. Fake servers appear only for faults
// a real worker cannot produce on demand (a socket that never answers, a proxy's 503 page).
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectClient, ConnectError, ConnectUnreachableError } from '../../server/connect/client';
import { agentWorker, call, connectTestApp, deleteConnectors, uniqueName, waitFor, workerServes, type ConnectTestContext } from '../support/connect';
import { readStack } from '../stack/index';

const stack = readStack();

describe.runIf(stack)('Connect client failover', () => {
  const [first, second] = stack?.connect.workers ?? [];
  let hanging: NetServer;
  let hangingUrl: string;
  const sockets = new Set<Socket>();
  let proxy: Server;
  let proxyUrl: string;
  let ctx: ConnectTestContext;
  const name = uniqueName('failover');

  beforeAll(async () => {
    // Accepts connections and never answers: a worker stuck in a long GC pause or a dead host behind a firewall.
    hanging = createNetServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
    // A reverse proxy in front of a dead worker: 503 with an HTML page, not Connect's JSON.
    proxy = createServer((_req, res) => {
      res.writeHead(503, { 'Content-Type': 'text/html' });
      res.end('<html><body>503 Service Unavailable</body></html>');
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    ctx = await connectTestApp(stack!);
    const created = await call(ctx.testApp, 'PUT', `/api/v1/connect/local/connectors/${name}`, ctx.operator, {
      config: { 'connector.class': 'FileStreamSource', file: '/dev/null', topic: uniqueName('failover-topic') },
    });
    expect(created.status).toBe(201);
  });

  afterAll(async () => {
    if (first && !(await workerServes(first.url))) {
      await agentWorker(stack!, first, 'start').catch(() => undefined);
      await waitFor('worker-1 back', async () => ((await workerServes(first.url)) ? true : undefined), { timeoutMs: 120_000 }).catch(() => undefined);
    }
    if (stack) await deleteConnectors(stack, [name]);
    await ctx?.testApp.close();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => hanging?.close(() => resolve()));
    await new Promise<void>((resolve) => proxy?.close(() => resolve()));
  });

  it('keeps listing through the second worker while the first is stopped for real', async () => {
    const client = new ConnectClient([first!.url, second!.url], { timeoutMs: 5_000 });
    // Each worker learns of a new connector from the config topic, a moment apart.
    await waitFor('the connector listed by worker-1', async () =>
      (await client.listConnectors()).some((listing) => listing.name === name) ? true : undefined,
    );

    await agentWorker(stack!, first!, 'stop');
    try {
      await waitFor('worker-1 to stop answering', async () => ((await workerServes(first!.url)) ? undefined : true), { timeoutMs: 60_000 });
      const listed = await client.listConnectors();
      expect(listed.map((listing) => listing.name)).toContain(name);
      // Through Connectory's API too: the registered `local` cluster knows both workers.
      const viaApi = await call(ctx.testApp, 'GET', `/api/v1/connect/local/connectors?q=${name}`, ctx.viewer);
      expect(viaApi.status).toBe(200);
      expect(viaApi.body.items.map((item: { name: string }) => item.name)).toEqual([name]);
      const detail = await call(ctx.testApp, 'GET', `/api/v1/connect/local/connectors/${name}`, ctx.viewer);
      expect(detail.status).toBe(200);
    } finally {
      await agentWorker(stack!, first!, 'start');
    }
    await waitFor('worker-1 to serve again', async () => ((await workerServes(first!.url)) ? true : undefined), { timeoutMs: 120_000 });
  });

  it('gives up on a worker that never answers at the per-call timeout, and asks the next one', async () => {
    const client = new ConnectClient([hangingUrl, second!.url], { timeoutMs: 600 });
    const started = Date.now();
    expect((await client.listConnectors()).map((listing) => listing.name)).toContain(name);
    expect(Date.now() - started).toBeLessThan(3_000);
    // The worker that answered is asked first from now on: no second wait.
    const again = Date.now();
    await client.listConnectors();
    expect(Date.now() - again).toBeLessThan(500);
  });

  it('never sends a restart (not idempotent) twice: a timeout after delivery is the answer', async () => {
    const client = new ConnectClient([hangingUrl, second!.url], { timeoutMs: 600, writeTimeoutMs: 600 });
    const error = await client.restartConnector(name).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectUnreachableError);
    expect((error as ConnectUnreachableError).attempts).toEqual([{ workerUrl: hangingUrl, reason: expect.stringMatching(/^no answer within \d+ ms$/) }]);
  });

  it('fails over a refused connection even for a restart, since it never reached a worker', async () => {
    const closed = `http://127.0.0.1:${await closedPort()}`;
    const client = new ConnectClient([closed, second!.url]);
    const error = await client.restartTask(uniqueName('absent'), 0).catch((e: unknown) => e);
    // The second worker answered: Connect's own 404, passed on with its status.
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).status).toBe(404);
    expect((error as ConnectError).workerUrl).toBe(second!.url);
  });

  it("fails over a proxy's 503 page for reads, and names every worker when none answers", async () => {
    expect((await new ConnectClient([proxyUrl, second!.url]).listConnectors()).length).toBeGreaterThan(0);
    const error = await new ConnectClient([proxyUrl, hangingUrl], { timeoutMs: 400 }).listConnectors().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectUnreachableError);
    expect((error as Error).message).toContain(`${proxyUrl}: answered 503`);
    expect((error as Error).message).toContain(`${hangingUrl}: no answer within 400 ms`);
  });
});

async function closedPort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
