// Failover rules of the Connect transport, with fake workers for the faults (refused, dead-worker 5xx, rebalance).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectUnreachableError } from '../../../server/connect/errors';
import { ConnectTransport, readAnswer } from '../../../server/connect/transport';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const servers: Server[] = [];

async function fakeWorker(handler: Handler): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const server = createServer((req, res) => {
    hits++;
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits };
}

async function closedUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

const json = (status: number, body: unknown): Handler => (_req, res) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

describe('ConnectTransport', () => {
  it('fails over a refused connection, for writes too, and asks the answering worker first afterwards', async () => {
    const closed = await closedUrl();
    const live = await fakeWorker(json(200, { ok: true }));
    const transport = new ConnectTransport([closed, live.url]);
    const answer = await transport.call('POST', '/connectors/x/restart', { idempotent: false });
    expect(answer).toMatchObject({ workerUrl: live.url, status: 200 });
    await transport.call('GET', '/connectors', { idempotent: true });
    expect(live.hits()).toBe(2);
  });

  it("fails over a proxy's 503 and a 500 without Connect's body for reads, but passes on a live worker's 500", async () => {
    const proxy = await fakeWorker((_req, res) => res.writeHead(503).end('<html>down</html>'));
    const bare = await fakeWorker((_req, res) => res.writeHead(500).end('oops'));
    const live = await fakeWorker(json(500, { error_code: 500, message: 'Task threw' }));
    const answer = await new ConnectTransport([proxy.url, bare.url, live.url]).call('GET', '/connectors', { idempotent: true });
    expect(answer.workerUrl).toBe(live.url);
    expect(() => readAnswer(answer, 'GET /connectors')).toThrow(`Kafka Connect worker ${live.url}: GET /connectors answered 500: Task threw`);
  });

  it('does not fail over a dead-worker answer for a write that is not idempotent', async () => {
    const proxy = await fakeWorker((_req, res) => res.writeHead(503).end('down'));
    const live = await fakeWorker(json(204, {}));
    const answer = await new ConnectTransport([proxy.url, live.url]).call('POST', '/connectors/x/restart', { idempotent: false });
    expect(answer.status).toBe(503);
    expect(live.hits()).toBe(0);
  });

  it('asks again while the cluster rebalances, only for idempotent calls', async () => {
    let calls = 0;
    const worker = await fakeWorker((req, res) => {
      calls++;
      if (calls <= 2) json(500, { error_code: 500, message: 'Request cannot be completed because a rebalance is expected' })(req, res);
      else json(200, { done: true })(req, res);
    });
    const transport = new ConnectTransport([worker.url]);
    expect((await transport.call('POST', '/connectors/x/restart', { idempotent: false })).status).toBe(500);
    expect((await transport.call('PUT', '/connectors/x/pause', { idempotent: true })).status).toBe(200);
    expect(calls).toBe(3);
  });

  it('passes on a 409 once the rebalance retries are spent', async () => {
    const worker = await fakeWorker(json(409, { error_code: 409, message: 'Cannot complete request because of a conflicting operation (e.g. worker rebalance)' }));
    const started = Date.now();
    const answer = await new ConnectTransport([worker.url]).call('GET', '/connectors/x', { idempotent: true });
    expect(answer.status).toBe(409);
    expect(Date.now() - started).toBeGreaterThan(4_000);
  }, 15_000);

  it('names every worker and its reason when none answers', async () => {
    const [a, b] = [await closedUrl(), await closedUrl()];
    const error = await new ConnectTransport([a, b]).call('GET', '/connectors', { idempotent: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectUnreachableError);
    expect((error as ConnectUnreachableError).attempts.map((attempt) => attempt.workerUrl)).toEqual([a, b]);
    expect((error as Error).message).toMatch(/^Kafka Connect: no worker answered GET \/connectors \(.*ECONNREFUSED.*\)$/);
  });

  it('sends JSON bodies and the configured headers', async () => {
    let seen: { body: string; auth?: string; type?: string } | undefined;
    const worker = await fakeWorker((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen = { body, auth: req.headers.authorization, type: req.headers['content-type'] };
        json(200, {})(req, res);
      });
    });
    await new ConnectTransport([`${worker.url}/`], { headers: { Authorization: 'Basic eDp5' } }).call('PUT', '/connectors/x/config', {
      idempotent: true,
      body: { a: '1' },
    });
    expect(seen).toEqual({ body: '{"a":"1"}', auth: 'Basic eDp5', type: 'application/json' });
  });
});
