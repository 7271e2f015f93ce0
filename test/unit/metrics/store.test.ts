/**
 * Metric history on embedded PGlite (the same SQL runs on PostgreSQL) with a controlled clock: raw rows written,
 * rolled up into 1 min and 10 min buckets with the right means and peaks, pruned per resolution, read per range;
 * and the history API's input checks.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../server/db';
import { metricHistory, type MetricResolution } from '../../../server/db/tables';
import { prune, readHistory, rollUp, writeRows, type HistoryRow } from '../../../server/metrics/store';
import { openTestDatabase, type OpenTestDatabase } from '../../support/db';

const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);
const MIN = 60_000;
const DAY = 86_400_000;
const CLUSTER = 'store-test';

let opened: OpenTestDatabase;
let db: Db;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'connectory-history-'));
  opened = await openTestDatabase(dataDir);
  db = opened.database.db;
});

afterAll(async () => {
  await opened?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** A raw row of the cluster series at `T0 + offsetMs`: lag and rate chosen so each minute's mean and peak are known. (Groups: group-store.test.ts.) */
function raw(offsetMs: number, lag: number, rate: number, subject = ''): HistoryRow {
  return { clusterId: subject === '' ? CLUSTER : `${CLUSTER}-${subject}`, series: 'cluster', subject: '', resolution: 10, at: new Date(T0 + offsetMs), lag, consumedRate: rate, consumedPeak: rate, produceRate: rate * 2, producePeak: rate * 2 };
}

async function rowsAt(resolution: MetricResolution) {
  return db
    .select()
    .from(metricHistory)
    .where(and(eq(metricHistory.clusterId, CLUSTER), eq(metricHistory.resolution, resolution)))
    .orderBy(metricHistory.at);
}

describe('metric history store', () => {
  it('keeps the latest value and the highest peak when two samples land in one 10 s bucket', async () => {
    await writeRows(db, [raw(0, 5, 100)]);
    await writeRows(db, [raw(0, 7, 40)]);
    const [row] = await rowsAt(10);
    expect(row).toMatchObject({ lag: 7, consumedRate: 40, consumedPeak: 100 });
    await db.delete(metricHistory).where(eq(metricHistory.clusterId, CLUSTER));
  });

  it('rolls 10 s rows up into complete minutes and ten minutes, then prunes each resolution on schedule', async () => {
    // Eleven minutes of samples: in minute m, lag climbs m*10 .. m*10+5 and the rate is m*6 + i (i = 0..5).
    const rows: HistoryRow[] = [];
    for (let m = 0; m < 11; m++) for (let i = 0; i < 6; i++) rows.push(raw(m * MIN + i * 10_000, m * 10 + i, m * 6 + i));
    await writeRows(db, rows);
    expect(await rowsAt(10)).toHaveLength(66);

    // Half-way through minute 10: minutes 0–9 are complete; the first ten minutes also make one 10 min bucket.
    await rollUp(db, new Date(T0 + 10 * MIN + 30_000));
    const minutes = await rowsAt(60);
    expect(minutes).toHaveLength(10);
    expect(minutes[3]).toMatchObject({ at: new Date(T0 + 3 * MIN), lag: 35, consumedRate: 18 + 2.5, consumedPeak: 23, produceRate: 41, producePeak: 46 });
    const tens = await rowsAt(600);
    expect(tens).toHaveLength(1);
    expect(tens[0]).toMatchObject({ at: new Date(T0), lag: 95, consumedPeak: 59 });
    expect(tens[0]!.consumedRate).toBeCloseTo(29.5, 6);

    // Again later: minute 10 is added, nothing is counted twice.
    await rollUp(db, new Date(T0 + 11 * MIN + 1));
    const again = await rowsAt(60);
    expect(again).toHaveLength(11);
    expect(again[3]).toMatchObject({ lag: 35, consumedPeak: 23 });
    expect(again[10]).toMatchObject({ at: new Date(T0 + 10 * MIN), lag: 105, consumedPeak: 65 });

    // A day later the 10 s rows go; a week later the minutes; after 90 days the ten-minute buckets.
    await prune(db, new Date(T0 + DAY + 11 * MIN));
    expect(await rowsAt(10)).toHaveLength(0);
    expect(await rowsAt(60)).toHaveLength(11);
    await prune(db, new Date(T0 + 7 * DAY + 11 * MIN));
    expect(await rowsAt(60)).toHaveLength(0);
    expect(await rowsAt(600)).toHaveLength(1);
    await prune(db, new Date(T0 + 90 * DAY + 11 * MIN));
    expect(await rowsAt(600)).toHaveLength(0);
  });

  it('reads each range at its resolution, oldest first, within the range only', async () => {
    const rows: HistoryRow[] = [];
    for (let i = 0; i < 3 * 360; i++) rows.push(raw(i * 10_000, i, 1)); // three hours of 10 s rows
    await writeRows(db, rows);
    const now = new Date(T0 + 3 * 3_600_000);
    await rollUp(db, now);

    const hour = await readHistory(db, { clusterId: CLUSTER, series: 'cluster', subject: '', range: 'hour' }, now);
    expect(hour.resolution).toBe(10);
    expect(hour.points).toHaveLength(360);
    expect(hour.points[0]!.at.getTime()).toBe(T0 + 2 * 3_600_000);
    expect(hour.points.at(-1)!.lag).toBe(3 * 360 - 1);

    const day = await readHistory(db, { clusterId: CLUSTER, series: 'cluster', subject: '', range: 'day' }, now);
    expect(day.resolution).toBe(60);
    expect(day.points).toHaveLength(180);
    const week = await readHistory(db, { clusterId: CLUSTER, series: 'cluster', subject: '', range: 'week' }, now);
    expect(week.resolution).toBe(600);
    expect(week.points).toHaveLength(18);
    const other = await readHistory(db, { clusterId: `${CLUSTER}-other`, series: 'cluster', subject: '', range: 'day' }, now);
    expect(other.points).toHaveLength(0);
  });
});
