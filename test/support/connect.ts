// Helpers for tests against the local stack's real two-worker Connect cluster: an app with the stack
// registered as `local`, callers of each role, JSON calls, bounded polling, and direct Connect/agent access.
import { randomBytes } from 'node:crypto';
import type { StackInfo } from '../stack/types';
import { createTestApp, type TestApp } from './app';
import { tokenFor } from './auth';

export type Headers = Record<string, string>;

export interface ConnectTestContext {
  testApp: TestApp;
  stack: StackInfo;
  admin: Headers;
  operator: Headers;
  viewer: Headers;
}

export async function connectTestApp(stack: StackInfo, options: { captureLogs?: boolean } = {}): Promise<ConnectTestContext> {
  const testApp = await createTestApp({ localStack: stack, captureLogs: options.captureLogs });
  const [admin, operator, viewer] = await Promise.all([tokenFor(testApp, 'admin'), tokenFor(testApp, 'operator'), tokenFor(testApp, 'viewer')]);
  return { testApp, stack, admin: admin.headers, operator: operator.headers, viewer: viewer.headers };
}

/** A connector (or topic) name no other test run uses. */
export function uniqueName(prefix: string): string {
  return `cty-it-${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

export interface JsonResponse<T = any> {
  status: number;
  body: T;
}

/** One API call through `app.request`; the body is parsed when there is one. */
export async function call<T = any>(testApp: TestApp, method: string, path: string, headers: Headers, body?: unknown): Promise<JsonResponse<T>> {
  const response = await testApp.app.request(path, {
    method,
    headers: body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Polls until `probe` returns something other than undefined, or fails after the deadline with the last seen value. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, options: { timeoutMs?: number; intervalMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 45_000);
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await sleep(options.intervalMs ?? 500);
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${last instanceof Error ? last.message : String(last)}` : ''}`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Straight to a Connect worker's REST API, as someone outside Connectory would. */
export async function connectRest(workerUrl: string, method: string, path: string, body?: unknown): Promise<JsonResponse> {
  const response = await fetch(`${workerUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: response.status, body: parsed };
}

/**
 * Deletes connectors directly on Connect, asking each worker in turn until one confirms (204) or says the
 * connector is gone (404): a rebalance or a restarting worker must not leave test connectors behind. Bounded,
 * and never fails a run.
 */
export async function deleteConnectors(stack: StackInfo, names: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const name of names) {
    for (let attempt = 0; Date.now() < deadline; attempt++) {
      const worker = stack.connect.workers[attempt % stack.connect.workers.length]!;
      const answer = await connectRest(worker.url, 'DELETE', `/connectors/${encodeURIComponent(name)}`).catch(() => undefined);
      if (answer?.status === 204 || answer?.status === 404) break;
      await sleep(500);
    }
  }
}

/** Stops or starts a worker's JVM for real, through the plugin agent that supervises it. */
export async function agentWorker(stack: StackInfo, worker: StackInfo['connect']['workers'][number], action: 'stop' | 'start'): Promise<void> {
  const response = await fetch(`${worker.agentUrl}/worker/${action}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${stack.connect.agentToken}` },
    signal: AbortSignal.timeout(60_000),
  });
  if (!response.ok) throw new Error(`Agent ${worker.agentUrl}: POST /worker/${action} answered ${response.status}: ${await response.text()}`);
}

/** True once the worker has joined the group and serves its connector list. */
export async function workerServes(workerUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${workerUrl}/connectors`, { signal: AbortSignal.timeout(3_000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}
