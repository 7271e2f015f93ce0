import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import type { WorkerProcessSpec } from './config';
import { probeRest, type WorkerControl, type WorkerExit, type WorkerState, type WorkerStatus } from './worker-control';

export interface SupervisorOptions {
  spec: WorkerProcessSpec;
  restUrl: string;
  /** Worker stdout/stderr are appended here; without it they are discarded. */
  logFile?: string;
  stopTimeoutMs: number;
  backoff: { initialMs: number; maxMs: number };
  probeIntervalMs: number;
  probe?: (restUrl: string) => Promise<boolean>;
  onEvent?: (event: string, detail: Record<string, unknown>) => void;
}

/** The agent's own secret and config are none of the worker's business. */
function workerEnv(): NodeJS.ProcessEnv {
  const { AGENT_TOKEN: _token, AGENT_CONFIG: _config, ...inherited } = process.env;
  return inherited;
}

/** A worker that stays up this long is considered healthy again, so backoff starts over. */
const STABLE_UPTIME_MS = 60_000;

/**
 * Runs the worker command as a child of the agent (same process group, so whoever stops the
 * agent's group stops the worker too), restarts it with exponential backoff when it exits on its
 * own, and stops it with SIGTERM, then SIGKILL after stopTimeoutMs.
 */
export class ProcessSupervisor implements WorkerControl {
  private child: ChildProcess | undefined;
  private desired: 'running' | 'stopped' = 'stopped';
  private state: WorkerState = 'stopped';
  private spawns = 0;
  private consecutiveFailures = 0;
  private spawnedAt = 0;
  private restReachable = false;
  private lastExit: WorkerExit | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private readonly probeTimer: NodeJS.Timeout;
  private exitWaiters: (() => void)[] = [];
  private readonly probe: (restUrl: string) => Promise<boolean>;

  constructor(private readonly opts: SupervisorOptions) {
    this.probe = opts.probe ?? ((url) => probeRest(url));
    this.probeTimer = setInterval(() => void this.refreshReachability(), opts.probeIntervalMs);
    this.probeTimer.unref();
  }

  async status(): Promise<WorkerStatus> {
    await this.refreshReachability();
    return {
      state: this.state,
      ...(this.child?.pid !== undefined ? { pid: this.child.pid } : {}),
      restarts: Math.max(0, this.spawns - 1),
      restUrl: this.opts.restUrl,
      restReachable: this.restReachable,
      ...(this.lastExit ? { lastExit: this.lastExit } : {}),
    };
  }

  async start(): Promise<void> {
    this.desired = 'running';
    this.clearRestartTimer();
    if (!this.child) this.spawnWorker();
  }

  async stop(): Promise<void> {
    this.desired = 'stopped';
    this.clearRestartTimer();
    const child = this.child;
    if (!child) {
      this.state = 'stopped';
      return;
    }
    const exited = this.waitForExit();
    this.emit('stopping', { workerPid: child.pid });
    child.kill('SIGTERM');
    const killTimer = setTimeout(() => {
      this.emit('kill', { workerPid: child.pid, afterMs: this.opts.stopTimeoutMs });
      child.kill('SIGKILL');
    }, this.opts.stopTimeoutMs);
    await exited;
    clearTimeout(killTimer);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async close(): Promise<void> {
    clearInterval(this.probeTimer);
    await this.stop();
  }

  private spawnWorker(): void {
    const { command, args, env, cwd } = this.opts.spec;
    const out = this.opts.logFile ? openSync(this.opts.logFile, 'a') : 'ignore';
    try {
      const child = spawn(command, args, {
        cwd,
        env: { ...workerEnv(), ...env },
        stdio: ['ignore', out, out],
      });
      this.child = child;
      this.spawns += 1;
      this.spawnedAt = Date.now();
      this.state = 'starting';
      this.restReachable = false;
      child.once('exit', (code, signal) => this.onExit(child, code, signal));
      // a command that cannot be spawned at all (ENOENT, EACCES) never emits 'exit'
      child.once('error', (err) => {
        if (child.pid === undefined) this.onExit(child, null, null, err.message);
      });
      this.emit('spawned', { workerPid: child.pid, command });
    } finally {
      if (typeof out === 'number') closeSync(out);
    }
  }

  private onExit(child: ChildProcess, code: number | null, signal: string | null, error?: string): void {
    if (child !== this.child) return;
    this.child = undefined;
    this.restReachable = false;
    const expected = this.desired === 'stopped';
    this.lastExit = { code, signal, at: new Date().toISOString(), expected, ...(error ? { error } : {}) };
    this.emit('exit', { workerPid: child.pid, code, signal, expected, ...(error ? { error } : {}) });
    const waiters = this.exitWaiters;
    this.exitWaiters = [];
    waiters.forEach((resolve) => resolve());
    if (expected) {
      this.state = 'stopped';
      return;
    }
    this.state = 'down';
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    if (Date.now() - this.spawnedAt >= STABLE_UPTIME_MS) this.consecutiveFailures = 0;
    const { initialMs, maxMs } = this.opts.backoff;
    const delayMs = Math.min(maxMs, initialMs * 2 ** this.consecutiveFailures);
    this.consecutiveFailures += 1;
    this.emit('restart-scheduled', { delayMs });
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.desired === 'running' && !this.child) this.spawnWorker();
    }, delayMs);
  }

  private clearRestartTimer(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
  }

  private waitForExit(): Promise<void> {
    return new Promise((resolve) => this.exitWaiters.push(resolve));
  }

  private async refreshReachability(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const reachable = await this.probe(this.opts.restUrl);
    if (child !== this.child) return;
    this.restReachable = reachable;
    if (reachable && this.state === 'starting') {
      this.state = 'running';
      this.emit('running', { workerPid: child.pid });
    }
  }

  private emit(event: string, detail: Record<string, unknown>): void {
    this.opts.onEvent?.(event, detail);
  }
}
