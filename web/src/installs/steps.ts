// How an operation's flat list of steps reads on screen: per worker, in the order the server runs them.
import type { Operation, OperationKind, OperationState, OperationStep, StepKind, StepPhase, StepState } from './types';

export interface WorkerProgress {
  worker: string;
  steps: OperationStep[];
  state: StepState;
}

export const STEP_LABELS: Record<StepKind, { label: string; detail: string }> = {
  push: { label: 'Push & extract', detail: 'The agent receives the archive, checks its sha256 and unpacks it into plugin.path' },
  extract: { label: 'Extract', detail: 'The agent unpacks the archive into plugin.path' },
  remove: { label: 'Remove', detail: 'The agent removes the plugin folder from plugin.path' },
  restart: { label: 'Restart worker', detail: 'The agent restarts the worker so it loads plugin.path again' },
  verify: { label: 'Verify', detail: 'The worker rejoins its group and lists the classes on its own GET /connector-plugins' },
};

export const KIND_LABELS: Record<OperationKind, string> = { install: 'Install', upgrade: 'Upgrade', uninstall: 'Uninstall' };

/** Operation and step states in the console's status vocabulary (lib/status.ts keys). */
const STATE_TONES: Record<OperationState | StepState, { status: string; label: string }> = {
  queued: { status: 'unknown', label: 'Queued' },
  pending: { status: 'unknown', label: 'Waiting' },
  running: { status: 'degraded', label: 'Running' },
  succeeded: { status: 'up', label: 'Succeeded' },
  failed: { status: 'down', label: 'Failed' },
  skipped: { status: 'disabled', label: 'Skipped' },
  rolled_back: { status: 'disabled', label: 'Rolled back' },
};

export const stateBadge = (state: OperationState | StepState) => STATE_TONES[state] ?? { status: 'unknown', label: state };

/** Workers in the order their first step runs, each with its steps of one phase. */
export function byWorker(steps: OperationStep[], phase: StepPhase): WorkerProgress[] {
  const workers = new Map<string, OperationStep[]>();
  for (const step of [...steps].sort((a, b) => a.position - b.position)) {
    if (step.phase !== phase) continue;
    workers.set(step.worker, [...(workers.get(step.worker) ?? []), step]);
  }
  return [...workers.entries()].map(([worker, list]) => ({ worker, steps: list, state: summarise(list) }));
}

function summarise(steps: OperationStep[]): StepState {
  if (steps.some((step) => step.state === 'failed')) return 'failed';
  if (steps.some((step) => step.state === 'running')) return 'running';
  if (steps.every((step) => step.state === 'succeeded')) return 'succeeded';
  if (steps.every((step) => step.state === 'skipped')) return 'skipped';
  return steps.some((step) => step.state === 'succeeded') ? 'running' : 'pending';
}

/** Finished steps over all steps, skipped ones not counted at all. */
export function completion(operation: Operation): { done: number; total: number } {
  const counted = operation.steps.filter((step) => step.state !== 'skipped');
  return { done: counted.filter((step) => step.state === 'succeeded').length, total: counted.length };
}

export const failedStep = (operation: Operation) => operation.steps.find((step) => step.state === 'failed');

/** `http://127.0.0.1:8083` → `127.0.0.1:8083`: the scheme says nothing here. */
export const workerLabel = (url: string) => url.replace(/^https?:\/\//, '').replace(/\/$/, '');

/** Milliseconds between two instants (the second defaults to now), or undefined before the first. */
export function elapsedMs(startedAt: string | null, finishedAt: string | null, now = Date.now()): number | undefined {
  if (!startedAt) return undefined;
  const end = finishedAt ? new Date(finishedAt).getTime() : now;
  return Math.max(0, end - new Date(startedAt).getTime());
}

/** e.g. "0.4 s", "12 s", "2 min 5 s". */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const rest = seconds % 60;
  return `${Math.floor(seconds / 60)} min${rest ? ` ${rest} s` : ''}`;
}

export const shortSha = (sha: string | null | undefined) => (sha ? sha.slice(0, 12) : '—');
