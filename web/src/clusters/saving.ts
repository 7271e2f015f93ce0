import { ApiError } from '../lib/api';
import { formErrorsFrom, type FormErrors } from '../lib/form-errors';

export interface SaveOutcome {
  errors: FormErrors;
  /** Set when the server refused because the cluster could not be reached: the reason, to offer "save anyway". */
  unreachable?: string;
}

/** Sorts a failed save into "unreachable" (which the user may override) and errors shown at their fields. */
export function saveOutcome(cause: unknown, fieldNames: readonly string[]): SaveOutcome {
  if (cause instanceof ApiError && cause.status === 422 && cause.code === 'unreachable') {
    return { errors: { fields: {} }, unreachable: cause.message };
  }
  return { errors: formErrorsFrom(cause, fieldNames) };
}

/** "a:9092, b:9092" or one per line → ["a:9092", "b:9092"]. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((part) => part.trim())
    .filter(Boolean);
}
