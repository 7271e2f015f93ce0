import { recordAudit, type AuditActor, type AuditEntry } from '../audit/record';
import type { Db } from '../db';
import { ApiError } from '../http/errors';

/**
 * Runs a change made on a Kafka cluster and records it in the audit log: a success entry when it worked, a
 * failure entry with the reason when Kafka refused it. Kafka is not our database, so there is no transaction to
 * share; the entry is written in the same code path, right after the change. Run it inside askKafka, so it sees
 * Kafka's errors before they become HTTP errors.
 */
export async function auditedKafkaChange<T>(
  db: Db,
  who: AuditActor,
  entry: AuditEntry,
  change: () => Promise<T>,
  outcomeDetails?: (result: T) => Record<string, unknown>,
): Promise<T> {
  let result: T;
  try {
    result = await change();
  } catch (error) {
    // Connectory's own refusals (validation, 404, confirmation) come before any change: nothing to record.
    if (!(error instanceof ApiError)) {
      const reason = error instanceof Error ? error.message : String(error);
      await recordAudit(db, who, { ...entry, outcome: 'failure', details: { ...entry.details, error: reason } }).catch(() => {});
    }
    throw error;
  }
  await recordAudit(db, who, { ...entry, details: { ...entry.details, ...outcomeDetails?.(result) } });
  return result;
}
