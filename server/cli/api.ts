/** The CLI's one client for Connectory's REST API: `CONNECTORY_URL` and `CONNECTORY_TOKEN`, JSON in and out. */

export class CliApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly field?: string,
    readonly fields?: { name: string; errors: string[] }[],
  ) {
    super(message);
    this.name = 'CliApiError';
  }
}

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
}

export function apiClient(env: Readonly<Record<string, string | undefined>>, fetchImpl: typeof fetch = fetch): ApiClient {
  const base = env.CONNECTORY_URL?.replace(/\/+$/, '');
  const token = env.CONNECTORY_TOKEN;
  if (!base) throw new CliApiError('CONNECTORY_URL is not set: point it at the Connectory server (http://host:8080)', 0, 'config');
  if (!token) throw new CliApiError('CONNECTORY_TOKEN is not set: create an API token with the operator role (POST /api/v1/tokens)', 0, 'config');
  const send = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let response: Response;
    try {
      response = await fetchImpl(`${base}/api/v1${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new CliApiError(`Cannot reach Connectory at ${base}: ${(error as Error).cause ?? (error as Error).message}`, 0, 'unreachable');
    }
    const text = await response.text();
    const parsed = parseJson(text);
    if (!response.ok) {
      const error = (parsed as { error?: { code?: string; message?: string; field?: string; fields?: { name: string; errors: string[] }[] } } | undefined)?.error;
      throw new CliApiError(error?.message ?? `HTTP ${response.status} from ${method} ${path}`, response.status, error?.code ?? 'http_error', error?.field, error?.fields);
    }
    return parsed as T;
  };
  return { get: (path) => send('GET', path), post: (path, body) => send('POST', path, body) };
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
