// A recording HTTP receiver on a free loopback port that plays a Slack incoming webhook, Jira Cloud, Jira
// Server/Data Center and a generic webhook: it records every request and can be told to answer 500, 429 with
// Retry-After, or hang for the next requests.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from './wait';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The body parsed, when it is JSON. */
  json: any;
  at: number;
  /** What this receiver answered; absent while it hangs (or never answered). */
  status?: number;
}

export type Misbehaviour = { status: 500 } | { status: 429; retryAfterSeconds: number } | { hang: true } | { status: number; body?: string };

export class RecordingReceiver {
  readonly requests: RecordedRequest[] = [];
  readonly #queue: { how: Misbehaviour; path?: string }[] = [];
  readonly #hanging = new Set<ServerResponse>();
  #issues = 0;

  private constructor(
    readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<RecordingReceiver> {
    let receiver: RecordingReceiver | undefined;
    const server = createServer((req, res) => void receiver!.#handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiver = new RecordingReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return receiver;
  }

  /** The Slack webhook URL on this receiver (Slack's path shape). */
  get slackUrl(): string {
    return `${this.url}/services/T000/B000/secretpart`;
  }

  /** The next `times` requests (to `path` only, when given) misbehave as told, in order; then normal answers again. */
  misbehave(how: Misbehaviour, times = 1, path?: string): void {
    for (let i = 0; i < times; i++) this.#queue.push({ how, path });
  }

  on(path: string | RegExp): RecordedRequest[] {
    return this.requests.filter((r) => (typeof path === 'string' ? r.path === path : path.test(r.path)));
  }

  async waitForRequests(what: string, predicate: (requests: RecordedRequest[]) => boolean, timeoutMs = 60_000): Promise<RecordedRequest[]> {
    return waitFor(() => (predicate(this.requests) ? this.requests : undefined), { what, timeoutMs, intervalMs: 100 });
  }

  async close(): Promise<void> {
    for (const res of this.#hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
    const path = req.url ?? '/';
    const queued = this.#queue.findIndex((entry) => entry.path === undefined || entry.path === path);
    const misbehaviour = queued < 0 ? undefined : this.#queue.splice(queued, 1)[0]!.how;
    const record: RecordedRequest = { method: req.method ?? 'GET', path, headers, body, json, at: Date.now() };
    this.requests.push(record);
    res.once('finish', () => (record.status = res.statusCode));
    if (misbehaviour && 'hang' in misbehaviour) {
      this.#hanging.add(res);
      return;
    }
    if (misbehaviour) {
      const extra = 'retryAfterSeconds' in misbehaviour ? { 'retry-after': String(misbehaviour.retryAfterSeconds) } : {};
      res.writeHead(misbehaviour.status, { 'content-type': 'text/plain', ...extra }).end('body' in misbehaviour && misbehaviour.body ? misbehaviour.body : `status ${misbehaviour.status}`);
      return;
    }
    // Jira: a new issue answers its key; a comment answers its id.
    if (/^\/rest\/api\/[23]\/issue\/?$/.test(path)) {
      this.#issues++;
      const key = `OPS-${this.#issues}`;
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: String(10_000 + this.#issues), key, self: `${this.url}/rest/api/3/issue/${key}` }));
      return;
    }
    if (/^\/rest\/api\/[23]\/issue\/[^/]+\/comment$/.test(path)) {
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: String(this.requests.length) }));
      return;
    }
    // Slack answers a plain "ok"; a generic webhook anything 2xx.
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  }
}
