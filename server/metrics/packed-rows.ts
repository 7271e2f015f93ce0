/**
 * The packed layout the group and topic histories share (group-store.ts explains why it exists): a row per hour
 * of one-minute points kept a day, a row per day of hourly points kept 90 days, every column an array indexed by
 * the point's place in its row. Here: the layout, and placing points into rows; each store keeps its own table,
 * columns and summary.
 */
import type { GroupHistoryResolution } from '../db/tables';
import type { HistoryRange } from './store';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Points per packed row, and the span of one row. */
export const PACKED_LAYOUT: Record<GroupHistoryResolution, { points: number; rowMs: number }> = { 60: { points: 60, rowMs: HOUR_MS }, 3600: { points: 24, rowMs: DAY_MS } };

/** Which resolution a chart range reads, and how far back. */
export const PACKED_RANGE_VIEW: Record<HistoryRange, { resolution: GroupHistoryResolution; spanMs: number }> = {
  hour: { resolution: 60, spanMs: HOUR_MS },
  day: { resolution: 60, spanMs: DAY_MS },
  week: { resolution: 3600, spanMs: 7 * DAY_MS },
  month: { resolution: 3600, spanMs: 30 * DAY_MS },
};

/** Rows per statement: encoding packed arrays is CPU on the event loop (1,000 rows held it 500-650 ms at once). */
export const ROWS_PER_WRITE = 50;

export const floorTo = (at: number, width: number) => Math.floor(at / width) * width;

/** A row's key: its owner (a group, a topic) and its bucket. */
export const rowKey = (owner: string, bucketMs: number) => `${owner}\u0000${bucketMs}`;

type Packed<C extends string> = { bucket: Date } & Record<C, number[]>;

/** Each column `size` nulls long (drizzle types array elements as numbers; a null is "no point"). */
export function emptyColumns<C extends string>(columns: readonly C[], size: number): Record<C, number[]> {
  return Object.fromEntries(columns.map((column) => [column, Array.from({ length: size }, () => null)])) as unknown as Record<C, number[]>;
}

/** An array's NULL elements read back as null on PGlite but as NaN through postgres-js: both mean "no point". */
export function cleanedColumns<R extends Packed<C>, C extends string>(row: R, columns: readonly C[]): R {
  const clean = (values: (number | null)[]) => values.map((value) => (typeof value === 'number' && Number.isFinite(value) ? value : null)) as number[];
  return { ...row, ...Object.fromEntries(columns.map((column) => [column, clean(row[column])])) };
}

/**
 * Sets each point's values at its place in its row: a row touched earlier in this call, else the stored one
 * (`existing`, keyed by rowKey), else a new one. Answers the rows touched, to be written back whole.
 */
export function placePoints<R extends Packed<C>, C extends string, T extends { owner: string; at: number; point: Record<C, number | null> }>(
  resolution: GroupHistoryResolution,
  columns: readonly C[],
  points: readonly T[],
  existing: ReadonlyMap<string, R>,
  newRow: (point: T, bucket: Date) => R,
): R[] {
  const { rowMs } = PACKED_LAYOUT[resolution];
  const touched = new Map<string, R>();
  for (const item of points) {
    const { owner, at, point } = item;
    const bucket = floorTo(at, rowMs);
    const id = rowKey(owner, bucket);
    const row = touched.get(id) ?? existing.get(id) ?? newRow(item, new Date(bucket));
    const index = Math.round((at - bucket) / (resolution * 1000));
    for (const column of columns) (row[column] as (number | null)[])[index] = point[column];
    touched.set(id, row);
  }
  return [...touched.values()];
}

/** Runs `write` over the rows ROWS_PER_WRITE at a time, so requests are served between statements. */
export async function writeInSlices<R>(rows: readonly R[], write: (slice: R[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_WRITE) await write(rows.slice(i, i + ROWS_PER_WRITE));
}
