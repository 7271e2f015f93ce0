import { spawn, type SpawnOptions } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StackProcess } from './types';
import { sleep } from './wait';

export interface DetachedSpec {
  name: string;
  command: string;
  args: string[];
  logFile: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  uid?: number;
  gid?: number;
}

/**
 * Starts a service in its own process group with output appended to its log file, so it outlives
 * the launcher and `down` can stop it and everything it spawned by signalling the group.
 */
export function spawnDetached(spec: DetachedSpec): StackProcess {
  mkdirSync(dirname(spec.logFile), { recursive: true });
  const out = openSync(spec.logFile, 'a');
  writeSync(out, `\n=== ${new Date().toISOString()} starting ${spec.name}: ${describeCommand(spec.command, spec.args)}\n`);
  try {
    const options: SpawnOptions = {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      detached: true,
      stdio: ['ignore', out, out],
      ...(spec.uid !== undefined ? { uid: spec.uid } : {}),
      ...(spec.gid !== undefined ? { gid: spec.gid } : {}),
    };
    const child = spawn(spec.command, spec.args, options);
    if (child.pid === undefined) throw new Error(`cannot start ${spec.name}: ${spec.command} did not spawn`);
    child.on('error', () => {}); // liveness is judged from /proc, not from this handle
    child.unref();
    return { name: spec.name, pid: child.pid, startTicks: startTicksOf(child.pid) ?? 0 };
  } finally {
    closeSync(out);
  }
}

/** A classpath of a hundred jars would drown the log tail shown on failure. */
function describeCommand(command: string, args: string[]): string {
  const shown = args.map((a) => (a.length > 200 ? `${a.slice(0, 80)}…(${a.split(':').length} entries)` : a));
  return [command, ...shown].join(' ');
}

interface ProcStat {
  state: string;
  pgid: number;
  startTicks: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name is in parentheses and may contain spaces: parse after the last ')'
    const fields = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '?', pgid: Number(fields[2]), startTicks: Number(fields[19]) };
  } catch {
    return undefined;
  }
}

function startTicksOf(pid: number): number | undefined {
  return readStat(pid)?.startTicks;
}

/** Alive means running (not a zombie) and, when known, the very process we started. */
export function isAlive(proc: StackProcess): boolean {
  const stat = readStat(proc.pid);
  if (!stat || stat.state === 'Z' || stat.state === 'X') return false;
  return !proc.startTicks || stat.startTicks === proc.startTicks;
}

/** Live (non-zombie) members of a process group. */
export function groupMembers(pgid: number): number[] {
  if (!existsSync('/proc')) return [];
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat && stat.pgid === pgid && stat.state !== 'Z' && stat.state !== 'X') members.push(Number(entry));
  }
  return members;
}

function signal(target: number, sig: NodeJS.Signals): void {
  try {
    process.kill(target, sig);
  } catch {
    // already gone
  }
}

async function waitGroupGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (groupMembers(pgid).length === 0) return true;
    await sleep(200);
  }
  return groupMembers(pgid).length === 0;
}

/**
 * Graceful first: `stopSignal` to the group leader only (an agent must stop its worker itself,
 * postgres wants SIGINT for a fast shutdown), then SIGTERM to the group, then SIGKILL.
 */
export async function stopProcess(
  proc: StackProcess,
  { stopSignal = 'SIGTERM', timeoutMs = 30_000 }: { stopSignal?: NodeJS.Signals; timeoutMs?: number } = {},
): Promise<void> {
  const pgid = proc.pid; // spawned detached: the leader's pid is the group id
  if (isAlive(proc)) signal(proc.pid, stopSignal);
  if (await waitGroupGone(pgid, timeoutMs)) return;
  signal(-pgid, 'SIGTERM');
  if (await waitGroupGone(pgid, 5_000)) return;
  signal(-pgid, 'SIGKILL');
  if (!(await waitGroupGone(pgid, 5_000))) {
    throw new Error(`process group ${pgid} (${proc.name}) survived SIGKILL`);
  }
}

/**
 * The launcher may run inside vitest or tsx: their loader options must not leak into the
 * services (a JVM ignores them, but a Node agent would load them).
 */
export function serviceEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key === 'NODE_OPTIONS' || key.startsWith('VITEST') || key.startsWith('TSX')) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/** Runs a one-off command (initdb, a format tool, mvn) to completion with output appended to a log. */
export function runToLog(
  command: string,
  args: string[],
  opts: { logFile: string; env?: NodeJS.ProcessEnv; cwd?: string; uid?: number; gid?: number },
): Promise<number | null> {
  mkdirSync(dirname(opts.logFile), { recursive: true });
  const out = openSync(opts.logFile, 'a');
  return new Promise<number | null>((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', out, out],
      env: opts.env ?? serviceEnv(),
      ...(opts.cwd ? { cwd: opts.cwd } : {}),
      ...(opts.uid !== undefined ? { uid: opts.uid } : {}),
      ...(opts.gid !== undefined ? { gid: opts.gid } : {}),
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  }).finally(() => closeSync(out));
}
