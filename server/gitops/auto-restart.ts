/**
 * A connector's own auto-restart policy as part of its desired state. Absent in the files: not managed (whatever
 * policy the connector has is left alone). `null`: the connector has no policy of its own and follows the
 * cluster's default. A policy: exactly that one. Only the connector's own policy is compared, never the cluster
 * default it may inherit, so exporting and applying again changes nothing.
 */
import type { AuditActor } from '../audit/record';
import type { Db } from '../db';
import type { AutoRestartPolicy } from '../connectors/auto-restart/policy';
import { removePolicy, setPolicy } from '../connectors/auto-restart/service';
import type { FieldChange } from './plan';

/** undefined: not managed; null: no policy of its own. */
export type DesiredAutoRestart = AutoRestartPolicy | null | undefined;

export interface PlannedAutoRestart {
  /** added: the connector gets its own policy; removed: it follows the cluster's default again. */
  change: FieldChange['change'];
  /** Keys `enabled`, `maxRestarts`, `backoffUnitSeconds`, `backoffScheduleSeconds`. */
  fields: FieldChange[];
}

const KEYS = ['enabled', 'maxRestarts', 'backoffUnitSeconds', 'backoffScheduleSeconds'] as const;

function shown(policy: AutoRestartPolicy | undefined, key: (typeof KEYS)[number]): string | undefined {
  const value = policy?.[key];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

function fieldsBetween(before: AutoRestartPolicy | undefined, after: AutoRestartPolicy | undefined): FieldChange[] {
  const fields: FieldChange[] = [];
  for (const key of KEYS) {
    const was = shown(before, key);
    const is = shown(after, key);
    if (was === is) continue;
    const change = was === undefined ? 'added' : is === undefined ? 'removed' : 'changed';
    fields.push({ key, change, ...(was !== undefined ? { before: was } : {}), ...(is !== undefined ? { after: is } : {}) });
  }
  return fields;
}

/** What apply would change in the connector's own policy; undefined when nothing. */
export function planAutoRestart(live: AutoRestartPolicy | undefined, desired: DesiredAutoRestart): PlannedAutoRestart | undefined {
  if (desired === undefined) return undefined;
  if (desired === null) return live ? { change: 'removed', fields: fieldsBetween(live, undefined) } : undefined;
  // The common case at 1,000 connectors: nothing changed, decided without building a text per field.
  if (live && samePolicy(live, desired)) return undefined;
  const fields = fieldsBetween(live, desired);
  if (fields.length === 0) return undefined;
  return { change: live ? 'changed' : 'added', fields };
}

function samePolicy(a: AutoRestartPolicy, b: AutoRestartPolicy): boolean {
  if (a.enabled !== b.enabled || a.maxRestarts !== b.maxRestarts || a.backoffUnitSeconds !== b.backoffUnitSeconds) return false;
  const x = a.backoffScheduleSeconds;
  const y = b.backoffScheduleSeconds;
  if (x === undefined || y === undefined) return x === y;
  return x.length === y.length && x.every((wait, index) => wait === y[index]);
}

/** A stable text of a policy, for the live state's fingerprint. */
export function policyText(policy: AutoRestartPolicy): string {
  return KEYS.map((key) => `${key}=${shown(policy, key) ?? ''}`).join(';');
}

/** Through the same service as `PUT`/`DELETE …/auto-restart`, so it is audited the same way. */
export async function applyAutoRestart(db: Db, who: AuditActor, connectId: string, connector: string, desired: DesiredAutoRestart): Promise<void> {
  if (desired === undefined) return;
  if (desired === null) await removePolicy(db, who, connectId, connector);
  else await setPolicy(db, who, connectId, connector, desired);
}
