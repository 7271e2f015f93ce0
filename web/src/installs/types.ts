// Shapes of the plugin delivery API (/api/v1/connect/{c}/installs, /api/v1/installs/{id}).
import type { Operation, OperationState } from '../api/types';
export type { AcceptedOperation, AffectedConnector, InstallSource, Operation, OperationKind, OperationPage, OperationState, OperationStep, StepKind, StepPhase, StepState } from '../api/types';

export const FINISHED: readonly OperationState[] = ['succeeded', 'failed', 'rolled_back'];

export const isFinished = (operation: Pick<Operation, 'state'>) => FINISHED.includes(operation.state);
