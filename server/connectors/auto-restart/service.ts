/** Reading and changing auto-restart policies and states for the API; every change is audited with it. */
import { recordAudit, type AuditActor } from '../../audit/record';
import type { Db } from '../../db';
import type { RestartState } from './decide';
import { backoffSchedule, DEFAULT_POLICY, effectivePolicy, type AutoRestartPolicy } from './policy';
import { CLUSTER_DEFAULT, clearState, deletePolicy, readPolicy, readState, writePolicy } from './store';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

function stateView(state: RestartState | undefined) {
  return {
    restarts: state?.restarts ?? 0,
    lastRestartAt: iso(state?.lastRestartAt ?? null),
    nextTryAt: iso(state?.nextTryAt ?? null),
    gaveUp: Boolean(state?.gaveUpAt),
    gaveUpAt: iso(state?.gaveUpAt ?? null),
    runningSince: iso(state?.runningSince ?? null),
  };
}

export async function connectorAutoRestart(db: Db, connectId: string, connector: string) {
  const [own, clusterDefault, state] = await Promise.all([
    readPolicy(db, connectId, connector),
    readPolicy(db, connectId, CLUSTER_DEFAULT),
    readState(db, connectId, connector),
  ]);
  const { policy, source } = effectivePolicy(own, clusterDefault);
  return { connectId, connector, source, policy, scheduleSeconds: backoffSchedule(policy), state: stateView(state) };
}

export async function clusterAutoRestart(db: Db, connectId: string) {
  const policy = await readPolicy(db, connectId, CLUSTER_DEFAULT);
  const effective = policy ?? DEFAULT_POLICY;
  return { connectId, source: policy ? ('cluster' as const) : ('default' as const), policy: effective, scheduleSeconds: backoffSchedule(effective) };
}

const entry = (connectId: string, connector: string, action: string, details: Record<string, unknown>) =>
  connector === CLUSTER_DEFAULT
    ? { action, clusterId: connectId, objectType: 'connect-cluster', objectId: connectId, details }
    : { action, clusterId: connectId, objectType: 'connector', objectId: connector, details };

/** `connector` '' sets the cluster's default. */
export async function setPolicy(db: Db, who: AuditActor, connectId: string, connector: string, policy: AutoRestartPolicy): Promise<void> {
  await db.transaction(async (tx) => {
    await writePolicy(tx, connectId, connector, policy, who.actor);
    await recordAudit(tx, who, entry(connectId, connector, 'auto-restart.policy.update', { ...policy }));
  });
}

/** The connector follows the cluster's default again. */
export async function removePolicy(db: Db, who: AuditActor, connectId: string, connector: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const removed = await deletePolicy(tx, connectId, connector);
    if (removed) await recordAudit(tx, who, entry(connectId, connector, 'auto-restart.policy.delete', {}));
    return removed;
  });
}

/** Forgets the count and a "gave up": the next failure is restarted at once, up to the maximum again. */
export async function resetState(db: Db, who: AuditActor, connectId: string, connector: string, reason?: string): Promise<void> {
  await db.transaction(async (tx) => {
    const state = await readState(tx, connectId, connector);
    await clearState(tx, connectId, connector);
    await recordAudit(tx, who, entry(connectId, connector, 'auto-restart.reset', { restarts: state?.restarts ?? 0, gaveUp: Boolean(state?.gaveUpAt), ...(reason ? { reason } : {}) }));
  });
}
