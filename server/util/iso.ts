/** Timestamps leave the API as ISO 8601 strings; absent ones as null. */
export function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}
