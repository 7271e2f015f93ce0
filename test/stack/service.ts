import { StackError } from './errors';
import { portAnswers } from './ports';
import { isAlive } from './processes';
import { findProcess, recordProcess } from './state';
import type { StackInfo, StackProcess } from './types';
import { waitUntil } from './wait';

export interface StackContext {
  info: StackInfo;
  log: (line: string) => void;
}

export interface ServiceSpec {
  /** label in progress lines and errors */
  service: string;
  processName: string;
  ports: number[];
  logFile: string;
  /** one-off preparation before a start (configs, initdb, formatting) */
  prepare?: () => Promise<void>;
  start: () => StackProcess;
  /** a real request to the service: true when it answers as it should */
  ready: () => Promise<boolean>;
  readyTimeoutMs: number;
}

/**
 * Reuses the service when its recorded process is alive and its ports answer, starts it
 * otherwise, and waits until it answers for real. Returns whether it was started.
 */
export async function ensureService(ctx: StackContext, spec: ServiceSpec): Promise<'reused' | 'started'> {
  const existing = findProcess(ctx.info, spec.processName);
  if (existing && isAlive(existing)) {
    const answering = (await Promise.all(spec.ports.map((p) => portAnswers(p)))).every(Boolean);
    if (answering) {
      await waitReady(spec, existing);
      ctx.log(`${spec.service}: already running (pid ${existing.pid})`);
      return 'reused';
    }
    ctx.log(`${spec.service}: pid ${existing.pid} is alive but not answering yet; waiting`);
    await waitReady(spec, existing);
    return 'reused';
  }
  await spec.prepare?.();
  const proc = spec.start();
  recordProcess(ctx.info, proc);
  ctx.log(`${spec.service}: started (pid ${proc.pid}), waiting until it answers`);
  const startedAt = Date.now();
  await waitReady(spec, proc);
  ctx.log(`${spec.service}: ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  return 'started';
}

async function waitReady(spec: ServiceSpec, proc: StackProcess): Promise<void> {
  try {
    await waitUntil(spec.ready, {
      timeoutMs: spec.readyTimeoutMs,
      intervalMs: 500,
      abortIf: () => (isAlive(proc) ? undefined : `process ${proc.pid} exited`),
    });
  } catch (err) {
    throw new StackError(spec.service, (err as Error).message, spec.logFile);
  }
}
