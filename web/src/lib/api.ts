// The one way the console talks to the Connectory server: its public REST API,
// the same one pipelines use. Every failure becomes an ApiError.
import type { ApiErrorBody, FieldProblem } from '../api/types';
export type { ApiErrorBody, FieldProblem } from '../api/types';

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status; 0 when the server could not be reached at all. */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Seconds the server asked us to wait (Retry-After), on 429 and 503 answers. */
    readonly retryAfterSeconds?: number,
    /** Every bad field, when the server names several (`field` is the first of them). */
    readonly fields?: FieldProblem[],
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

/** For the few requests fetch cannot make (an upload that reports its progress goes through XMLHttpRequest). */
export function currentCsrfToken(): string | undefined {
  return csrfToken;
}

// A 401 from /api/v1 means the session ended (expired, revoked, server restarted):
// the session store listens so it can send the user to the login page.
let unauthenticatedListener: ((error: ApiError) => void) | undefined;

export function onUnauthenticated(listener: ((error: ApiError) => void) | undefined): void {
  unauthenticatedListener = listener;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const response = await send(withQuery(path, options.query), method, options);
  if (!response.ok) {
    const error = await toApiError(response);
    if (error.status === 401 && path.startsWith('/api/v1/')) unauthenticatedListener?.(error);
    throw error;
  }
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
  const retryAfter = retryAfterSeconds(response.headers.get('Retry-After'));
  if (parsed) return new ApiError(response.status, parsed.code, parsed.message, parsed.field, retryAfter, fieldProblems(parsed.fields));
  // A proxy or a server that is still starting answers without our error shape.
  const reason = response.statusText || `HTTP ${response.status}`;
  return new ApiError(response.status, `http_${response.status}`, `Connectory server answered ${reason}`, undefined, retryAfter);
}

/** Retry-After is either a number of seconds or an HTTP date. */
function retryAfterSeconds(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function fieldProblems(value: unknown): FieldProblem[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((item): item is FieldProblem => typeof item?.name === 'string' && Array.isArray(item.errors));
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

/** Any failure as an ApiError, so pages show one kind of error whatever went wrong. */
export function asApiError(cause: unknown): ApiError {
  return cause instanceof ApiError ? cause : new ApiError(0, 'unexpected', String(cause));
}
