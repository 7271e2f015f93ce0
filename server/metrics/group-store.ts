/**
 * Per consumer group history, packed (table `group_history`): the storage target is 200 MiB of PostgreSQL for 90
 * days at 1,000 groups, and a row per point (about 250 bytes with its indexes) took 7.5 MiB per group. Groups
 * therefore keep
 *
 *   resolution  kept for   stored as                                   chart ranges
 *   10 s        10 min     rows of metric_history (the rollup's input)  —
 *   1 min       1 day      a row per hour: 60 points in arrays          hour, day
 *   1 h         90 days    a row per day: 24 points in arrays           week, month
 *
 * about 100 KiB per group. The cluster and broker series stay row per point (store.ts): a few rows per cluster.
 * Rollups recompute the newest buckets from their source (the minute in progress too, so the hour chart is
 * current), so a rerun or a second server never double counts.
 */
import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { groupHistory, metricHistory, type GroupHistoryResolution } from '../db/tables';
import { cleanedColumns, DAY_MS, emptyColumns, floorTo as floor, MINUTE_MS, PACKED_LAYOUT as LAYOUT, PACKED_RANGE_VIEW, placePoints, rowKey, writeInSlices } from './packed-rows';
import type { HistoryPoint, HistoryRange } from './store';

/** Raw 10 s group rows outlive their rollup by this much: a server down a few minutes still rolls them up. */
export const GROUP_RAW_RETENTION_MS = 10 * MINUTE_MS;
export const GROUP_RETENTION_MS: Record<GroupHistoryResolution, number> = { 60: DAY_MS, 3600: 90 * DAY_MS };

export const GROUP_RANGE_VIEW: Record<HistoryRange, { resolution: GroupHistoryResolution; spanMs: number }> = PACKED_RANGE_VIEW;

interface Point {
  lag: number | null;
  consumedRate: number | null;
  consumedPeak: number | null;
  produceRate: number | null;
  producePeak: number | null;
}

const COLUMNS = ['lag', 'consumedRate', 'consumedPeak', 'produceRate', 'producePeak'] as const;

type PackedRow = typeof groupHistory.$inferSelect;

/** Once a minute: the minutes since the last rollup (and the one in progress) into hour rows, then those hours into day rows. */
export async function rollUpGroups(db: Db, now: Date): Promise<void> {
  const since = new Date(floor(now.getTime(), MINUTE_MS) - GROUP_RAW_RETENTION_MS);
  const width = sql.raw('60');
  const minute = sql`to_timestamp(floor(extract(epoch from ${metricHistory.at}) / ${width}) * ${width})`;
  const minutes = await db
    .select({
      clusterId: metricHistory.clusterId,
      groupId: metricHistory.subject,
      at: sql<string>`${minute}`,
      lag: sql<string | null>`max(${metricHistory.lag})`,
      consumedRate: sql<number | null>`avg(${metricHistory.consumedRate})`,
      consumedPeak: sql<number | null>`max(${metricHistory.consumedPeak})`,
      produceRate: sql<number | null>`avg(${metricHistory.produceRate})`,
      producePeak: sql<number | null>`max(${metricHistory.producePeak})`,
    })
    .from(metricHistory)
    .where(and(eq(metricHistory.series, 'group'), eq(metricHistory.resolution, 10), gte(metricHistory.at, since)))
    .groupBy(metricHistory.clusterId, metricHistory.subject, minute);
  const hourPoints = minutes.map((row) => ({
    clusterId: row.clusterId,
    groupId: row.groupId,
    at: new Date(row.at).getTime(),
    point: { lag: num(row.lag), consumedRate: num(row.consumedRate), consumedPeak: num(row.consumedPeak), produceRate: num(row.produceRate), producePeak: num(row.producePeak) },
  }));
  const touchedHours = await mergePoints(db, 60, hourPoints);

  // Each touched hour row, summarised into its day row: lag its highest, rates their mean, peaks their highest.
  const dayPoints = touchedHours.map((row) => ({ clusterId: row.clusterId, groupId: row.groupId, at: row.bucket.getTime(), point: summarise(row) }));
  await mergePoints(db, 3600, dayPoints);
}

/** Writes points into their packed rows (read, merged, written back whole); answers the rows written. */
async function mergePoints(db: Db, resolution: GroupHistoryResolution, points: { clusterId: string; groupId: string; at: number; point: Point }[]): Promise<PackedRow[]> {
  if (points.length === 0) return [];
  const { points: size, rowMs } = LAYOUT[resolution];
  const owned = points.map((point) => ({ ...point, owner: ownerOf(point.clusterId, point.groupId) }));
  const buckets = [...new Set(points.map((point) => floor(point.at, rowMs)))].map((bucket) => new Date(bucket));
  const stored = await db.select().from(groupHistory).where(and(eq(groupHistory.resolution, resolution), inArray(groupHistory.bucket, buckets)));
  const existing = new Map(stored.map(cleaned).map((row) => [rowKey(ownerOf(row.clusterId, row.groupId), row.bucket.getTime()), row]));
  const written = placePoints(resolution, COLUMNS, owned, existing, ({ clusterId, groupId }, bucket) => ({ clusterId, groupId, resolution, bucket, ...emptyColumns(COLUMNS, size) }));
  await writeInSlices(written, (slice) =>
    db
      .insert(groupHistory)
      .values(slice)
      .onConflictDoUpdate({
        target: [groupHistory.clusterId, groupHistory.groupId, groupHistory.resolution, groupHistory.bucket],
        set: {
          lag: sql`excluded.lag`,
          consumedRate: sql`excluded.consumed_rate`,
          consumedPeak: sql`excluded.consumed_peak`,
          produceRate: sql`excluded.produce_rate`,
          producePeak: sql`excluded.produce_peak`,
        },
      }),
  );
  return written;
}

const ownerOf = (clusterId: string, groupId: string) => `${clusterId}\u0000${groupId}`;


function summarise(row: PackedRow): Point {
  const values = (column: (typeof COLUMNS)[number]) => (row[column] as (number | null)[]).filter((value): value is number => value !== null && value !== undefined);
  const max = (column: (typeof COLUMNS)[number]) => (values(column).length ? Math.max(...values(column)) : null);
  const mean = (column: (typeof COLUMNS)[number]) => (values(column).length ? values(column).reduce((a, b) => a + b, 0) / values(column).length : null);
  return { lag: max('lag'), consumedRate: mean('consumedRate'), consumedPeak: max('consumedPeak'), produceRate: mean('produceRate'), producePeak: max('producePeak') };
}

export async function pruneGroups(db: Db, now: Date): Promise<void> {
  await db.delete(metricHistory).where(and(eq(metricHistory.series, 'group'), eq(metricHistory.resolution, 10), lt(metricHistory.at, new Date(now.getTime() - GROUP_RAW_RETENTION_MS))));
  for (const [resolution, keepMs] of Object.entries(GROUP_RETENTION_MS)) {
    const { rowMs } = LAYOUT[Number(resolution) as GroupHistoryResolution];
    // A row goes once its last point is older than the retention.
    await db.delete(groupHistory).where(and(eq(groupHistory.resolution, Number(resolution) as GroupHistoryResolution), lt(groupHistory.bucket, new Date(now.getTime() - keepMs - rowMs))));
  }
}

export async function readGroupHistory(db: Db, clusterId: string, groupId: string, range: HistoryRange, now: Date): Promise<{ resolution: GroupHistoryResolution; points: HistoryPoint[] }> {
  const { resolution, spanMs } = GROUP_RANGE_VIEW[range];
  const { rowMs } = LAYOUT[resolution];
  const from = now.getTime() - spanMs;
  const rows = await db
    .select()
    .from(groupHistory)
    .where(and(eq(groupHistory.clusterId, clusterId), eq(groupHistory.groupId, groupId), eq(groupHistory.resolution, resolution), gte(groupHistory.bucket, new Date(floor(from, rowMs)))))
    .orderBy(groupHistory.bucket);
  const points: HistoryPoint[] = [];
  for (const row of rows.map(cleaned)) {
    row.lag.forEach((_value, index) => {
      const at = row.bucket.getTime() + index * resolution * 1000;
      if (at < from) return;
      const point = { lag: row.lag[index] ?? null, consumedRate: row.consumedRate[index] ?? null, consumedPeak: row.consumedPeak[index] ?? null, produceRate: row.produceRate[index] ?? null, producePeak: row.producePeak[index] ?? null };
      if (COLUMNS.every((column) => point[column] === null)) return;
      points.push({ at: new Date(at), ...point, diskBytes: null, bytesInRate: null, bytesOutRate: null });
    });
  }
  return { resolution, points };
}

function cleaned(row: PackedRow): PackedRow {
  return cleanedColumns(row, COLUMNS);
}

function num(value: string | number | null): number | null {
  return value === null ? null : Number(value);
}
