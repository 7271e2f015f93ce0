// Shapes of the plugin delivery API (/api/v1/connect/{c}/installs, /api/v1/installs/{id}).

export type OperationKind = 'install' | 'upgrade' | 'uninstall';
export type OperationState = 'queued' | 'running' | 'succeeded' | 'failed' | 'rolled_back';
/** `push` includes the agent's checksum check and extraction; `remove` is an uninstall's push. */
export type StepKind = 'push' | 'extract' | 'restart' | 'verify' | 'remove';
export type StepState = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';
export type StepPhase = 'apply' | 'rollback';

export interface OperationStep {
  position: number;
  /** The worker's URL. */
  worker: string;
  step: StepKind;
  phase: StepPhase;
  state: StepState;
  error?: string;
  artifactSha256?: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface AffectedConnector {
  name: string;
  class: string;
  state: string;
}

export interface Operation {
  id: string;
  connectId: string;
  kind: OperationKind;
  state: OperationState;
  plugin: string;
  version: string | null;
  artifactSha256: string | null;
  requestedBy: string;
  error?: string;
  affectedConnectors: AffectedConnector[];
  /** Each worker's artifact under the plugin's name before (null: none): what a rollback restores. */
  previous: Record<string, string | null>;
  classes: string[];
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  steps: OperationStep[];
}

/** The create answer: the queued operation, and a warning when connectors use the plugin. */
export interface AcceptedOperation extends Operation {
  warning?: string;
}

export interface OperationPage {
  items: Operation[];
  total: number;
}

export type InstallSource = { catalog: { id: string; version: string } } | { artifact: string; name?: string };

export const FINISHED: readonly OperationState[] = ['succeeded', 'failed', 'rolled_back'];

export const isFinished = (operation: Pick<Operation, 'state'>) => FINISHED.includes(operation.state);
