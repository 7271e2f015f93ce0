/**
 * Install operations and their steps in the database: the only state the orchestrator keeps, so a
 * server that dies mid-operation can pick it up again from here.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db';
import {
  ACTIVE_INSTALL_STATES,
  installOperations,
  installSteps,
  type AffectedConnector,
  type InstallKind,
  type InstallPrevious,
  type InstallState,
  type InstallStepKind,
  type InstallStepPhase,
  type InstallStepState,
} from '../db/tables';

export type OperationRow = typeof installOperations.$inferSelect;
export type StepRow = typeof installSteps.$inferSelect;

export interface Operation extends OperationRow {
  steps: StepRow[];
}

/** A transaction or the database. */
export type Tx = Pick<Db, 'insert' | 'select' | 'update' | 'delete'>;

export interface NewOperation {
  connectClusterId: string;
  kind: InstallKind;
  artifactSha256: string | null;
  pluginName: string;
  pluginVersion: string | null;
  requestedBy: string;
  previous: InstallPrevious;
  affectedConnectors: AffectedConnector[];
  classes: string[];
}

export interface NewStep {
  workerUrl: string;
  step: InstallStepKind;
  phase?: InstallStepPhase;
  artifactSha256?: string | null;
}

/** Inserts the operation (queued) and its steps; undefined when the cluster already has an active operation. */
export async function insertOperation(tx: Tx, operation: NewOperation, steps: NewStep[]): Promise<OperationRow | undefined> {
  const [row] = await tx.insert(installOperations).values(operation).onConflictDoNothing().returning();
  if (!row) return undefined;
  await tx.insert(installSteps).values(steps.map((step, position) => ({ operationId: row.id, position, ...step })));
  return row;
}

export async function appendSteps(tx: Tx, operationId: string, steps: NewStep[]): Promise<void> {
  const [last] = await tx
    .select({ max: sql<number | null>`max(${installSteps.position})` })
    .from(installSteps)
    .where(eq(installSteps.operationId, operationId));
  const start = (last?.max ?? -1) + 1;
  if (steps.length === 0) return;
  await tx.insert(installSteps).values(steps.map((step, i) => ({ operationId, position: start + i, ...step })));
}

export async function getOperation(db: Tx, id: string): Promise<Operation | undefined> {
  const [row] = await db.select().from(installOperations).where(eq(installOperations.id, id));
  if (!row) return undefined;
  const steps = await db.select().from(installSteps).where(eq(installSteps.operationId, id)).orderBy(asc(installSteps.position));
  return { ...row, steps };
}

export async function activeOperation(db: Tx, connectClusterId: string): Promise<OperationRow | undefined> {
  const [row] = await db
    .select()
    .from(installOperations)
    .where(and(eq(installOperations.connectClusterId, connectClusterId), inArray(installOperations.state, [...ACTIVE_INSTALL_STATES])));
  return row;
}

/** Operations a server start must carry on with. */
export async function unfinishedOperationIds(db: Tx): Promise<string[]> {
  const rows = await db
    .select({ id: installOperations.id })
    .from(installOperations)
    .where(inArray(installOperations.state, [...ACTIVE_INSTALL_STATES]))
    .orderBy(asc(installOperations.createdAt));
  return rows.map((row) => row.id);
}

export async function listOperations(db: Tx, connectClusterId: string, page: { limit: number; offset: number }): Promise<{ items: Operation[]; total: number }> {
  const rows = await db
    .select()
    .from(installOperations)
    .where(eq(installOperations.connectClusterId, connectClusterId))
    .orderBy(desc(installOperations.createdAt), desc(installOperations.id))
    .limit(page.limit)
    .offset(page.offset);
  const [count] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(installOperations)
    .where(eq(installOperations.connectClusterId, connectClusterId));
  const steps = rows.length
    ? await db
        .select()
        .from(installSteps)
        .where(inArray(installSteps.operationId, rows.map((row) => row.id)))
        .orderBy(asc(installSteps.position))
    : [];
  return { items: rows.map((row) => ({ ...row, steps: steps.filter((step) => step.operationId === row.id) })), total: count?.total ?? 0 };
}

export async function setOperationState(db: Tx, id: string, state: InstallState, fields: { error?: string | null; startedAt?: Date; finishedAt?: Date | null } = {}): Promise<void> {
  await db
    .update(installOperations)
    .set({ state, ...fields })
    .where(eq(installOperations.id, id));
}

/**
 * Claims a finished operation for a retry or a rollback: only when it is still in `from` and the
 * cluster has no other active operation (the partial unique index says no otherwise).
 */
export async function reclaimOperation(db: Tx, id: string, from: InstallState): Promise<boolean> {
  try {
    const rows = await db
      .update(installOperations)
      .set({ state: 'running', error: null, finishedAt: null })
      .where(and(eq(installOperations.id, id), eq(installOperations.state, from)))
      .returning({ id: installOperations.id });
    return rows.length > 0;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

export async function setStepState(db: Tx, operationId: string, position: number, state: InstallStepState, fields: { error?: string | null; startedAt?: Date | null; finishedAt?: Date | null } = {}): Promise<void> {
  await db
    .update(installSteps)
    .set({ state, ...fields })
    .where(and(eq(installSteps.operationId, operationId), eq(installSteps.position, position)));
}

/** A retry starts again at the failed step: it and what never ran go back to pending. */
export async function resetFailedSteps(db: Tx, operationId: string): Promise<void> {
  await db
    .update(installSteps)
    .set({ state: 'pending', error: null, startedAt: null, finishedAt: null })
    .where(and(eq(installSteps.operationId, operationId), eq(installSteps.state, 'failed')));
}

/** A rollback abandons the steps the operation never got to. */
export async function skipPendingSteps(db: Tx, operationId: string): Promise<void> {
  await db
    .update(installSteps)
    .set({ state: 'skipped' })
    .where(and(eq(installSteps.operationId, operationId), eq(installSteps.state, 'pending')));
}

/** PostgreSQL's unique_violation (23505), whether drizzle wrapped it or not. */
export function isUniqueViolation(error: unknown): boolean {
  for (let current = error as { code?: string; cause?: unknown } | undefined; current; current = current.cause as typeof current) {
    if (current.code === '23505') return true;
  }
  return false;
}
