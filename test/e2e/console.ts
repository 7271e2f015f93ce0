// The setup every browser test file shares: the backend (the local stack when it is up), the built UI served
// by a real server, one Chromium for the file with a fresh page per test, and the admin signed in.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { readStack } from '../stack/state';
import type { StackInfo } from '../stack/types';
import { login, useBrowser, type BrowserPage } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';
import { assertUiBuilt, e2eBackend, type E2eBackend } from './environment';

export interface ConsoleOptions {
  /** Extra server environment, given the stack (undefined when it is not up). */
  env?: (stack: StackInfo | undefined) => Record<string, string>;
  /** Why the file's tests need the local stack: without it they are skipped, saying so. */
  needsStack?: string;
  /** Sign in as the admin before each test (the default); the sign-in tests do it themselves. */
  signIn?: boolean;
}

/** A call to the public API with the admin's cookie session, as the console makes it. */
export type ApiCall = (method: string, apiPath: string, body?: unknown) => Promise<Response>;

export interface ConsoleUnderTest {
  readonly server: RunningServer;
  /** The local stack, when it is up. */
  readonly stack: StackInfo | undefined;
  /** The server's database: the stack's PostgreSQL when it is up, else embedded PGlite. */
  readonly databaseKind: E2eBackend['databaseKind'] | undefined;
  /** This test's page and the errors it logged. */
  readonly current: BrowserPage;
  /** Signs in over the API, for setting up and cleaning up what a test is not about. */
  api(): Promise<ApiCall>;
}

/**
 * Registers the file's hooks; call once at the top level. A file's own afterAll hooks run before the server
 * stops (vitest runs after-hooks in reverse), so they can still clean up through the API.
 */
export function useConsole(options: ConsoleOptions = {}): ConsoleUnderTest {
  let backend: E2eBackend | undefined;
  let server: RunningServer | undefined;
  let stack: StackInfo | undefined;

  beforeAll(async () => {
    assertUiBuilt();
    backend = await e2eBackend();
    stack = backend.stack ? (readStack() ?? undefined) : undefined;
    server = await startServer({ ...backend.env, ...options.env?.(stack) });
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
    await backend?.dispose();
  }, 60_000);

  const browser = useBrowser(() => server?.url);

  beforeEach(async ({ skip }) => {
    if (!server) throw new Error('Browser tests: the server did not start (see the beforeAll error)');
    if (options.needsStack && !stack) skip(`the local stack is not up (no .stack/stack.json): ${options.needsStack}`);
    if (options.signIn !== false) await login(browser.current.page, server);
  }, 60_000);

  const running = (): RunningServer => {
    if (!server) throw new Error('Browser tests: the server did not start (see the beforeAll error)');
    return server;
  };
  return {
    get server() {
      return running();
    },
    get stack() {
      return stack;
    },
    get databaseKind() {
      return backend?.databaseKind;
    },
    get current() {
      return browser.current;
    },
    api: () => apiSession(running()),
  };
}

async function apiSession(server: RunningServer): Promise<ApiCall> {
  const answer = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(server.admin),
  });
  if (!answer.ok) throw new Error(`Test setup: login answered ${answer.status}`);
  const cookie = answer.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  const { csrfToken } = (await answer.json()) as { csrfToken: string };
  return (method, apiPath, body) =>
    fetch(`${server.url}${apiPath}`, {
      method,
      headers: { cookie, 'X-CSRF-Token': csrfToken, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}
