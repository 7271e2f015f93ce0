import { recordAudit, type AuditActor, type AuditEntry } from '../audit/record';
import type { Db } from '../db';

/**
 * Runs a change made on a Connect cluster and records it in the audit log: a success entry when it worked, a
 * failure entry (with the reason) when it did not, before the error goes on to the caller. The change lives in
 * Connect, not in our database, so there is no transaction to share; the entry is written in the same code path.
 */
export async function audited<T>(db: Db, who: AuditActor, entry: AuditEntry, change: () => Promise<T>, details?: (result: T) => Record<string, unknown>): Promise<T> {
  let result: T;
  try {
    result = await change();
  } catch (error) {
    // The caller must learn why the change failed, even if the failure could not be recorded.
    await recordFailure(db, who, entry, error).catch(() => {});
    throw error;
  }
  await recordAudit(db, who, { ...entry, details: { ...entry.details, ...details?.(result) } });
  return result;
}

export async function recordFailure(db: Db, who: AuditActor, entry: AuditEntry, error: unknown): Promise<void> {
  const reason = error instanceof Error ? error.message : String(error);
  await recordAudit(db, who, { ...entry, outcome: 'failure', details: { ...entry.details, error: reason } });
}
