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
