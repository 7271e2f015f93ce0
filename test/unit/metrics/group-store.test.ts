/**
 * Per-group history, packed (group-store.ts), on embedded PGlite with a controlled clock: 10 s rows rolled up into
 * hour rows of one-minute points (the minute in progress too) and day rows of hourly points, pruned on schedule,
 * read per range; and the storage estimate the bench prints, from the bytes PostgreSQL really uses.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../server/db';
import { groupHistory, metricHistory } from '../../../server/db/tables';
import { pruneGroups, readGroupHistory, rollUpGroups } from '../../../server/metrics/group-store';
import { readHistory, writeRows, type HistoryRow } from '../../../server/metrics/store';
import { estimateHistoryStorage, STORAGE_TARGET_MIB } from '../../bench/history-storage';
import { openTestDatabase, type OpenTestDatabase } from '../../support/db';

const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const CLUSTER = 'group-store-test';

let opened: OpenTestDatabase;
let db: Db;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'connectory-group-history-'));
  opened = await openTestDatabase(dataDir);
  db = opened.database.db;
});

afterAll(async () => {
  await opened?.close();
  await rm(dataDir, { recursive: true, force: true });
});

function raw(group: string, at: number, lag: number, rate: number): HistoryRow {
  return { clusterId: CLUSTER, series: 'group', subject: group, resolution: 10, at: new Date(at), lag, consumedRate: rate, consumedPeak: rate, produceRate: rate * 2, producePeak: rate * 2 };
}

describe('packed consumer-group history', () => {
  it('rolls 10 s rows into one-minute points of an hour row and hourly points of a day row, each minute as it goes', async () => {
    // Minutes 0..2 of hour 0, six samples a minute: lag m*10+i, rate m*6+i.
    for (let m = 0; m < 3; m++) {
      const rows: HistoryRow[] = [];
      for (let i = 0; i < 6; i++) rows.push(raw('g1', T0 + m * MIN + i * 10_000, m * 10 + i, m * 6 + i));
      await writeRows(db, rows);
      // Half-way into the next minute: everything so far is rolled up, the minute in progress included.
      await rollUpGroups(db, new Date(T0 + m * MIN + 55_000));
    }
    const hour = await readGroupHistory(db, CLUSTER, 'g1', 'hour', new Date(T0 + 3 * MIN));
    expect(hour.resolution).toBe(60);
    expect(hour.points.map((point) => point.at.getTime())).toEqual([T0, T0 + MIN, T0 + 2 * MIN]);
    expect(hour.points[1]).toMatchObject({ lag: 15, consumedRate: 8.5, consumedPeak: 11, produceRate: 17, producePeak: 22 });
    const [row] = await db.select().from(groupHistory).where(eq(groupHistory.resolution, 60));
    expect(row!.lag).toHaveLength(60);

    const week = await readGroupHistory(db, CLUSTER, 'g1', 'week', new Date(T0 + 3 * MIN));
    expect(week.resolution).toBe(3600);
    expect(week.points).toHaveLength(1);
    expect(week.points[0]).toMatchObject({ at: new Date(T0), lag: 25, consumedPeak: 17 });
    expect(week.points[0]!.consumedRate).toBeCloseTo((2.5 + 8.5 + 14.5) / 3, 5);

    // The same rollup again counts nothing twice; the history API reads groups from the packed rows.
    await rollUpGroups(db, new Date(T0 + 2 * MIN + 55_000));
    const again = await readHistory(db, { clusterId: CLUSTER, series: 'group', subject: 'g1', range: 'day' }, new Date(T0 + 3 * MIN));
    expect(again.points).toHaveLength(3);
    expect(again.points[2]).toMatchObject({ lag: 25 });
  });

  it('prunes raw rows after ten minutes, minute rows after a day and hourly rows after 90 days', async () => {
    await pruneGroups(db, new Date(T0 + 9 * MIN));
    expect(await db.select().from(metricHistory).where(eq(metricHistory.clusterId, CLUSTER))).toHaveLength(18);
    await pruneGroups(db, new Date(T0 + 20 * MIN));
    expect(await db.select().from(metricHistory).where(eq(metricHistory.clusterId, CLUSTER))).toHaveLength(0);
    await pruneGroups(db, new Date(T0 + DAY + HOUR + 1));
    expect((await db.select().from(groupHistory)).map((row) => row.resolution)).toEqual([3600]);
    await pruneGroups(db, new Date(T0 + 91 * DAY + 1));
    expect(await db.select().from(groupHistory)).toHaveLength(0);
  });

  it('stays under the storage target: 1,000 groups and the busiest topics for 90 days in 200 MiB, from measured bytes per row', async () => {
    const estimate = await estimateHistoryStorage(db);
    console.log(`history storage estimate: ${JSON.stringify(estimate)}`);
    // An hour row holds 60 points: it must cost far less than 60 rows of a point each.
    expect(estimate.bytesPerHourRow).toBeLessThan(10 * estimate.bytesPerPointRow);
    expect(estimate.totalMiB).toBeLessThan(STORAGE_TARGET_MIB);
  });
});
