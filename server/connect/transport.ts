/**
 * HTTP to the workers of one Connect cluster, with failover. Built on node:http(s) rather than fetch: it needs
 * a custom CA for https workers, and it must know whether a failed request ever reached the worker, because
 * only a request that surely did not may be sent again when it is not idempotent.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { ConnectError, ConnectUnreachableError, ConnectWorkerError, type FailedAttempt } from './errors';

export interface TransportTls {
  /** PEM of the CA that signed the workers' certificates. */
  ca?: string;
  rejectUnauthorized?: boolean;
}

export interface TransportOptions {
  /** Sent with every request, e.g. `{ Authorization: 'Basic …' }`. */
  headers?: Record<string, string>;
  tls?: TransportTls;
  /** Per-request bound unless a call sets its own. */
  timeoutMs?: number;
  /** Largest answer read from a worker; MAX_RESPONSE_BYTES unless set. */
  maxResponseBytes?: number;
}

export interface CallOptions {
  /** JSON body. */
  body?: unknown;
  /**
   * Safe to send twice (GET, PUT of a whole config, pause…). Idempotent calls fail over to the next worker on
   * any failure that looks like a dead worker; the others only when the request never left this process.
   */
  idempotent: boolean;
  timeoutMs?: number;
}

/** A worker's answer, before it is read as success or error. */
export interface WorkerAnswer {
  workerUrl: string;
  status: number;
  text: string;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
/**
 * A worker's answer is held in memory whole, so it is bounded: a listing of thousands of connectors with their
 * status and config is a few MiB; a misbehaving (or hostile) endpoint must not make the server buffer without end.
 */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** Pauses before asking again while the cluster rebalances (about 5 s in all). */
const REBALANCE_RETRY_DELAYS_MS = [300, 700, 1_500, 2_500];
/** A lone worker gets a second chance for idempotent calls after this pause. */
const SINGLE_WORKER_RETRY_DELAY_MS = 250;

export class ConnectTransport {
  readonly workerUrls: readonly string[];
  readonly #headers: Record<string, string>;
  readonly #tls: TransportTls | undefined;
  readonly #timeoutMs: number;
  readonly #maxResponseBytes: number;
  /** The worker that answered last: asked first next time, so a dead worker costs one failover, not one per call. */
  #preferred = 0;

  constructor(workerUrls: readonly string[], options: TransportOptions = {}) {
    if (workerUrls.length === 0) throw new Error('Kafka Connect client: at least one worker URL is needed');
    this.workerUrls = workerUrls.map(withoutTrailingSlash);
    this.#headers = { Accept: 'application/json', ...options.headers };
    this.#tls = options.tls;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#maxResponseBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  }

  /**
   * Asks the cluster: the preferred worker first, then the others as the failure allows. An idempotent call
   * that meets a rebalance (409, or a 500 saying a rebalance is expected) is asked again a few times, briefly:
   * rebalances follow every connector change and usually end within a second.
   */
  async call(method: string, path: string, options: CallOptions): Promise<WorkerAnswer> {
    for (let retry = 0; ; retry++) {
      const answer = await this.#failover(method, path, options);
      const delay = REBALANCE_RETRY_DELAYS_MS[retry];
      if (!options.idempotent || delay === undefined || !isRebalancing(answer)) return answer;
      await sleep(delay);
    }
  }

  async #failover(method: string, path: string, options: CallOptions): Promise<WorkerAnswer> {
    const request = `${method} ${path}`;
    const attempts: FailedAttempt[] = [];
    const order = this.#attemptOrder(options.idempotent);
    for (const [position, index] of order.entries()) {
      const workerUrl = this.workerUrls[index]!;
      if (position > 0 && order[position - 1] === index) await sleep(SINGLE_WORKER_RETRY_DELAY_MS);
      let answer: WorkerAnswer;
      try {
        answer = await this.#send(workerUrl, method, path, options);
      } catch (error) {
        const failure = error as SendFailure;
        attempts.push({ workerUrl, reason: failure.reason });
        if (failure.delivered && !options.idempotent) throw new ConnectUnreachableError(request, attempts, { cause: error });
        continue;
      }
      if (options.idempotent && looksLikeDeadWorker(answer)) {
        attempts.push({ workerUrl, reason: `answered ${answer.status}: ${summary(answer.text)}` });
        continue;
      }
      this.#preferred = index;
      return answer;
    }
    throw new ConnectUnreachableError(request, attempts);
  }

  /** Asks one named worker, without failover (per-worker views: version, plugins). */
  async callWorker(workerUrl: string, method: string, path: string, options: Omit<CallOptions, 'idempotent'> = {}): Promise<WorkerAnswer> {
    const base = withoutTrailingSlash(workerUrl);
    try {
      return await this.#send(base, method, path, options);
    } catch (error) {
      throw new ConnectWorkerError(base, `${method} ${path} failed: ${(error as SendFailure).reason}`, undefined, { cause: error });
    }
  }

  #attemptOrder(idempotent: boolean): number[] {
    const count = this.workerUrls.length;
    const order = Array.from({ length: count }, (_, i) => (this.#preferred + i) % count);
    return idempotent && count === 1 ? [0, 0] : order;
  }

  #send(workerUrl: string, method: string, path: string, options: { body?: unknown; timeoutMs?: number }): Promise<WorkerAnswer> {
    const headers: Record<string, string> = { ...this.#headers };
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return sendOnce(workerUrl, method, path, { headers, body, timeoutMs: options.timeoutMs ?? this.#timeoutMs, tls: this.#tls, maxResponseBytes: this.#maxResponseBytes });
  }
}

/** Reads a worker's answer: parsed JSON on success, a ConnectError with the worker's own message otherwise. */
export function readAnswer<T>(answer: WorkerAnswer, request: string): T {
  if (answer.status < 200 || answer.status >= 300) {
    throw new ConnectError(answer.workerUrl, answer.status, connectMessage(answer), request);
  }
  if (answer.text.trim() === '') return undefined as T;
  try {
    return JSON.parse(answer.text) as T;
  } catch (error) {
    throw new ConnectError(answer.workerUrl, answer.status, `not JSON: ${summary(answer.text)}`, request, { cause: error });
  }
}

/** Connect answers errors as `{error_code, message}`; anything else (a proxy's page) is summarised. */
export function connectMessage(answer: WorkerAnswer): string {
  const parsed = connectErrorBody(answer.text);
  return parsed?.message ?? (summary(answer.text) || `HTTP ${answer.status}`);
}

function connectErrorBody(text: string): { error_code: number; message: string } | undefined {
  try {
    const parsed = JSON.parse(text) as { error_code?: unknown; message?: unknown };
    if (typeof parsed.message === 'string') return { error_code: Number(parsed.error_code), message: parsed.message };
  } catch {
    // not JSON
  }
  return undefined;
}

/**
 * A 5xx that did not come from a live Connect worker: a gateway or proxy in front of a dead one (502/503/504),
 * or a 500 without Connect's JSON error body. A live worker's own 500 (a task error, a failed forward) is its
 * answer and is passed on.
 */
function looksLikeDeadWorker(answer: WorkerAnswer): boolean {
  if (answer.status === 502 || answer.status === 503 || answer.status === 504) return true;
  return answer.status >= 500 && connectErrorBody(answer.text) === undefined;
}

/** Connect refuses requests during a rebalance: 409 in older versions, a 500 RebalanceNeededException in newer ones. */
function isRebalancing(answer: WorkerAnswer): boolean {
  if (answer.status === 409) return true;
  return answer.status === 500 && /rebalance/i.test(connectErrorBody(answer.text)?.message ?? '');
}

function summary(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** Why one request failed, and whether the worker may have received it. */
class SendFailure extends Error {
  constructor(readonly reason: string, readonly delivered: boolean, options?: ErrorOptions) {
    super(reason, options);
    this.name = 'SendFailure';
  }
}

interface SendInit {
  headers: Record<string, string>;
  body: string | undefined;
  timeoutMs: number;
  tls: TransportTls | undefined;
  maxResponseBytes: number;
}

/** One request to one worker. Rejects with a SendFailure; an HTTP error status is an answer, not a failure. */
function sendOnce(workerUrl: string, method: string, path: string, init: SendInit): Promise<WorkerAnswer> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(`${workerUrl}${path}`);
    } catch {
      reject(new SendFailure(`invalid URL ${workerUrl}${path}`, false));
      return;
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    let delivered = false;
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action();
    };
    const fail = (reason: string, cause?: unknown) => settle(() => reject(new SendFailure(reason, delivered, { cause })));
    // A fresh connection per request (agent: false): a reused keep-alive socket the worker already closed would
    // fail a request after it was "delivered", and non-idempotent calls could not be retried.
    const req = send(
      target,
      { method, headers: init.headers, agent: false, ca: init.tls?.ca, rejectUnauthorized: init.tls?.rejectUnauthorized ?? true },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= init.maxResponseBytes) return void chunks.push(chunk);
          fail(`answered with more than ${init.maxResponseBytes} bytes`);
          req.destroy();
        });
        res.on('end', () => settle(() => resolve({ workerUrl, status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') })));
        res.on('error', (error) => fail(socketReason(error), error));
      },
    );
    const timer = setTimeout(() => {
      fail(`no answer within ${init.timeoutMs} ms`);
      req.destroy();
    }, init.timeoutMs);
    req.on('socket', (socket: Socket) => {
      if (!socket.connecting) delivered = true;
      else socket.once('connect', () => (delivered = true));
    });
    req.on('error', (error) => fail(socketReason(error), error));
    req.end(init.body);
  });
}

/** Node's TLS verification codes that mean "this certificate is not signed by a CA we trust". */
const UNTRUSTED_CERT_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

/** Socket and TLS failures in words someone registering a cluster can act on, keeping Node's code and text. */
function socketReason(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  const raw = code && !error.message.startsWith(code) ? `${code} (${error.message})` : error.message;
  if (code && UNTRUSTED_CERT_CODES.has(code)) return `TLS: the worker's certificate is not trusted, ${raw}; set the CA certificate that signed it`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `TLS: the worker's certificate does not name this host, ${raw}`;
  if (code === 'CERT_HAS_EXPIRED') return `TLS: the worker's certificate has expired, ${raw}`;
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER') return `TLS: the worker does not serve https on this port (use an http:// URL), ${raw}`;
  if (code?.startsWith('HPE_')) return `the answer is not HTTP (does the worker serve https? use an https:// URL), ${raw}`;
  return raw;
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
