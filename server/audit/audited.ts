/**
 * Auditing a change made outside our database (on a Connect or Kafka cluster): there is no transaction to
 * share with the change, so the entry is written in the same code path right after it, a success entry when
 * it worked and a failure entry with the reason when it did not, before the error goes on to the caller.
 */
import type { Db } from '../db';
import { ApiError } from '../http/errors';
import { messageOf } from '../util/errors';
import { recordAudit, type AuditActor, type AuditEntry } from './record';

/**
 * Runs `change` and records it. `details` adds what the result says to the success entry. `refusedBefore`
 * picks out errors that mean nothing was tried (Connectory's own refusals): those leave no entry.
 */
export async function audited<T>(
  db: Db,
  who: AuditActor,
  entry: AuditEntry,
  change: () => Promise<T>,
  details?: (result: T) => Record<string, unknown>,
  refusedBefore?: (error: unknown) => boolean,
): Promise<T> {
  let result: T;
  try {
    result = await change();
  } catch (error) {
    if (!refusedBefore?.(error)) await recordFailure(db, who, entry, error);
    throw error;
  }
  await recordAudit(db, who, { ...entry, details: { ...entry.details, ...details?.(result) } });
  return result;
}

/**
 * For a change run inside askKafka/askConnect, where the external system's errors are not yet ApiErrors:
 * an ApiError then is Connectory refusing (validation, 404, confirmation) before the change was tried.
 */
export function isOwnRefusal(error: unknown): boolean {
  return error instanceof ApiError;
}

/** Records a failed change. Best effort: the caller must learn why the change failed even if this cannot be written. */
export async function recordFailure(db: Db, who: AuditActor, entry: AuditEntry, error: unknown): Promise<void> {
  await recordAudit(db, who, { ...entry, outcome: 'failure', details: { ...entry.details, error: messageOf(error) } }).catch(() => {});
}
