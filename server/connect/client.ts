/** What `GET /` on a Kafka Connect worker answers. */
export interface ConnectWorkerInfo {
  version: string;
  commit: string;
  kafkaClusterId: string;
}

export class ConnectWorkerError extends Error {
  constructor(readonly workerUrl: string, message: string, readonly status?: number, options?: ErrorOptions) {
    super(`Kafka Connect worker ${workerUrl}: ${message}`, options);
    this.name = 'ConnectWorkerError';
  }
}

export interface ConnectClientOptions {
  /** Sent with every request, e.g. `{ Authorization: 'Basic …' }` for a secured REST API. */
  headers?: Record<string, string>;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5_000;

/** The one typed client for the Kafka Connect REST API of a Connect cluster, knowing every worker's URL. */
export class ConnectClient {
  readonly workerUrls: readonly string[];
  readonly #headers: Record<string, string>;
  readonly #timeoutMs: number;

  constructor(workerUrls: readonly string[], options: ConnectClientOptions = {}) {
    this.workerUrls = workerUrls.map(withoutTrailingSlash);
    this.#headers = { Accept: 'application/json', ...options.headers };
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async workerInfo(workerUrl: string, options: { timeoutMs?: number } = {}): Promise<ConnectWorkerInfo> {
    const body = await this.#getJson<{ version: string; commit: string; kafka_cluster_id: string }>(workerUrl, '/', options.timeoutMs);
    return { version: body.version, commit: body.commit, kafkaClusterId: body.kafka_cluster_id };
  }

  async #getJson<T>(workerUrl: string, path: string, timeoutMs = this.#timeoutMs): Promise<T> {
    const base = withoutTrailingSlash(workerUrl);
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, { headers: this.#headers, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new ConnectWorkerError(base, `GET ${path} failed: ${fetchFailure(error, timeoutMs)}`, undefined, { cause: error });
    }
    if (!response.ok) {
      throw new ConnectWorkerError(base, `GET ${path} answered ${response.status}: ${await errorMessage(response)}`, response.status);
    }
    try {
      return (await response.json()) as T;
    } catch (error) {
      throw new ConnectWorkerError(base, `GET ${path} answered with invalid JSON`, response.status, { cause: error });
    }
  }
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function fetchFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  // undici hides the socket error (ECONNREFUSED, ENOTFOUND) in `cause`.
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  const message = error instanceof Error ? error.message : String(error);
  return cause?.message ? `${message} (${cause.message})` : message;
}

/** Connect answers errors as `{error_code, message}`; anything else is summarised. */
async function errorMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON: fall through
  }
  return text.slice(0, 200) || response.statusText;
}
