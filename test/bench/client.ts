// A signed-in Connectory server process for benchmarks: the real server, over HTTP, with an admin API token.
import { createTestDatabase } from '../support/db';
import { startServer, type RunningServer } from '../support/server';
import { STACK_FILE } from '../stack/paths';

export interface BenchServer {
  server: RunningServer;
  /** GET a Connectory API path with the admin token; throws on a non-2xx answer. */
  get(path: string): Promise<unknown>;
  /** POST a JSON body to a Connectory API path with the admin token; throws on a non-2xx answer. */
  post(path: string, body: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

export async function startBenchServer(env: Record<string, string> = {}): Promise<BenchServer> {
  const database = await createTestDatabase();
  const server = await startServer({ DATABASE_URL: database.url, CONNECTORY_LOCAL_STACK: STACK_FILE, LOG_LEVEL: 'warn', ...env });
  try {
    const token = await adminToken(server);
    const get = async (path: string) => {
      const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      if (!response.ok) throw new Error(`Connectory ${path}: HTTP ${response.status} ${await response.text()}`);
      return response.json();
    };
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`Connectory ${path}: HTTP ${response.status} ${await response.text()}`);
      return response.json();
    };
    return { server, get, post, stop: async () => { await server.stop(); await database.drop(); } };
  } catch (error) {
    await server.stop();
    await database.drop();
    throw error;
  }
}

async function adminToken(server: RunningServer): Promise<string> {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(server.admin),
  });
  if (!login.ok) throw new Error(`Connectory login: HTTP ${login.status}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const created = await fetch(`${server.url}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ name: `bench-${Date.now()}`, role: 'admin' }),
  });
  if (!created.ok) throw new Error(`Connectory token: HTTP ${created.status} ${await created.text()}`);
  return ((await created.json()) as { token: string }).token;
}
