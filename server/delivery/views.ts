import type { AffectedConnector, InstallKind, InstallState, InstallStepKind, InstallStepPhase, InstallStepState } from '../db/tables';
import type { Operation, StepRow } from './store';

export interface StepView {
  position: number;
  worker: string;
  step: InstallStepKind;
  phase: InstallStepPhase;
  state: InstallStepState;
  error?: string;
  /** What a push step puts on the worker (a rollback's push names the previous artifact). */
  artifactSha256?: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface OperationView {
  id: string;
  connectId: string;
  kind: InstallKind;
  state: InstallState;
  plugin: string;
  version: string | null;
  artifactSha256: string | null;
  requestedBy: string;
  error?: string;
  /** Connectors that used the plugin when the operation was asked for: they restart with their worker. */
  affectedConnectors: AffectedConnector[];
  /** Each worker's artifact under this plugin name before the operation (null: none); what a rollback restores. */
  previous: Record<string, string | null>;
  classes: string[];
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  steps: StepView[];
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function stepView(step: StepRow): StepView {
  return {
    position: step.position,
    worker: step.workerUrl,
    step: step.step,
    phase: step.phase,
    state: step.state,
    ...(step.error ? { error: step.error } : {}),
    ...(step.artifactSha256 ? { artifactSha256: step.artifactSha256 } : {}),
    startedAt: iso(step.startedAt),
    finishedAt: iso(step.finishedAt),
  };
}

export function operationView(operation: Operation): OperationView {
  return {
    id: operation.id,
    connectId: operation.connectClusterId,
    kind: operation.kind,
    state: operation.state,
    plugin: operation.pluginName,
    version: operation.pluginVersion,
    artifactSha256: operation.artifactSha256,
    requestedBy: operation.requestedBy,
    ...(operation.error ? { error: operation.error } : {}),
    affectedConnectors: operation.affectedConnectors,
    previous: operation.previous?.workers ?? {},
    classes: operation.classes,
    createdAt: operation.createdAt.toISOString(),
    startedAt: iso(operation.startedAt),
    finishedAt: iso(operation.finishedAt),
    steps: operation.steps.map(stepView),
  };
}

export const FINISHED_STATES: readonly InstallState[] = ['succeeded', 'failed', 'rolled_back'];
