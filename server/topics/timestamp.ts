import { ApiError } from '../http/errors';

/** Milliseconds since the epoch, from either milliseconds or an ISO 8601 date-time. */
export function parseTimestamp(text: string, field = 'timestamp'): number {
  const trimmed = text.trim();
  const value = /^\d+$/.test(trimmed) ? Number(trimmed) : Date.parse(trimmed);
  if (!Number.isFinite(value)) {
    throw ApiError.badRequest(`"${text}" is neither milliseconds since the epoch nor an ISO 8601 date-time`, field);
  }
  return value;
}
