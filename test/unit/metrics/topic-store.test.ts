// Per-topic history, packed (topic-store.ts), on embedded PGlite with a controlled clock: minute points into hour
// rows and hourly summaries into day rows, read per range with gaps left out, pruned on schedule.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../server/db';
import { topicHistory } from '../../../server/db/tables';
import { pruneTopics, readTopicHistory, writeTopicMinute } from '../../../server/metrics/topic-store';
import { openTestDatabase, type OpenTestDatabase } from '../../support/db';

const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

let opened: OpenTestDatabase;
let db: Db;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'connectory-topic-history-'));
  opened = await openTestDatabase(dataDir);
  db = opened.database.db;
});

afterAll(async () => {
  await opened?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const traffic = (messages: number, size: number) => ({ messagesInPerSec: messages, bytesInPerSec: messages * 100, sizeBytes: size });

describe('topic history', () => {
  it('keeps a point a minute in hour rows, hourly summaries in day rows, and prunes each after its retention', async () => {
    // Minutes 0-2 of the first hour and minute 0 of the next; minute 1 lacks "quiet" (not among the busiest then).
    await writeTopicMinute(db, 'c', T0, [['orders', traffic(2, 1_000)], ['quiet', traffic(0, 10)]]);
    await writeTopicMinute(db, 'c', T0 + MIN + 5_000, [['orders', traffic(4, 2_000)]]);
    await writeTopicMinute(db, 'c', T0 + 2 * MIN, [['orders', traffic(6, 3_000)], ['quiet', traffic(0, 10)]]);
    await writeTopicMinute(db, 'c', T0 + HOUR, [['orders', traffic(1, 3_500)]]);

    const hour = await readTopicHistory(db, 'c', 'orders', 'day', new Date(T0 + HOUR + MIN));
    expect(hour.resolution).toBe(60);
    expect(hour.points.map((point) => [point.at.getTime() - T0, point.messagesIn, point.bytesIn, point.sizeBytes])).toEqual([
      [0, 2, 200, 1_000],
      [MIN, 4, 400, 2_000],
      [2 * MIN, 6, 600, 3_000],
      [HOUR, 1, 100, 3_500],
    ]);
    const quiet = await readTopicHistory(db, 'c', 'quiet', 'day', new Date(T0 + HOUR));
    expect(quiet.points.map((point) => point.at.getTime() - T0)).toEqual([0, 2 * MIN]);

    const week = await readTopicHistory(db, 'c', 'orders', 'week', new Date(T0 + HOUR + MIN));
    expect(week.resolution).toBe(3600);
    expect(week.points.map((point) => [point.at.getTime() - T0, point.messagesIn, point.messagesInPeak, point.sizeBytes])).toEqual([
      [0, 4, 6, 3_000],
      [HOUR, 1, 1, 3_500],
    ]);

    // The hour rows go a day (and an hour) later; the day rows stay 90 days.
    await pruneTopics(db, new Date(T0 + DAY + HOUR + MIN));
    const rows = await db.select({ resolution: topicHistory.resolution, topic: topicHistory.topic }).from(topicHistory);
    expect(rows.filter((row) => row.resolution === 60 && row.topic === 'orders')).toHaveLength(1);
    expect(rows.filter((row) => row.resolution === 3600)).toHaveLength(2);
    await pruneTopics(db, new Date(T0 + 92 * DAY));
    expect(await db.select().from(topicHistory)).toEqual([]);
  });
});
