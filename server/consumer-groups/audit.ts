import { recordAudit, type AuditActor, type AuditEntry } from '../audit/record';
import type { Db } from '../db';

/**
 * Runs a change made in Kafka and records it in the audit log: success, or failure with the reason before the
 * error goes on to the caller. The change lives in Kafka, not in our database: no transaction to share, so the
 * entry is written in the same code path right after.
 */
export async function audited<T>(db: Db, who: AuditActor, entry: AuditEntry, change: () => Promise<T>, details?: (result: T) => Record<string, unknown>): Promise<T> {
  let result: T;
  try {
    result = await change();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await recordAudit(db, who, { ...entry, outcome: 'failure', details: { ...entry.details, error: reason } }).catch(() => {});
    throw error;
  }
  await recordAudit(db, who, { ...entry, details: { ...entry.details, ...details?.(result) } });
  return result;
}
