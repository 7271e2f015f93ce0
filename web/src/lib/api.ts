// The one way the console talks to the Connectory server: its public REST API,
// the same one pipelines use. Every failure becomes an ApiError.

export interface ApiErrorBody {
  error: { code: string; message: string; field?: string };
}

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status; 0 when the server could not be reached at all. */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  get unreachable(): boolean {
    return this.status === 0;
  }
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  method?: HttpMethod;
  body?: unknown;
  signal?: AbortSignal;
  query?: Record<string, string | number | boolean | undefined>;
}

// Cookie-authenticated writes must carry the token returned by login.
let csrfToken: string | undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const response = await send(withQuery(path, options.query), method, options);
  if (!response.ok) throw await toApiError(response);
  return (await readJson(response)) as T;
}

export const get = <T>(path: string, options?: Omit<RequestOptions, 'method' | 'body'>) =>
  api<T>(path, { ...options, method: 'GET' });
export const post = <T>(path: string, body?: unknown, options?: RequestOptions) =>
  api<T>(path, { ...options, method: 'POST', body });
export const put = <T>(path: string, body?: unknown, options?: RequestOptions) =>
  api<T>(path, { ...options, method: 'PUT', body });
export const patch = <T>(path: string, body?: unknown, options?: RequestOptions) =>
  api<T>(path, { ...options, method: 'PATCH', body });
export const del = <T>(path: string, options?: RequestOptions) =>
  api<T>(path, { ...options, method: 'DELETE' });

async function send(url: string, method: HttpMethod, options: RequestOptions): Promise<Response> {
  try {
    return await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: headersFor(method, options.body),
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (options.signal?.aborted) throw cause;
    throw new ApiError(0, 'unreachable', `Connectory server unreachable: ${describe(cause)}`);
  }
}

function headersFor(method: HttpMethod, body: unknown): Headers {
  const headers = new Headers({ Accept: 'application/json' });
  if (body !== undefined) headers.set('Content-Type', 'application/json');
  if (method !== 'GET' && csrfToken) headers.set('X-CSRF-Token', csrfToken);
  return headers;
}

function withQuery(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(response.status, 'invalid_response', 'Connectory server sent a response that is not JSON');
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  const body = await response.text().catch(() => '');
  const parsed = parseErrorBody(body);
  if (parsed) return new ApiError(response.status, parsed.code, parsed.message, parsed.field);
  // A proxy or a server that is still starting answers without our error shape.
  const reason = response.statusText || `HTTP ${response.status}`;
  return new ApiError(response.status, `http_${response.status}`, `Connectory server answered ${reason}`);
}

function parseErrorBody(text: string): ApiErrorBody['error'] | undefined {
  try {
    const value = JSON.parse(text) as Partial<ApiErrorBody> | null;
    const error = value?.error;
    if (error && typeof error.code === 'string' && typeof error.message === 'string') return error;
  } catch {
    // not JSON: handled by the caller
  }
  return undefined;
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
