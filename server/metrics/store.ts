/**
 * Metric history in PostgreSQL: the sampler's numbers written at 10 s resolution, rolled up into 1 min and 10 min
 * buckets and pruned, so charts reach back an hour, a day, a week and 90 days and survive restarts. This holds for
 * the cluster and broker series; consumer groups are rolled up into packed rows instead (group-store.ts).
 *
 *   resolution  kept for   chart ranges
 *   10 s        1 day      hour
 *   1 min       7 days     day
 *   10 min      90 days    week, month
 *
 * Every function takes `now` so tests drive the clock; rollups are idempotent (a bucket is recomputed from its
 * source rows), so two servers or a rerun after a crash never double count.
 */
import { and, asc, eq, gte, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { metricHistory, type MetricResolution, type MetricSeries } from '../db/tables';
import { readGroupHistory } from './group-store';
import type { ClusterMetrics } from './history';

export const RAW_RESOLUTION = 10;
const DAY_MS = 86_400_000;

/** How long each resolution is kept. */
export const RETENTION_MS: Record<MetricResolution, number> = { 10: DAY_MS, 60: 7 * DAY_MS, 600: 90 * DAY_MS };

/** Each rollup: its source resolution. */
const ROLLUPS: { from: MetricResolution; to: MetricResolution }[] = [
  { from: 10, to: 60 },
  { from: 60, to: 600 },
];

export const HISTORY_RANGES = ['hour', 'day', 'week', 'month'] as const;
export type HistoryRange = (typeof HISTORY_RANGES)[number];

/** The resolution each chart range reads: a few hundred to a few thousand points. */
export const RANGE_VIEW: Record<HistoryRange, { resolution: MetricResolution; spanMs: number }> = {
  hour: { resolution: 10, spanMs: 3_600_000 },
  day: { resolution: 60, spanMs: DAY_MS },
  week: { resolution: 600, spanMs: 7 * DAY_MS },
  month: { resolution: 600, spanMs: 30 * DAY_MS },
};

export type HistoryRow = typeof metricHistory.$inferInsert;

export interface HistoryPoint {
  at: Date;
  lag: number | null;
  consumedRate: number | null;
  consumedPeak: number | null;
  produceRate: number | null;
  producePeak: number | null;
  diskBytes: number | null;
  bytesInRate: number | null;
  bytesOutRate: number | null;
}

export function bucketStart(at: number, resolutionSeconds: number): Date {
  const width = resolutionSeconds * 1000;
  return new Date(Math.floor(at / width) * width);
}

/** One sample as raw rows: a row per consumer group and one for the cluster. */
export function rowsOfSample(metrics: ClusterMetrics): HistoryRow[] {
  const at = bucketStart(metrics.at, RAW_RESOLUTION);
  const base = { clusterId: metrics.clusterId, resolution: RAW_RESOLUTION as MetricResolution, at };
  const rows: HistoryRow[] = [...metrics.groups.values()].map((group) => ({
    ...base,
    series: 'group' as const,
    subject: group.groupId,
    lag: group.lag,
    consumedRate: group.cmps,
    consumedPeak: group.cmps,
    produceRate: group.produceRate,
    producePeak: group.produceRate,
  }));
  const lags = [...metrics.groups.values()].map((group) => group.lag).filter((lag): lag is number => lag !== null);
  rows.push({
    ...base,
    series: 'cluster',
    subject: '',
    lag: lags.length === 0 ? null : lags.reduce((sum, lag) => sum + lag, 0),
    consumedRate: metrics.messagesOutPerSec,
    consumedPeak: metrics.messagesOutPerSec,
    produceRate: metrics.messagesInPerSec,
    producePeak: metrics.messagesInPerSec,
  });
  return rows;
}

/**
 * Rows per insert statement: well under PostgreSQL's 65,535 bind parameters (13 per row), and small enough that
 * building one statement does not hold the event loop long (1,000 group rows at once: 70-240 ms on a busy machine).
 */
const ROWS_PER_INSERT = 200;

/**
 * Writes raw rows. A sampler faster than 10 s lands several samples in one bucket: the latest value stands and
 * the peak is the highest seen.
 */
export async function writeRows(db: Db, rows: HistoryRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    await db
      .insert(metricHistory)
      .values(rows.slice(i, i + ROWS_PER_INSERT))
      .onConflictDoUpdate({
        target: [metricHistory.clusterId, metricHistory.series, metricHistory.subject, metricHistory.resolution, metricHistory.at],
        set: {
          lag: sql`excluded.lag`,
          consumedRate: sql`excluded.consumed_rate`,
          consumedPeak: sql`greatest(${metricHistory.consumedPeak}, excluded.consumed_peak)`,
          produceRate: sql`excluded.produce_rate`,
          producePeak: sql`greatest(${metricHistory.producePeak}, excluded.produce_peak)`,
          diskBytes: sql`coalesce(excluded.disk_bytes, ${metricHistory.diskBytes})`,
          bytesInRate: sql`coalesce(excluded.bytes_in_rate, ${metricHistory.bytesInRate})`,
          bytesOutRate: sql`coalesce(excluded.bytes_out_rate, ${metricHistory.bytesOutRate})`,
        },
      });
  }
}

/**
 * Rolls complete buckets up: from the newest bucket already rolled up (recomputed, it may have been partial)
 * to the last complete one. Lag and disk take the bucket's highest value, rates the mean, peaks the highest.
 */
export async function rollUp(db: Db, now: Date): Promise<void> {
  for (const { from, to } of ROLLUPS) {
    const end = bucketStart(now.getTime(), to);
    const [newest] = await db
      .select({ at: sql<string | Date | null>`max(${metricHistory.at})` })
      .from(metricHistory)
      .where(and(eq(metricHistory.resolution, to), ne(metricHistory.series, 'group')));
    const since = newest?.at ? new Date(newest.at) : new Date(now.getTime() - RETENTION_MS[from]);
    // Inlined (a constant of this file, never input): a bound parameter would make the select and the group by differ.
    const width = sql.raw(String(to));
    const bucket = sql`to_timestamp(floor(extract(epoch from ${metricHistory.at}) / ${width}) * ${width})`;
    await db.execute(sql`
      insert into ${metricHistory} (cluster_id, series, subject, resolution, at, lag, consumed_rate, consumed_peak, produce_rate, produce_peak, disk_bytes, bytes_in_rate, bytes_out_rate)
      select cluster_id, series, subject, ${width}, ${bucket}, max(lag), avg(consumed_rate), max(consumed_peak), avg(produce_rate), max(produce_peak), max(disk_bytes), avg(bytes_in_rate), avg(bytes_out_rate)
      from ${metricHistory}
      where resolution = ${from} and series <> 'group' and at >= ${since.toISOString()}::timestamptz and at < ${end.toISOString()}::timestamptz
      group by cluster_id, series, subject, ${bucket}
      on conflict (cluster_id, series, subject, resolution, at) do update set
        lag = excluded.lag, consumed_rate = excluded.consumed_rate, consumed_peak = excluded.consumed_peak,
        produce_rate = excluded.produce_rate, produce_peak = excluded.produce_peak, disk_bytes = excluded.disk_bytes,
        bytes_in_rate = excluded.bytes_in_rate, bytes_out_rate = excluded.bytes_out_rate`);
  }
}

/** Deletes what each resolution keeps no longer. */
export async function prune(db: Db, now: Date): Promise<void> {
  for (const [resolution, keepMs] of Object.entries(RETENTION_MS)) {
    await db.delete(metricHistory).where(and(eq(metricHistory.resolution, Number(resolution) as MetricResolution), lt(metricHistory.at, new Date(now.getTime() - keepMs))));
  }
}

export interface HistoryQuery {
  clusterId: string;
  series: MetricSeries;
  subject: string;
  range: HistoryRange;
}

export async function readHistory(db: Db, query: HistoryQuery, now: Date): Promise<{ resolution: number; points: HistoryPoint[] }> {
  // Groups are stored packed (group-store.ts): a row per point would not fit 1,000 groups in the storage target.
  if (query.series === 'group') return readGroupHistory(db, query.clusterId, query.subject, query.range, now);
  const { resolution, spanMs } = RANGE_VIEW[query.range];
  const rows = await db
    .select({
      at: metricHistory.at,
      lag: metricHistory.lag,
      consumedRate: metricHistory.consumedRate,
      consumedPeak: metricHistory.consumedPeak,
      produceRate: metricHistory.produceRate,
      producePeak: metricHistory.producePeak,
      diskBytes: metricHistory.diskBytes,
      bytesInRate: metricHistory.bytesInRate,
      bytesOutRate: metricHistory.bytesOutRate,
    })
    .from(metricHistory)
    .where(
      and(
        eq(metricHistory.clusterId, query.clusterId),
        eq(metricHistory.series, query.series),
        eq(metricHistory.subject, query.subject),
        eq(metricHistory.resolution, resolution),
        gte(metricHistory.at, new Date(now.getTime() - spanMs)),
      ),
    )
    .orderBy(asc(metricHistory.at));
  return { resolution, points: rows };
}

/** Subjects (broker ids) of a series with rows in the range: the broker charts. */
export async function historySubjects(db: Db, clusterId: string, series: MetricSeries, range: HistoryRange, now: Date): Promise<string[]> {
  const { resolution, spanMs } = RANGE_VIEW[range];
  const rows = await db
    .selectDistinct({ subject: metricHistory.subject })
    .from(metricHistory)
    .where(and(eq(metricHistory.clusterId, clusterId), eq(metricHistory.series, series), eq(metricHistory.resolution, resolution), gte(metricHistory.at, new Date(now.getTime() - spanMs))))
    .orderBy(asc(metricHistory.subject));
  return rows.map((row) => row.subject);
}
