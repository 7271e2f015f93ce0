// Debezium change events as people think of them: what happened (op) to which row of which table, the row
// itself first, and the envelope's schema (JsonConverter's `schemas.enable=true`) folded away.
import type { DecodedField } from './api';

export type ChangeOp = 'c' | 'u' | 'd' | 'r' | 't' | 'm';

export const OP_LABELS: Record<ChangeOp, string> = {
  c: 'insert',
  u: 'update',
  d: 'delete',
  r: 'snapshot read',
  t: 'truncate',
  m: 'message',
};

export interface ChangeEvent {
  op: ChangeOp;
  /** The row as it is now (after), or as it was for a delete (before); null for truncate and messages. */
  row: Record<string, unknown> | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** `db.table` (or `db.schema.table`) from the source block, when it names one. */
  table: string | null;
  /** When the connector processed the change (ms since the epoch). */
  tsMs: number | null;
  /** The event without its schema: the payload. */
  payload: Record<string, unknown>;
  /** The value carried a `schema` beside the payload. */
  hadSchema: boolean;
}

const OPS = new Set(Object.keys(OP_LABELS));

/** The change event in a message value (parsed JSON or JSON text), or undefined when it is not one. */
export function changeEventOf(field: DecodedField): ChangeEvent | undefined {
  const value = parsed(field.value);
  if (!isObject(value)) return undefined;
  const hadSchema = 'schema' in value && isObject(value.payload);
  const payload = hadSchema ? (value.payload as Record<string, unknown>) : value;
  const op = payload.op;
  if (typeof op !== 'string' || !OPS.has(op) || !('source' in payload) || !('before' in payload || 'after' in payload || op === 't' || op === 'm')) return undefined;
  const before = isObject(payload.before) ? payload.before : null;
  const after = isObject(payload.after) ? payload.after : null;
  return {
    op: op as ChangeOp,
    row: after ?? before,
    before,
    after,
    table: tableOf(payload.source),
    tsMs: typeof payload.ts_ms === 'number' ? payload.ts_ms : null,
    payload,
    hadSchema,
  };
}

/** For an update: the columns whose value changed. */
export function changedColumns(event: ChangeEvent): string[] {
  if (event.op !== 'u' || !event.before || !event.after) return [];
  return Object.keys(event.after).filter((column) => JSON.stringify(event.after![column]) !== JSON.stringify(event.before![column]));
}

function tableOf(source: unknown): string | null {
  if (!isObject(source) || typeof source.table !== 'string') return null;
  return [source.db, source.schema, source.table].filter((part): part is string => typeof part === 'string' && part !== '').join('.');
}

function parsed(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (!text.startsWith('{')) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A key or value in JsonConverter's `{schema, payload}` wrapper as its payload alone, compact; else undefined. */
export function payloadText(field: DecodedField): string | undefined {
  const value = parsed(field.value);
  if (!isObject(value) || !('schema' in value) || !('payload' in value) || Object.keys(value).length !== 2) return undefined;
  return JSON.stringify(value.payload);
}
