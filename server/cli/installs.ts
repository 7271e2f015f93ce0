/**
 * Following a plugin install from the CLI: polls `GET /api/v1/installs/{id}` and reports each worker step as it
 * changes (push, restart, verify, one worker at a time), so a pipeline log shows where a slow install is.
 */
import type { ApiClient } from './api';

export interface InstallStep {
  position: number;
  worker: string;
  step: string;
  phase: string;
  state: string;
  error?: string;
}

export interface InstallOperation {
  id: string;
  state: 'queued' | 'running' | 'succeeded' | 'failed' | 'rolled_back';
  plugin: string;
  error?: string;
  steps: InstallStep[];
}

const POLL_MS = 1_000;
/** A worker restart with a rebalance takes tens of seconds; a whole install on many workers far longer. */
const GIVE_UP_MS = 30 * 60_000;

export async function followInstall(
  api: ApiClient,
  started: InstallOperation,
  report: (line: string) => unknown,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<InstallOperation> {
  const seen = new Map<number, string>();
  const deadline = Date.now() + GIVE_UP_MS;
  let operation = started;
  for (;;) {
    const total = operation.steps.length;
    for (const step of operation.steps) {
      if (seen.get(step.position) === step.state || step.state === 'pending') continue;
      seen.set(step.position, step.state);
      const rollback = step.phase === 'rollback' ? ' (rollback)' : '';
      report(`[${step.position + 1}/${total}] ${step.worker}: ${step.step}${rollback} ${step.state}${step.error ? `: ${step.error}` : ''}`);
    }
    if (operation.state !== 'queued' && operation.state !== 'running') return operation;
    if (Date.now() > deadline) throw new Error(`install operation ${operation.id} still ${operation.state} after ${GIVE_UP_MS / 60_000} minutes; follow it with GET /api/v1/installs/${operation.id}`);
    await sleep(POLL_MS);
    operation = await api.get<InstallOperation>(`/installs/${encodeURIComponent(operation.id)}`);
  }
}
