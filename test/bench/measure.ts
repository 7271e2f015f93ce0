// Small, dependency-free measuring helpers shared by the benchmark scenarios.
import { readdirSync, readFileSync } from 'node:fs';

export interface Timing {
  samples: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

/** Runs `fn` `warmup` times unmeasured, then `runs` times, and summarises wall-clock latency. */
export async function timeIt(fn: () => Promise<unknown>, { runs = 50, warmup = 5 } = {}): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return summarise(times);
}

export function summarise(times: number[]): Timing {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { samples: sorted.length, p50Ms: round(at(0.5)), p95Ms: round(at(0.95)), maxMs: round(sorted.at(-1)!) };
}

/** Resident memory of a process in MiB, read from /proc (Linux). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return round(kb / 1024);
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Polls until `check` is truthy or the deadline passes; benchmarks never wait unbounded. */
export async function until<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`benchmark: timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Resident memory of the largest process in a process group (the server, not the tsx launcher), in MiB. */
export function largestRssInGroupMiB(pgid: number): number {
  let largest = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // the group id is field 5 of /proc/PID/stat; the command name (field 2) may contain spaces, so split after it
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) largest = Math.max(largest, rssMiB(Number(entry)));
    } catch {
      // the process ended while we looked
    }
  }
  return largest;
}

/**
 * Times two sides of a ratio in alternation (a, b, a, b …) so drift in the machine's load (other processes, GC,
 * a compaction on the broker) lands on both sides alike instead of on whichever ran second.
 */
export async function timeInterleaved(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  { runs = 40, warmup = 5 } = {},
): Promise<[Timing, Timing]> {
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < runs; i++) {
    // alternate which side goes first too, so neither always profits from the other's warm-up
    const order = i % 2 === 0 ? ([0, 1] as const) : ([1, 0] as const);
    for (const side of order) times[side].push(await timeOnce(side === 0 ? a : b));
  }
  return [summarise(times[0]), summarise(times[1])];
}

/**
 * The cold path: each sample of a side is the first request after that side's `idleMs` without any, long enough
 * for the server's cache (named by the caller) to have expired. The idle wait is the condition itself (time
 * passing), not a stand-in for one. Sides alternate like timeInterleaved's.
 */
export async function timeCold(sides: Array<{ run: () => Promise<unknown>; idleMs: number }>, runs: number): Promise<Timing[]> {
  const times: number[][] = sides.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (let side = 0; side < sides.length; side++) {
      await new Promise((r) => setTimeout(r, sides[side]!.idleMs));
      times[side]!.push(await timeOnce(sides[side]!.run));
    }
  }
  return times.map(summarise);
}

export async function timeOnce(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}
