import { ApiError } from './api';

export interface FormErrors {
  /** Messages shown at their field, by field name. */
  fields: Record<string, string>;
  /** Anything that belongs to no field of this form. */
  general?: string;
}

/**
 * Places a server error at the field it names. The server names fields as dotted
 * paths (`clusters.0`); the form knows them by their first segment.
 */
export function formErrorsFrom(cause: unknown, fieldNames: readonly string[]): FormErrors {
  if (!(cause instanceof ApiError)) return { fields: {}, general: String(cause) };
  const field = cause.field?.split('.')[0];
  if (field && fieldNames.includes(field)) return { fields: { [field]: cause.message } };
  return { fields: {}, general: cause.message };
}

export const noErrors = (): FormErrors => ({ fields: {} });
