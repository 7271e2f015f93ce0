/** Auto-restart policies and states in the database. The cluster's default is the row with connector name ''. */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db';
import { autoRestartPolicies, autoRestartStates } from '../../db/tables';
import type { RestartState } from './decide';
import type { AutoRestartPolicy } from './policy';

export const CLUSTER_DEFAULT = '';

type PolicyRow = typeof autoRestartPolicies.$inferSelect;

function policyOf(row: PolicyRow): AutoRestartPolicy {
  return {
    enabled: row.enabled,
    maxRestarts: row.maxRestarts,
    backoffUnitSeconds: row.backoffUnitSeconds,
    ...(row.backoffScheduleSeconds ? { backoffScheduleSeconds: row.backoffScheduleSeconds } : {}),
  };
}

/** Every policy of one cluster: its default (if set) and each connector's own. */
export async function clusterPolicies(db: Db, connectId: string): Promise<{ clusterDefault?: AutoRestartPolicy; connectors: Map<string, AutoRestartPolicy> }> {
  const rows = await db.select().from(autoRestartPolicies).where(eq(autoRestartPolicies.connectClusterId, connectId));
  const connectors = new Map<string, AutoRestartPolicy>();
  let clusterDefault: AutoRestartPolicy | undefined;
  for (const row of rows) {
    if (row.connectorName === CLUSTER_DEFAULT) clusterDefault = policyOf(row);
    else connectors.set(row.connectorName, policyOf(row));
  }
  return { clusterDefault, connectors };
}

export async function readPolicy(db: Db, connectId: string, connector: string): Promise<AutoRestartPolicy | undefined> {
  const [row] = await db
    .select()
    .from(autoRestartPolicies)
    .where(and(eq(autoRestartPolicies.connectClusterId, connectId), eq(autoRestartPolicies.connectorName, connector)));
  return row ? policyOf(row) : undefined;
}

export async function writePolicy(db: Db, connectId: string, connector: string, policy: AutoRestartPolicy, updatedBy: string): Promise<void> {
  const values = {
    enabled: policy.enabled,
    maxRestarts: policy.maxRestarts,
    backoffUnitSeconds: policy.backoffUnitSeconds,
    backoffScheduleSeconds: policy.backoffScheduleSeconds ?? null,
    updatedBy,
    updatedAt: new Date(),
  };
  await db
    .insert(autoRestartPolicies)
    .values({ connectClusterId: connectId, connectorName: connector, ...values })
    .onConflictDoUpdate({ target: [autoRestartPolicies.connectClusterId, autoRestartPolicies.connectorName], set: values });
}

/** True when there was a policy to remove. */
export async function deletePolicy(db: Db, connectId: string, connector: string): Promise<boolean> {
  const removed = await db
    .delete(autoRestartPolicies)
    .where(and(eq(autoRestartPolicies.connectClusterId, connectId), eq(autoRestartPolicies.connectorName, connector)))
    .returning({ name: autoRestartPolicies.connectorName });
  return removed.length > 0;
}

type StateRow = typeof autoRestartStates.$inferSelect;

function stateOf(row: StateRow): RestartState {
  return { restarts: row.restarts, lastRestartAt: row.lastRestartAt, nextTryAt: row.nextTryAt, gaveUpAt: row.gaveUpAt, runningSince: row.runningSince };
}

export async function clusterStates(db: Db, connectId: string): Promise<Map<string, RestartState>> {
  const rows = await db.select().from(autoRestartStates).where(eq(autoRestartStates.connectClusterId, connectId));
  return new Map(rows.map((row) => [row.connectorName, stateOf(row)]));
}

export async function readState(db: Db, connectId: string, connector: string): Promise<RestartState | undefined> {
  const [row] = await db
    .select()
    .from(autoRestartStates)
    .where(and(eq(autoRestartStates.connectClusterId, connectId), eq(autoRestartStates.connectorName, connector)));
  return row ? stateOf(row) : undefined;
}

export async function writeState(db: Db, connectId: string, connector: string, state: RestartState): Promise<void> {
  const values = { ...state, updatedAt: new Date() };
  await db
    .insert(autoRestartStates)
    .values({ connectClusterId: connectId, connectorName: connector, ...values })
    .onConflictDoUpdate({ target: [autoRestartStates.connectClusterId, autoRestartStates.connectorName], set: values });
}

/** True when there was a state to clear. */
export async function clearState(db: Db, connectId: string, connector: string): Promise<boolean> {
  const removed = await db
    .delete(autoRestartStates)
    .where(and(eq(autoRestartStates.connectClusterId, connectId), eq(autoRestartStates.connectorName, connector)))
    .returning({ name: autoRestartStates.connectorName });
  return removed.length > 0;
}
