/**
 * The one way to write the audit log. Write paths call `recordAudit` with the transaction that makes the
 * change, so the change and its entry commit together or not at all.
 */
import type { Db } from '../db';
import { auditLog, type ActorKind, type AuditOutcome } from '../db/tables';
import { maskSecrets, type PasswordKeys } from '../secrets/masking';

/** Who made a change and from where. */
export interface AuditActor {
  actor: string;
  actorKind: ActorKind;
  sourceIp: string | null;
}

/** Changes Connectory makes on its own (first start, local stack registration). */
export const SYSTEM_ACTOR: AuditActor = { actor: 'connectory', actorKind: 'system', sourceIp: null };

export interface AuditEntry {
  /** `<object>.<verb>`: `user.create`, `token.revoke`, `auth.login`, `connector.pause`. */
  action: string;
  clusterId?: string | null;
  objectType?: string | null;
  objectId?: string | null;
  /** What changed. Secret-looking keys (and `passwordKeys`) are masked before it is stored. */
  details?: Record<string, unknown> | null;
  passwordKeys?: PasswordKeys;
  outcome?: AuditOutcome;
}

/** A transaction, or the database itself for a change that is a single statement. */
export type AuditTx = Pick<Db, 'insert'>;

export async function recordAudit(tx: AuditTx, who: AuditActor, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actor: who.actor,
    actorKind: who.actorKind,
    sourceIp: who.sourceIp,
    action: entry.action,
    clusterId: entry.clusterId ?? null,
    objectType: entry.objectType ?? null,
    objectId: entry.objectId ?? null,
    details: entry.details ? maskSecrets(entry.details, entry.passwordKeys) : null,
    outcome: entry.outcome ?? 'success',
  });
}
