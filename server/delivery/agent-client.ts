/**
 * The server's side of the plugin agent's HTTP API (plugins/agent): push an archive, remove a plugin,
 * restart the worker, list plugin.path, the node's health. Every error names the agent and what was asked.
 */
import { Readable } from 'node:stream';
import { archiveSignature } from '../../plugins/agent/auth';
import type { NodeHealth } from '../../plugins/agent/node-health';
import type { WorkerStatus } from '../../plugins/agent/worker-control';
import type { WorkerTopics } from '../../plugins/agent/worker-topics';
import { tlsFetch, type AgentTls } from './tls-fetch';

export interface AgentHealth {
  node: NodeHealth;
  /** The worker process as the agent supervising it sees it; absent from agents that do not say. */
  worker?: Pick<WorkerStatus, 'state' | 'restarts'>;
  /** The worker's internal topics, from its properties file; absent from agents that do not know it. */
  topics?: WorkerTopics;
}

export interface AgentPluginMarker {
  name: string;
  sha256: string;
  size: number;
  filename: string | null;
  installedAt: string;
}

/** One entry of the agent's `GET /plugins` (plugins/agent/plugin-store.ts InstalledPlugin). */
export interface AgentPlugin {
  name: string;
  layout: 'directory' | 'jar';
  sizeBytes: number;
  classes: {
    connectors: { class: string; type: string }[];
    converters: string[];
    headerConverters: string[];
    transforms: string[];
    predicates: string[];
    configProviders: string[];
  };
  installed: AgentPluginMarker | null;
  warnings: string[];
}

export class AgentError extends Error {
  override name = 'AgentError';
  constructor(
    readonly agentUrl: string,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(`Plugin agent ${agentUrl}: ${message}`, options);
  }
}

export interface AgentClientOptions {
  url: string;
  token: string;
  /** For an agent serving https with its own CA, or requiring a client certificate (mutual TLS). */
  tls?: AgentTls;
  fetch?: typeof fetch;
}

const LIST_TIMEOUT_MS = 30_000;
/** The agent answers with small JSON (a plugin listing is a few KiB per plugin): anything past this is refused, not buffered. */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
/** The agent stops the worker (up to its own stop timeout, 30 s by default) before starting it again. */
const RESTART_TIMEOUT_MS = 120_000;

export class AgentClient {
  readonly url: string;
  readonly #token: string;
  readonly #fetch: typeof fetch;

  constructor(options: AgentClientOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.#token = options.token;
    this.#fetch = options.fetch ?? (options.tls ? tlsFetch(options.tls) : fetch);
  }

  async listPlugins(): Promise<AgentPlugin[]> {
    const body = await this.#call<{ plugins: AgentPlugin[] }>('GET', '/plugins', { timeoutMs: LIST_TIMEOUT_MS });
    return body.plugins;
  }

  /**
   * Streams the archive; the agent checks the digest's signature (made with this worker's token) before reading
   * the body, checks the sha256 while streaming, unpacks into staging and swaps it into plugin.path.
   */
  async pushPlugin(name: string, archive: Readable, options: { sha256: string; filename: string; timeoutMs: number }): Promise<void> {
    const query = new URLSearchParams({ filename: options.filename });
    await this.#call('PUT', `/plugins/${encodeURIComponent(name)}?${query}`, {
      timeoutMs: options.timeoutMs,
      headers: {
        'X-Sha256': options.sha256,
        'X-Archive-Signature': archiveSignature(this.#token, name, options.sha256, options.filename),
        'Content-Type': 'application/octet-stream',
      },
      body: Readable.toWeb(archive) as ReadableStream<Uint8Array>,
    });
  }

  /** Idempotent: a plugin already gone is fine. */
  async removePlugin(name: string): Promise<void> {
    try {
      await this.#call('DELETE', `/plugins/${encodeURIComponent(name)}`, { timeoutMs: LIST_TIMEOUT_MS });
    } catch (error) {
      if (error instanceof AgentError && error.status === 404) return;
      throw error;
    }
  }

  async restartWorker(timeoutMs = RESTART_TIMEOUT_MS): Promise<void> {
    await this.#call('POST', '/worker/restart', { timeoutMs });
  }

  /** `GET /health` (the dashboard's view of the worker's host); errors read "plugin agent <url>: <why>". */
  async health(timeoutMs: number): Promise<AgentHealth> {
    let response: Response;
    try {
      response = await this.#fetch(`${this.url}/health`, { headers: { Authorization: `Bearer ${this.#token}` }, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message;
      throw new Error(`plugin agent ${this.url}: ${reason}`);
    }
    const body = (await response.json().catch(() => undefined)) as { node?: NodeHealth; worker?: WorkerStatus; topics?: WorkerTopics; error?: { message?: string } } | undefined;
    if (!response.ok) throw new Error(`plugin agent ${this.url}: HTTP ${response.status}${body?.error?.message ? ` (${body.error.message})` : ''}`);
    if (!body?.node) throw new Error(`plugin agent ${this.url}: the health answer has no node section`);
    const health: AgentHealth = { node: body.node };
    if (body.worker) health.worker = { state: body.worker.state, restarts: body.worker.restarts };
    if (body.topics) health.topics = body.topics;
    return health;
  }

  async #call<T>(method: string, path: string, options: { timeoutMs: number; headers?: Record<string, string>; body?: ReadableStream<Uint8Array> }): Promise<T> {
    const what = `${method} ${path.split('?')[0]}`;
    let response: Response;
    try {
      response = await this.#fetch(`${this.url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${this.#token}`, ...options.headers },
        ...(options.body ? { body: options.body, duplex: 'half' } : {}),
        signal: AbortSignal.timeout(options.timeoutMs),
      } as RequestInit);
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${options.timeoutMs / 1000} s` : describeNetworkError(error);
      throw new AgentError(this.url, `${what} failed: ${reason}`, undefined, { cause: error });
    }
    const text = await readCapped(response, MAX_RESPONSE_BYTES).catch((error: Error) => {
      throw new AgentError(this.url, `${what} failed: ${error.message}`, undefined, { cause: error });
    });
    if (!response.ok) throw new AgentError(this.url, `${what} answered ${response.status}: ${agentMessage(text)}`, response.status);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    // leaving the loop by throwing cancels the body: the rest is never read
    if (size > maxBytes) throw new Error(`answered with more than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function agentMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: string } };
    if (body.error?.message) return body.error.message;
  } catch {
    // not JSON
  }
  return text.slice(0, 300) || '(empty body)';
}

const UNTRUSTED_CERT_CODES = new Set(['SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']);

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? '';
  if (UNTRUSTED_CERT_CODES.has(code)) return `TLS: the agent's certificate is not trusted (${code}); set the Connect cluster's CA certificate`;
  if (/ALERT_(BAD_CERTIFICATE|CERTIFICATE_REQUIRED|CERTIFICATE_UNKNOWN|UNKNOWN_CA)$/.test(code)) {
    return `TLS: the agent refused the handshake (${code}): it requires a client certificate it trusts`;
  }
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
