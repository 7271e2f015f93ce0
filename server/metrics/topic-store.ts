/**
 * Per topic history, packed like the groups' (group-store.ts, same layout): a row per hour of one-minute points
 * kept a day, a row per day of hourly points kept 90 days. Points come once a minute from the traffic snapshot
 * (traffic.ts), for the busiest topics only (TOPIC_HISTORY_LIMIT, 300): a topic costs about 100 KiB for 90
 * days, so 10,000 topics would take 1 GiB against the history's 200 MiB (300 take 30 MiB). A topic outside the busiest in a minute
 * has no point for it (a gap, never a zero).
 */
import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { topicHistory, type GroupHistoryResolution } from '../db/tables';
import { cleanedColumns, DAY_MS, emptyColumns, floorTo as floor, MINUTE_MS, PACKED_LAYOUT as LAYOUT, PACKED_RANGE_VIEW as RANGE_VIEW, placePoints, rowKey, writeInSlices } from './packed-rows';
import type { HistoryRange } from './store';
import type { TopicTraffic } from './traffic';

/** Topics whose minute is kept, per cluster. */
export const TOPIC_HISTORY_LIMIT = 300;

export const TOPIC_RETENTION_MS: Record<GroupHistoryResolution, number> = { 60: DAY_MS, 3600: 90 * DAY_MS };

export interface TopicPoint {
  messagesIn: number | null;
  messagesInPeak: number | null;
  bytesIn: number | null;
  sizeBytes: number | null;
}

const COLUMNS = ['messagesIn', 'messagesInPeak', 'bytesIn', 'sizeBytes'] as const;
type Row = typeof topicHistory.$inferSelect;

/** One minute's points: into their hour rows, then each touched hour summarised into its day row. */
export async function writeTopicMinute(db: Db, clusterId: string, at: number, topics: [string, TopicTraffic][]): Promise<void> {
  const minute = floor(at, MINUTE_MS);
  const points = topics.map(([topic, traffic]) => ({
    topic,
    at: minute,
    point: { messagesIn: traffic.messagesInPerSec, messagesInPeak: traffic.messagesInPerSec, bytesIn: traffic.bytesInPerSec, sizeBytes: traffic.sizeBytes },
  }));
  const hours = await merge(db, clusterId, 60, points);
  await merge(db, clusterId, 3600, hours.map((row) => ({ topic: row.topic, at: row.bucket.getTime(), point: summarise(row) })));
}

async function merge(db: Db, clusterId: string, resolution: GroupHistoryResolution, points: { topic: string; at: number; point: TopicPoint }[]): Promise<Row[]> {
  if (points.length === 0) return [];
  const { points: size, rowMs } = LAYOUT[resolution];
  const buckets = [...new Set(points.map((point) => floor(point.at, rowMs)))].map((bucket) => new Date(bucket));
  const stored = await db
    .select()
    .from(topicHistory)
    .where(and(eq(topicHistory.clusterId, clusterId), eq(topicHistory.resolution, resolution), inArray(topicHistory.bucket, buckets), inArray(topicHistory.topic, [...new Set(points.map((point) => point.topic))])));
  const existing = new Map(stored.map(cleaned).map((row) => [rowKey(row.topic, row.bucket.getTime()), row]));
  const owned = points.map((point) => ({ ...point, owner: point.topic }));
  const written = placePoints(resolution, COLUMNS, owned, existing, ({ topic }, bucket) => ({ clusterId, topic, resolution, bucket, ...emptyColumns(COLUMNS, size) }));
  await writeInSlices(written, (slice) =>
    db
      .insert(topicHistory)
      .values(slice)
      .onConflictDoUpdate({
        target: [topicHistory.clusterId, topicHistory.topic, topicHistory.resolution, topicHistory.bucket],
        set: { messagesIn: sql`excluded.messages_in`, messagesInPeak: sql`excluded.messages_in_peak`, bytesIn: sql`excluded.bytes_in`, sizeBytes: sql`excluded.size_bytes` },
      }),
  );
  return written;
}

/** An hour as one point: rates their mean, the peak the highest, the size the last known. */
function summarise(row: Row): TopicPoint {
  const known = (column: (typeof COLUMNS)[number]) => (row[column] as (number | null)[]).filter((value): value is number => value !== null && value !== undefined);
  const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
  const peaks = known('messagesInPeak');
  return { messagesIn: mean(known('messagesIn')), messagesInPeak: peaks.length ? Math.max(...peaks) : null, bytesIn: mean(known('bytesIn')), sizeBytes: known('sizeBytes').at(-1) ?? null };
}

export async function pruneTopics(db: Db, now: Date): Promise<void> {
  for (const [resolution, keepMs] of Object.entries(TOPIC_RETENTION_MS)) {
    const { rowMs } = LAYOUT[Number(resolution) as GroupHistoryResolution];
    await db.delete(topicHistory).where(and(eq(topicHistory.resolution, Number(resolution) as GroupHistoryResolution), lt(topicHistory.bucket, new Date(now.getTime() - keepMs - rowMs))));
  }
}

export async function readTopicHistory(db: Db, clusterId: string, topic: string, range: HistoryRange, now: Date): Promise<{ resolution: number; points: ({ at: Date } & TopicPoint)[] }> {
  const { resolution, spanMs } = RANGE_VIEW[range];
  const { rowMs } = LAYOUT[resolution];
  const from = now.getTime() - spanMs;
  const rows = await db
    .select()
    .from(topicHistory)
    .where(and(eq(topicHistory.clusterId, clusterId), eq(topicHistory.topic, topic), eq(topicHistory.resolution, resolution), gte(topicHistory.bucket, new Date(floor(from, rowMs)))))
    .orderBy(topicHistory.bucket);
  const points: ({ at: Date } & TopicPoint)[] = [];
  for (const row of rows.map(cleaned)) {
    row.messagesIn.forEach((_value, index) => {
      const at = row.bucket.getTime() + index * resolution * 1000;
      const point = { messagesIn: row.messagesIn[index] ?? null, messagesInPeak: row.messagesInPeak[index] ?? null, bytesIn: row.bytesIn[index] ?? null, sizeBytes: row.sizeBytes[index] ?? null };
      if (at >= from && COLUMNS.some((column) => point[column] !== null)) points.push({ at: new Date(at), ...point });
    });
  }
  return { resolution, points };
}

function cleaned(row: Row): Row {
  return cleanedColumns(row, COLUMNS);
}
