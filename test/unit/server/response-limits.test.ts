// Answers from Connect workers and plugin agents are bounded: a fake endpoint that streams without end is cut off
// with an error naming the system, instead of being buffered whole.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectTransport } from '../../../server/connect/transport';
import { AgentClient, MAX_RESPONSE_BYTES } from '../../../server/delivery/agent-client';

const servers: Server[] = [];
let sent = 0;

/** Streams `total` bytes of JSON-ish filler in 64 KiB chunks, counting what it managed to send. */
async function endlessEndpoint(total: number): Promise<string> {
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  const server = createServer((_req, res: ServerResponse) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    const pump = () => {
      while (sent < total) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('error', () => {});
    pump();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  sent = 0;
  await Promise.all(servers.splice(0).map((server) => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  })));
});

describe('response size limits', () => {
  it('the Connect transport refuses an answer past its limit, naming the worker', async () => {
    const url = await endlessEndpoint(64 * 1024 * 1024);
    const transport = new ConnectTransport([url], { maxResponseBytes: 1024 * 1024 });
    const failure = await transport.call('POST', '/connectors', { idempotent: false }).then(() => undefined, (error: Error) => error);
    expect(failure?.message).toMatch(/more than 1048576 bytes/);
    expect(failure?.message).toContain(url);
    expect(sent).toBeLessThan(32 * 1024 * 1024);
  });

  it('the agent client refuses an answer past its limit, naming the agent', async () => {
    const url = await endlessEndpoint(MAX_RESPONSE_BYTES * 4);
    const agent = new AgentClient({ url, token: 't' });
    const failure = await agent.restartWorker(30_000).then(() => undefined, (error: Error) => error);
    expect(failure?.message).toMatch(new RegExp(`Plugin agent ${url}: POST /worker/restart failed: answered with more than ${MAX_RESPONSE_BYTES} bytes`));
    expect(sent).toBeLessThan(MAX_RESPONSE_BYTES * 3);
  });
});
