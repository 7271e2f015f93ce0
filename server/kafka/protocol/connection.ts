import net from 'node:net';
import tls from 'node:tls';
import { pickVersion, type BrokerApiVersions, type KafkaApi } from './api';
import { ApiVersions } from './apis/api-versions';
import { decodeResponse, encodeRequest, responseCorrelationId } from './header';
import { authenticateSasl, type SaslCredentials } from './sasl';
import { kafkaErrorName } from './errors';
import { VERSION } from '../../version';

export interface BrokerEndpoint {
  host: string;
  port: number;
}

export interface ConnectionSettings {
  clientId: string;
  /** TLS options, or true for TLS with the system's CAs. */
  tls?: tls.ConnectionOptions | boolean;
  sasl?: SaslCredentials;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
}

/** The broker could not be reached, hung up, or did not answer in time. */
export class KafkaConnectionError extends Error {
  constructor(readonly endpoint: BrokerEndpoint, message: string, options?: ErrorOptions) {
    super(`Kafka broker ${endpoint.host}:${endpoint.port}: ${message}`, options);
    this.name = 'KafkaConnectionError';
  }
}

interface Pending {
  decode(payload: Buffer): unknown;
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** Far above any response the console asks for (Fetch is capped at a few MB); a bigger size prefix is corruption. */
const MAX_FRAME_BYTES = 256 * 1024 * 1024;
const CLIENT_SOFTWARE = { clientSoftwareName: 'connectory', clientSoftwareVersion: VERSION };

/**
 * One TCP (or TLS) connection to one broker: length-prefixed frames, requests pipelined and matched to responses
 * by correlation id. Opening it negotiates versions (ApiVersions) and authenticates (SASL) before any request.
 * The socket keeps the process alive only while a request is in flight, so an idle pooled connection never
 * holds up a CLI or a test run.
 */
export class BrokerConnection {
  readonly #socket: net.Socket;
  readonly #pending = new Map<number, Pending>();
  #versions: BrokerApiVersions = new Map();
  #nextCorrelationId = 1;
  #chunks: Buffer[] = [];
  #buffered = 0;
  #closedBecause: Error | undefined;
  readonly #closeListeners: (() => void)[] = [];

  private constructor(readonly endpoint: BrokerEndpoint, readonly settings: ConnectionSettings, socket: net.Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => this.#receive(chunk));
    socket.on('error', (error) => this.#fail(new KafkaConnectionError(endpoint, socketErrorMessage(error), { cause: error })));
    socket.on('close', () => this.#fail(new KafkaConnectionError(endpoint, 'connection closed by the broker')));
    socket.unref();
  }

  static async open(endpoint: BrokerEndpoint, settings: ConnectionSettings): Promise<BrokerConnection> {
    const socket = await connectSocket(endpoint, settings);
    const connection = new BrokerConnection(endpoint, settings, socket);
    try {
      await connection.#negotiateVersions();
      if (settings.sasl) await authenticateSasl(connection, settings.sasl);
      return connection;
    } catch (error) {
      connection.close();
      throw error;
    }
  }

  get versions(): BrokerApiVersions {
    return this.#versions;
  }

  get isOpen(): boolean {
    return this.#closedBecause === undefined;
  }

  onClose(listener: () => void): void {
    this.#closeListeners.push(listener);
  }

  /** Sends a request at the highest version both sides speak (or the one given) and decodes its response. */
  request<Req, Res>(api: KafkaApi<Req, Res>, request: Req, options: { version?: number; timeoutMs?: number } = {}): Promise<Res> {
    if (this.#closedBecause) return Promise.reject(this.#closedBecause);
    const version = options.version ?? pickVersion(api as KafkaApi<unknown, unknown>, this.#versions);
    const correlationId = this.#nextCorrelationId;
    this.#nextCorrelationId = (this.#nextCorrelationId % 0x7ffffffe) + 1;
    const frame = encodeRequest(api, version, correlationId, this.settings.clientId, request);
    const timeoutMs = options.timeoutMs ?? this.settings.requestTimeoutMs;
    return new Promise<Res>((resolve, reject) => {
      const timer = setTimeout(() => {
        // A late answer could still arrive, but a broker this slow is not one to keep pipelining into.
        this.#fail(new KafkaConnectionError(this.endpoint, `${api.name} v${version}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(correlationId, {
        decode: (payload) => decodeResponse(api, version, payload),
        resolve: resolve as (value: unknown) => void,
        reject,
        timer,
      });
      this.#socket.ref();
      this.#socket.write(frame);
    });
  }

  close(): void {
    this.#fail(new KafkaConnectionError(this.endpoint, 'connection closed'));
  }

  async #negotiateVersions(): Promise<void> {
    let response = await this.request(ApiVersions, CLIENT_SOFTWARE, { version: ApiVersions.maxVersion });
    if (response.errorCode === 35) {
      const brokerMax = response.apiKeys.get(ApiVersions.key)?.max ?? 0;
      response = await this.request(ApiVersions, CLIENT_SOFTWARE, { version: Math.min(brokerMax, ApiVersions.maxVersion) });
    }
    if (response.errorCode !== 0) {
      throw new KafkaConnectionError(this.endpoint, `ApiVersions failed: ${kafkaErrorName(response.errorCode)}`);
    }
    this.#versions = response.apiKeys;
  }

  #receive(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    while (this.#buffered >= 4) {
      const head = this.#chunks[0]!.length >= 4 ? this.#chunks[0]! : Buffer.concat(this.#chunks);
      const size = head.readInt32BE(0);
      if (size < 4 || size > MAX_FRAME_BYTES) {
        this.#fail(new KafkaConnectionError(this.endpoint, looksLikeTls(head) && !this.settings.tls
          ? 'the broker answered with TLS: this is a TLS (SSL or SASL_SSL) listener; turn TLS on for this cluster'
          : `response frame of ${size} bytes: not a Kafka broker, or a corrupt stream`));
        return;
      }
      if (this.#buffered < size + 4) return;
      const all = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks, this.#buffered);
      const rest = all.subarray(size + 4);
      this.#chunks = rest.length > 0 ? [rest] : [];
      this.#buffered = rest.length;
      this.#dispatch(all.subarray(4, size + 4));
    }
  }

  #dispatch(payload: Buffer): void {
    const pending = this.#pending.get(responseCorrelationId(payload));
    if (!pending) return; // answer to a request that already failed
    this.#pending.delete(responseCorrelationId(payload));
    clearTimeout(pending.timer);
    if (this.#pending.size === 0) this.#socket.unref();
    try {
      pending.resolve(pending.decode(payload));
    } catch (error) {
      pending.reject(error as Error);
    }
  }

  #fail(error: Error): void {
    if (this.#closedBecause) return;
    this.#closedBecause = error;
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.#pending.clear();
    this.#socket.destroy();
    for (const listener of this.#closeListeners) listener();
  }
}

/** A TLS record (handshake or alert, version 3.x) where a Kafka size prefix was expected. */
function looksLikeTls(head: Buffer): boolean {
  return (head[0] === 0x15 || head[0] === 0x16) && head[1] === 0x03;
}

function connectSocket(endpoint: BrokerEndpoint, settings: ConnectionSettings): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const secure = settings.tls !== undefined && settings.tls !== false;
    const tlsOptions = typeof settings.tls === 'object' ? settings.tls : {};
    const servername = net.isIP(endpoint.host) ? undefined : endpoint.host;
    const socket = secure
      ? tls.connect({ ...tlsOptions, host: endpoint.host, port: endpoint.port, servername })
      : net.connect({ host: endpoint.host, port: endpoint.port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new KafkaConnectionError(endpoint, `no connection within ${settings.connectTimeoutMs} ms`));
    }, settings.connectTimeoutMs);
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      socket.setNoDelay(true);
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(new KafkaConnectionError(endpoint, socketErrorMessage(error, secure), { cause: error }));
    });
  });
}

/** Node's TLS verification codes that mean "this certificate is not signed by a CA we trust". */
const UNTRUSTED_CERT_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_SIGNATURE_FAILURE',
]);

/**
 * What a socket or TLS failure means for someone registering a cluster, instead of OpenSSL's text (which names
 * source files and alert numbers): an untrusted or expired broker certificate, a name mismatch, a client
 * certificate the broker refused, or TLS spoken to a listener that does not.
 */
export function socketErrorMessage(error: Error, secure = true): string {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (UNTRUSTED_CERT_CODES.has(code)) {
    return `TLS: the broker's certificate is not trusted (${error.message}); set the CA certificate that signed it`;
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return `TLS: the broker's certificate is not valid now (${error.message})`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `TLS: the broker's certificate does not name this host (${error.message})`;
  if (/ALERT_(BAD_CERTIFICATE|CERTIFICATE_UNKNOWN|CERTIFICATE_REQUIRED|UNKNOWN_CA|HANDSHAKE_FAILURE|ACCESS_DENIED)$/.test(code)) {
    const alert = code.replace(/^ERR_SSL_(SSLV3|TLSV1|TLSV13)_ALERT_/, '').toLowerCase().replace(/_/g, ' ');
    return `TLS: the broker refused the handshake (alert "${alert}"): the listener requires a client certificate it trusts (mutual TLS); set the client certificate and key`;
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG') {
    return 'TLS: the listener does not speak TLS (turn TLS off for this cluster, or use its TLS port)';
  }
  if (secure && code === 'ECONNRESET') return 'TLS: the broker closed the connection during the handshake (does the listener speak TLS?)';
  return error.message;
}
