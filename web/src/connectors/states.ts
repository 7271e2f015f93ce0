// Connector and task states in the console's status vocabulary (see lib/status.ts): each state gets
// a tone, and the word Connect uses, so it never depends on colour alone.
import type { TaskCounts } from './types';
import { TASK_COUNT_STATES } from './types';

/** The lib/status.ts key whose tone a state borrows. */
const toneKeys: Record<string, string> = {
  RUNNING: 'up',
  PAUSED: 'degraded',
  STOPPED: 'disabled',
  FAILED: 'down',
  UNASSIGNED: 'degraded',
  RESTARTING: 'degraded',
};

export function stateBadge(state: string): { status: string; label: string } {
  const upper = state.toUpperCase();
  return { status: toneKeys[upper] ?? 'unknown', label: upper === 'UNKNOWN' ? 'Unknown' : capitalise(upper.toLowerCase()) };
}

/**
 * The connector's own state, unless its tasks tell something worse: a RUNNING connector whose tasks failed is
 * not running well, so the badge turns amber and says so ("Running · 1 task failed"), never a plain green.
 */
export function overallBadge(state: string, counts: TaskCounts | undefined): { status: string; label: string } {
  const own = stateBadge(state);
  const failed = counts?.failed ?? 0;
  if (state.toUpperCase() !== 'RUNNING' || failed === 0) return own;
  return { status: 'degraded', label: `${own.label} · ${failed} ${failed === 1 ? 'task' : 'tasks'} failed` };
}

export interface CountPart {
  state: (typeof TASK_COUNT_STATES)[number];
  count: number;
}

/** The non-zero task counts, failures first so they catch the eye. */
export function countParts(counts: TaskCounts): CountPart[] {
  const order = ['failed', 'running', 'paused', 'stopped', 'restarting', 'unassigned'] as const;
  return order.map((state) => ({ state, count: counts[state] ?? 0 })).filter((part) => part.count > 0);
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `org.apache.kafka.connect.file.FileStreamSourceConnector` → `FileStreamSourceConnector`. */
export function shortClass(name: string | null | undefined): string {
  if (!name) return '—';
  return name.slice(name.lastIndexOf('.') + 1);
}

/** What a user may do in each state; Connect refuses the rest with a 409 or quietly ignores it. */
export const canPause = (state: string) => state === 'RUNNING' || state === 'UNASSIGNED';
export const canResume = (state: string) => state === 'PAUSED' || state === 'STOPPED';
export const canStop = (state: string) => state !== 'STOPPED';
