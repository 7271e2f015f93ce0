/**
 * Applying a desired state: plan again against the live cluster, refuse (409) when the live state is not the
 * one the reviewed plan was made against, refuse (400) when any config is invalid, then carry the changes out
 * in the plan's order through the same write paths as the REST API (validated, recorded in history, audited).
 */
import { audited } from '../audit/audited';
import type { AuditActor } from '../audit/record';
import type { ConnectServices, OpenedCluster } from '../connect/services';
import { FieldsError } from '../connect/field-errors';
import { changeState, type StateChange } from '../connectors/operate';
import { createConnector, deleteConnector, putConnector } from '../connectors/write';
import { ApiError } from '../http/errors';
import type { DesiredState } from './format';
import { fingerprintOf, planAgainst, readLive, type DesiredClusterState, type DesiredConnector, type Plan, type PlannedChange } from './plan';

export interface ApplyRequest extends DesiredClusterState {
  /** The fingerprint of the plan that was reviewed. */
  fingerprint: string;
  /** That plan's per-connector hashes: lets a refusal name what moved. */
  observed?: Record<string, string>;
}

export interface AppliedChange {
  name: string;
  action: PlannedChange['action'];
}

export interface ApplyResult {
  connect: string;
  applied: AppliedChange[];
  plan: Plan;
}

/**
 * Applies to one Connect cluster run one after another on this server, so the second sees what the first did and
 * is refused as stale rather than interleaving with it. (Servers behind one load balancer do not share this.)
 */
const applying = new Map<string, Promise<unknown>>();

export async function applyDesired(services: ConnectServices, opened: OpenedCluster, who: AuditActor, request: ApplyRequest): Promise<ApplyResult> {
  const connectId = opened.cluster.id;
  const before = applying.get(connectId) ?? Promise.resolve();
  const run = before.catch(() => undefined).then(() => applyNow(services, opened, who, request));
  applying.set(connectId, run);
  try {
    return await run;
  } finally {
    if (applying.get(connectId) === run) applying.delete(connectId);
  }
}

async function applyNow(services: ConnectServices, opened: OpenedCluster, who: AuditActor, request: ApplyRequest): Promise<ApplyResult> {
  const live = await readLive(opened, request.prefix);
  const now = fingerprintOf(services.secrets, live, request.prefix);
  if (now.fingerprint !== request.fingerprint) throw staleError(opened.cluster.id, request.observed, now.observed);
  const plan = await planAgainst(services, opened, request, live);
  const invalid = plan.changes.find((change) => change.errors?.length);
  if (invalid) {
    throw new FieldsError(400, 'invalid_config', `The config of connector "${invalid.name}" is invalid; nothing was applied (${plan.summary.invalid} invalid in all)`, invalid.errors!);
  }
  const todo = plan.changes.filter((change) => change.action !== 'noop');
  const desired = new Map(request.connectors.map((connector) => [connector.name, connector]));
  const entry = {
    action: 'gitops.apply',
    clusterId: opened.cluster.id,
    objectType: 'connect-cluster',
    objectId: opened.cluster.id,
    details: { fingerprint: request.fingerprint, prefix: request.prefix ?? null, prune: request.prune ?? false, changes: todo.map(({ name, action }) => ({ name, action })) },
  };
  const applied = await audited(services.db, who, entry, async () => {
    const done: AppliedChange[] = [];
    for (const change of todo) {
      try {
        await throughRebalances(() => carryOut(services, opened, who, change, desired.get(change.name)));
      } catch (error) {
        throw partialFailure(error, change, done, todo.length);
      }
      done.push({ name: change.name, action: change.action });
    }
    return done;
  });
  return { connect: opened.cluster.id, applied, plan };
}

async function carryOut(services: ConnectServices, opened: OpenedCluster, who: AuditActor, change: PlannedChange, desired: DesiredConnector | undefined): Promise<void> {
  const wanted = desired?.state ?? 'RUNNING';
  switch (change.action) {
    case 'create':
      await createConnector(services, opened, who, change.name, desired!.config, wanted === 'RUNNING' ? undefined : wanted);
      return;
    case 'update':
      await putConnector(services, opened, who, change.name, desired!.config);
      if (change.state) await changeState(services, opened, who, change.name, stateCall(wanted), 'plan/apply');
      return;
    case 'state':
      await changeState(services, opened, who, change.name, stateCall(wanted), 'plan/apply');
      return;
    case 'delete':
      await deleteConnector(services, opened, who, change.name);
      return;
    case 'noop':
      return;
  }
}

/**
 * The Connect client already rides out a short rebalance (about 5 s). An apply changes many connectors in a row,
 * each change starting another rebalance, and on a busy cluster one can outlast that: wait longer here rather
 * than leave the cluster half applied. Every step is idempotent or refused before it was done, so asking again is safe.
 */
const REBALANCE_WAITS_MS = [1_000, 2_000, 4_000, 8_000];

async function throughRebalances(step: () => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      const wait = REBALANCE_WAITS_MS[attempt];
      if (wait === undefined || !(error instanceof ApiError && error.status === 409 && /rebalanc/i.test(error.message))) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

function stateCall(state: DesiredState): StateChange {
  return state === 'RUNNING' ? 'resume' : state === 'PAUSED' ? 'pause' : 'stop';
}

/** 409 naming each connector that appeared, disappeared or changed since the plan (when the plan's hashes came along). */
export function staleError(connectId: string, planned: Record<string, string> | undefined, now: Record<string, string>): ApiError {
  const base = `The live state of Connect cluster "${connectId}" changed since the plan was made; nothing was applied. Plan again and review the changes`;
  if (!planned) return new ApiError(409, 'plan_stale', base);
  const names = [...new Set([...Object.keys(planned), ...Object.keys(now)])].sort();
  const moved = names.flatMap((name) => {
    if (!(name in now)) return [`${name} (deleted)`];
    if (!(name in planned)) return [`${name} (created)`];
    return planned[name] === now[name] ? [] : [`${name} (changed)`];
  });
  return new ApiError(409, 'plan_stale', moved.length > 0 ? `${base}. Moved: ${moved.join(', ')}` : base, 'fingerprint');
}

/** A failure part-way: the error keeps its status and code, and says what was already done. */
function partialFailure(error: unknown, change: PlannedChange, done: AppliedChange[], total: number): unknown {
  if (!(error instanceof ApiError)) return error;
  const progress = done.length === 0 ? 'nothing was applied before it' : `${done.length} of ${total} changes were applied before it (${done.map((item) => `${item.action} ${item.name}`).join(', ')})`;
  const wrapped = new ApiError(error.status, error.code, `${change.action} of connector "${change.name}" failed: ${error.message}; ${progress}`, error.field);
  return wrapped;
}
