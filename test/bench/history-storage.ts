// Issue 14's storage target: metric history for 90 days at 1,000 consumer groups and 10,000 topics (of which the
// busiest TOPIC_HISTORY_LIMIT get a point each minute, topic-store.ts) must stay under 200 MiB of PostgreSQL. Computed from the retention, as rows × bytes
// per row, with bytes per row measured: representative rows are written into a fresh database and
// pg_total_relation_size (table, TOAST and indexes) is divided by their count.
import { sql } from 'drizzle-orm';
import type { Db } from '../../server/db';
import { groupHistory, metricHistory, topicHistory } from '../../server/db/tables';
import { GROUP_RAW_RETENTION_MS } from '../../server/metrics/group-store';
import { TOPIC_HISTORY_LIMIT } from '../../server/metrics/topic-store';
import { writeRows, type HistoryRow } from '../../server/metrics/store';

const T0 = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;
const DAY = 86_400_000;
export const STORAGE_TARGET_MIB = 200;

export interface StorageEstimate {
  groups: number;
  brokers: number;
  bytesPerHourRow: number;
  bytesPerDayRow: number;
  bytesPerPointRow: number;
  bytesPerTopicHourRow: number;
  bytesPerTopicDayRow: number;
  rows: { groupHourRows: number; groupDayRows: number; groupRawRows: number; clusterRows: number; brokerRows: number; topicHourRows: number; topicDayRows: number };
  totalMiB: number;
}

async function relationBytes(db: Db, table: string): Promise<number> {
  const result = (await db.execute(sql`select pg_total_relation_size(${table}::regclass) as bytes`)) as unknown as { bytes: string }[] | { rows: { bytes: string }[] };
  const [row] = Array.isArray(result) ? result : result.rows;
  return Number(row!.bytes);
}

/** Writes sample rows into `db` (a fresh, migrated database: the sizes are of the whole tables) and scales them. */
export async function estimateHistoryStorage(db: Db, scale: { groups: number; brokers: number } = { groups: 1_000, brokers: 3 }): Promise<StorageEstimate> {
  const sampleGroups = 100;
  const name = (g: number) => `orders-service-consumer-${String(g).padStart(4, '0')}`;
  const lag = (n: number, g: number) => Array.from({ length: n }, (_, i) => 1_000_000 + g * 977 + i * 13);
  const rate = (n: number, g: number) => Array.from({ length: n }, (_, i) => 1_000 + g + i / 7);
  const hourRows = [];
  const dayRows = [];
  for (let g = 0; g < sampleGroups; g++) {
    for (let h = 0; h < 10; h++) hourRows.push({ clusterId: 'production', groupId: name(g), resolution: 60 as const, bucket: new Date(T0 + h * HOUR), lag: lag(60, g), consumedRate: rate(60, g), consumedPeak: rate(60, g), produceRate: rate(60, g), producePeak: rate(60, g) });
  }
  await db.insert(groupHistory).values(hourRows);
  const afterHours = await relationBytes(db, 'group_history');
  for (let g = 0; g < sampleGroups; g++) {
    for (let d = 0; d < 10; d++) dayRows.push({ clusterId: 'production', groupId: name(g), resolution: 3600 as const, bucket: new Date(T0 + d * DAY), lag: lag(24, g), consumedRate: rate(24, g), consumedPeak: rate(24, g), produceRate: rate(24, g), producePeak: rate(24, g) });
  }
  await db.insert(groupHistory).values(dayRows);
  const afterDays = await relationBytes(db, 'group_history');
  const points: HistoryRow[] = [];
  for (let g = 0; g < sampleGroups; g++) {
    for (let i = 0; i < 20; i++) points.push({ clusterId: 'production', series: 'group', subject: name(g), resolution: 10, at: new Date(T0 + i * 10_000), lag: 1_000_000 + i, consumedRate: 1000.5, consumedPeak: 1200.25, produceRate: 999.5, producePeak: 1300.75 });
  }
  await writeRows(db, points);
  const pointBytes = await relationBytes(db, 'metric_history');

  const topicHours = [];
  const topicDays = [];
  const topicName = (t: number) => `orders.events.v1.partitioned-${String(t).padStart(5, '0')}`;
  const size = (n: number, t: number) => Array.from({ length: n }, (_, i) => 5_000_000_000 + t * 7_919 + i * 104_729);
  for (let t = 0; t < sampleGroups; t++) {
    for (let h = 0; h < 10; h++) topicHours.push({ clusterId: 'production', topic: topicName(t), resolution: 60 as const, bucket: new Date(T0 + h * HOUR), messagesIn: rate(60, t), messagesInPeak: rate(60, t), bytesIn: rate(60, t), sizeBytes: size(60, t) });
  }
  await db.insert(topicHistory).values(topicHours);
  const afterTopicHours = await relationBytes(db, 'topic_history');
  for (let t = 0; t < sampleGroups; t++) {
    for (let d = 0; d < 10; d++) topicDays.push({ clusterId: 'production', topic: topicName(t), resolution: 3600 as const, bucket: new Date(T0 + d * DAY), messagesIn: rate(24, t), messagesInPeak: rate(24, t), bytesIn: rate(24, t), sizeBytes: size(24, t) });
  }
  await db.insert(topicHistory).values(topicDays);
  const afterTopicDays = await relationBytes(db, 'topic_history');

  const bytesPerTopicHourRow = afterTopicHours / topicHours.length;
  const bytesPerTopicDayRow = (afterTopicDays - afterTopicHours) / topicDays.length;
  const bytesPerHourRow = afterHours / hourRows.length;
  const bytesPerDayRow = (afterDays - afterHours) / dayRows.length;
  const bytesPerPointRow = pointBytes / points.length;
  // Retention (group-store.ts, store.ts): per group 25 hour rows (a day and the hour in progress), 91 day rows and
  // ten minutes of 10 s rows; per cluster 10 s for a day, 1 min for a week, 10 min for 90 days; per broker the
  // same resolutions with one disk and traffic reading a minute; per kept topic (the busiest TOPIC_HISTORY_LIMIT,
  // whatever the number of topics) 25 hour rows and 91 day rows.
  const rows = {
    topicHourRows: TOPIC_HISTORY_LIMIT * 25,
    topicDayRows: TOPIC_HISTORY_LIMIT * 91,
    groupHourRows: scale.groups * 25,
    groupDayRows: scale.groups * 91,
    groupRawRows: scale.groups * (GROUP_RAW_RETENTION_MS / 10_000 + 1),
    clusterRows: 8_640 + 10_080 + 12_960,
    brokerRows: scale.brokers * (1_440 + 10_080 + 12_960),
  };
  const total =
    rows.groupHourRows * bytesPerHourRow +
    rows.groupDayRows * bytesPerDayRow +
    rows.topicHourRows * bytesPerTopicHourRow +
    rows.topicDayRows * bytesPerTopicDayRow +
    (rows.groupRawRows + rows.clusterRows + rows.brokerRows) * bytesPerPointRow;
  await db.delete(groupHistory).where(sql`${groupHistory.clusterId} = 'production'`);
  await db.delete(metricHistory).where(sql`${metricHistory.clusterId} = 'production'`);
  await db.delete(topicHistory).where(sql`${topicHistory.clusterId} = 'production'`);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    ...scale,
    bytesPerHourRow: round(bytesPerHourRow),
    bytesPerDayRow: round(bytesPerDayRow),
    bytesPerPointRow: round(bytesPerPointRow),
    bytesPerTopicHourRow: round(bytesPerTopicHourRow),
    bytesPerTopicDayRow: round(bytesPerTopicDayRow),
    rows,
    totalMiB: round(total / 1024 / 1024),
  };
}
