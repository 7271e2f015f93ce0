/**
 * Runs operations step by step, one worker at a time, writing every transition to the database
 * before and after the step so a restarted server resumes where this one stopped.
 */
import { recordAudit, SYSTEM_ACTOR } from '../audit/record';
import type { ConnectClients } from '../clusters/clients';
import { getConnectCluster } from '../clusters/registry';
import type { Db } from '../db';
import type { Logger } from '../logger';
import type { DeliveryEvents } from './events';
import { runStep, type StepDeps } from './steps';
import { getOperation, setOperationState, setStepState, unfinishedOperationIds, type Operation, type StepRow } from './store';
import { operationView, stepView } from './views';

export interface RunnerDeps extends StepDeps {
  db: Db;
  logger: Logger;
  events: DeliveryEvents;
  clients: ConnectClients;
}

const PENDING = new Set(['pending', 'running']);

export class DeliveryRunner {
  readonly #deps: RunnerDeps;
  readonly #running = new Map<string, Promise<void>>();
  #stop = new AbortController();
  /** Off while another server holds the plugin-delivery lease: that server runs every operation (see job.ts). */
  #active = true;

  constructor(deps: RunnerDeps) {
    this.#deps = deps;
  }

  /** Starts (or joins) the run of an operation in this process. Never rejects: failures land in the operation. */
  run(operationId: string): Promise<void> {
    if (!this.#active) return Promise.resolve();
    const existing = this.#running.get(operationId);
    if (existing) return existing;
    const run = this.#run(operationId)
      .catch((error: Error) => this.#deps.logger.error({ err: error, operationId }, `plugin delivery: operation ${operationId} stopped: ${error.message}`))
      .finally(() => this.#running.delete(operationId));
    this.#running.set(operationId, run);
    return run;
  }

  /** After a retry or a rollback claimed the operation again: runs it once an earlier run has wound down. */
  rerun(operationId: string): Promise<void> {
    const existing = this.#running.get(operationId);
    return existing ? existing.then(() => this.run(operationId)) : this.run(operationId);
  }

  /**
   * Carries on with every queued or running operation this process does not run yet: left by a previous
   * process, or accepted by another server while this one holds the delivery lease.
   */
  async resumeAll(): Promise<string[]> {
    if (!this.#active) return [];
    const ids = (await unfinishedOperationIds(this.#deps.db)).filter((id) => !this.#running.has(id));
    for (const id of ids) {
      this.#deps.logger.info({ operationId: id }, `plugin delivery: resuming operation ${id}`);
      void this.run(id);
    }
    return ids;
  }

  isRunning(operationId: string): boolean {
    return this.#running.has(operationId);
  }

  /** Stops waiting in verify steps; the operations stay running in the database and resume on the next start. */
  stop(): void {
    this.#stop.abort();
  }

  /** Runs operations again (this server took the delivery lease). */
  activate(): void {
    if (this.#active) return;
    this.#active = true;
    this.#stop = new AbortController();
  }

  /** Runs no more operations and resolves once the ones running stopped at a step boundary; they stay running in the database. */
  async deactivate(): Promise<void> {
    this.#active = false;
    this.#stop.abort();
    await Promise.allSettled(this.#running.values());
  }

  async #run(operationId: string): Promise<void> {
    const { db } = this.#deps;
    const stop = this.#stop.signal;
    let operation = await this.#load(operationId);
    if (operation.state === 'queued') {
      await setOperationState(db, operationId, 'running', { startedAt: new Date() });
      operation = await this.#publishOperation(operationId);
    }
    if (operation.state !== 'running') return;
    const cluster = await getConnectCluster(db, operation.connectClusterId);
    if (!cluster) return this.#fail(operation, undefined, `Connect cluster "${operation.connectClusterId}" is no longer registered`);
    const client = this.#deps.clients.get(cluster);

    for (const step of operation.steps.filter((s) => PENDING.has(s.state))) {
      if (stop.aborted) return;
      await setStepState(db, operationId, step.position, 'running', { startedAt: new Date(), finishedAt: null, error: null });
      operation = await this.#publishStep(operationId, step.position);
      const started = Date.now();
      try {
        await runStep(this.#deps, { operation, step, cluster, client, resumed: step.state === 'running' }, stop);
      } catch (error) {
        if (stop.aborted) return;
        return this.#fail(operation, step, (error as Error).message);
      }
      if (stop.aborted) return;
      await setStepState(db, operationId, step.position, 'succeeded', { finishedAt: new Date() });
      this.#deps.logger.info(
        { operationId, worker: step.workerUrl, step: step.step, phase: step.phase, ms: Date.now() - started },
        `plugin delivery: ${step.step} on ${step.workerUrl} done`,
      );
      operation = await this.#publishStep(operationId, step.position);
    }
    await this.#finish(operation);
  }

  async #load(operationId: string): Promise<Operation> {
    const operation = await getOperation(this.#deps.db, operationId);
    if (!operation) throw new Error(`Plugin delivery: no operation ${operationId}`);
    return operation;
  }

  async #finish(operation: Operation): Promise<void> {
    const rolledBack = operation.steps.some((s) => s.phase === 'rollback');
    const state = rolledBack ? 'rolled_back' : 'succeeded';
    await this.#deps.db.transaction(async (tx) => {
      await setOperationState(tx, operation.id, state, { finishedAt: new Date(), error: null });
      await recordAudit(tx, SYSTEM_ACTOR, completionEntry(operation, state));
    });
    this.#deps.logger.info({ operationId: operation.id, state }, `plugin delivery: ${operation.kind} of ${operation.pluginName} ${state}`);
    await this.#publishOperation(operation.id);
  }

  async #fail(operation: Operation, step: StepRow | undefined, message: string): Promise<void> {
    const error = step ? `${step.step} on worker ${step.workerUrl} failed: ${message}` : message;
    await this.#deps.db.transaction(async (tx) => {
      if (step) await setStepState(tx, operation.id, step.position, 'failed', { finishedAt: new Date(), error: message });
      await setOperationState(tx, operation.id, 'failed', { finishedAt: new Date(), error });
      await recordAudit(tx, SYSTEM_ACTOR, { ...completionEntry(operation, 'failed'), outcome: 'failure', details: { ...completionEntry(operation, 'failed').details, error } });
    });
    this.#deps.logger.warn({ operationId: operation.id }, `plugin delivery: ${operation.kind} of ${operation.pluginName} failed: ${error}`);
    if (step) await this.#publishStep(operation.id, step.position);
    await this.#publishOperation(operation.id);
  }

  async #publishStep(operationId: string, position: number): Promise<Operation> {
    const operation = await this.#load(operationId);
    const step = operation.steps.find((s) => s.position === position);
    if (step) this.#deps.events.publish({ type: 'step', operationId, step: stepView(step) });
    this.#deps.events.publish({ type: 'operation', operationId, operation: operationView(operation) });
    return operation;
  }

  async #publishOperation(operationId: string): Promise<Operation> {
    const operation = await this.#load(operationId);
    this.#deps.events.publish({ type: 'operation', operationId, operation: operationView(operation) });
    return operation;
  }
}

function completionEntry(operation: Operation, state: string) {
  return {
    action: `plugin.${operation.kind}.${state === 'failed' ? 'fail' : 'finish'}`,
    clusterId: operation.connectClusterId,
    objectType: 'install',
    objectId: operation.id,
    details: { plugin: operation.pluginName, version: operation.pluginVersion, state, requestedBy: operation.requestedBy },
  };
}
