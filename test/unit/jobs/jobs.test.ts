/**
 * Job leases on embedded PGlite (the same SQL runs on PostgreSQL): one holder at a time, renewal, release, and
 * the JobRunner starting a job on one "server", stopping it when that server loses the database, and another
 * taking it over without the two ever running it at once.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database, type Db } from '../../../server/db';
import { ConfigError } from '../../../server/util/env';
import { acquireLease, JobRunner, jobSettingsFromEnv, listLeases, releaseLease, renewLease, type Job } from '../../../server/jobs';
import { createLogger } from '../../../server/logger';

let database: Database;
let dataDir: string;
const logger = createLogger('silent');

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'connectory-jobs-'));
  database = await openDatabase({ dataDir });
  await database.migrate();
}, 60_000);

afterAll(async () => {
  await database?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Makes a lease look as if its holder stopped renewing long ago. */
async function expire(name: string): Promise<void> {
  await database.db.execute(sql`update job_leases set expires_at = now() - interval '1 second' where name = ${name}`);
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('leases', () => {
  it('has one holder at a time until it runs out or is given up', async () => {
    const db = database.db;
    expect(await acquireLease(db, 'a', 'server-1', 60_000)).toBe(true);
    expect(await acquireLease(db, 'a', 'server-2', 60_000)).toBe(false);
    expect(await acquireLease(db, 'a', 'server-1', 60_000)).toBe(true);
    expect(await renewLease(db, 'a', 'server-1', 60_000)).toBe(true);
    expect(await renewLease(db, 'a', 'server-2', 60_000)).toBe(false);
    expect((await listLeases(db)).filter((lease) => lease.name === 'a').map((lease) => lease.holder)).toEqual(['server-1']);

    await expire('a');
    // expired but not taken: the holder may carry on, nobody ran the job meanwhile
    expect(await renewLease(db, 'a', 'server-1', 60_000)).toBe(true);
    await expire('a');
    expect(await acquireLease(db, 'a', 'server-2', 60_000)).toBe(true);
    expect(await renewLease(db, 'a', 'server-1', 60_000)).toBe(false);

    await releaseLease(db, 'a', 'server-1'); // not its lease: changes nothing
    expect(await acquireLease(db, 'a', 'server-1', 60_000)).toBe(false);
    await releaseLease(db, 'a', 'server-2');
    expect(await acquireLease(db, 'a', 'server-1', 60_000)).toBe(true);
  });

  it('expires by the database clock', async () => {
    const db = database.db;
    expect(await acquireLease(db, 'b', 'server-1', 60_000)).toBe(true);
    const [lease] = (await listLeases(db)).filter((row) => row.name === 'b');
    expect(lease!.expiresAt.getTime() - lease!.acquiredAt.getTime()).toBe(60_000);
  });
});

/** A job that counts how many runners run it at once. */
function countingJob(name: string, shared: { active: number; most: number; starts: string[] }, who: string): Job {
  return {
    name,
    start() {
      shared.active += 1;
      shared.most = Math.max(shared.most, shared.active);
      shared.starts.push(who);
    },
    async stop() {
      shared.active -= 1;
    },
  };
}

/** The database as a server sees it, until `cut()` makes every call fail as a lost connection would. */
function cuttable(db: Db): { db: Db; cut(): void } {
  let cut = false;
  const proxy = new Proxy(db, {
    get(target, property, receiver) {
      if (cut) throw new Error('connection lost (cut by the test)');
      return Reflect.get(target, property, receiver);
    },
  });
  return { db: proxy, cut: () => (cut = true) };
}

describe('JobRunner', () => {
  const settings = { leaseMs: 900, renewMs: 300 };

  it('runs a job on one server only, and another takes it over when the holder loses the database', async () => {
    const shared = { active: 0, most: 0, starts: [] as string[] };
    const first = cuttable(database.db);
    const one = new JobRunner({ db: first.db, logger, settings, holder: 'server-1' }).add(countingJob('takeover', shared, 'server-1'));
    const two = new JobRunner({ db: database.db, logger, settings, holder: 'server-2' }).add(countingJob('takeover', shared, 'server-2'));
    one.start();
    await waitFor('server-1 holds the job', () => one.holds('takeover'));
    two.start();
    try {
      // several renewals later, server-2 still stands by
      const renewals = (await listLeases(database.db)).find((lease) => lease.name === 'takeover')!.expiresAt.getTime();
      await waitForAsync('server-1 renewed twice', async () => (await expiry('takeover')) >= renewals + 2 * settings.renewMs);
      expect(two.holds('takeover')).toBe(false);
      expect(shared.starts).toEqual(['server-1']);

      const cutAt = Date.now();
      first.cut();
      await waitFor('server-2 took the job over', () => two.holds('takeover'), 4 * settings.leaseMs);
      expect(Date.now() - cutAt).toBeLessThanOrEqual(settings.leaseMs + 2 * settings.renewMs + 200);
      expect(one.holds('takeover')).toBe(false);
      expect(shared.starts).toEqual(['server-1', 'server-2']);
      expect(shared.most).toBe(1);
    } finally {
      await one.stop();
      await two.stop();
    }
    expect(shared.active).toBe(0);
  });

  it('hands the job over at once when the holder stops', async () => {
    const shared = { active: 0, most: 0, starts: [] as string[] };
    const one = new JobRunner({ db: database.db, logger, settings: { leaseMs: 60_000, renewMs: 200 }, holder: 'server-1' }).add(countingJob('handover', shared, 'server-1'));
    const two = new JobRunner({ db: database.db, logger, settings: { leaseMs: 60_000, renewMs: 200 }, holder: 'server-2' }).add(countingJob('handover', shared, 'server-2'));
    one.start();
    await waitFor('server-1 holds the job', () => one.holds('handover'));
    two.start();
    try {
      await one.stop();
      expect(shared.active).toBe(0);
      // well within the 60 s lease: the stopped holder gave it up
      await waitFor('server-2 took the job over', () => two.holds('handover'), 2_000);
      expect(shared.starts).toEqual(['server-1', 'server-2']);
      expect(shared.most).toBe(1);
    } finally {
      await two.stop();
    }
  });

  it('stops a job whose lease another server took, and gives a job that cannot start its lease back', async () => {
    const shared = { active: 0, most: 0, starts: [] as string[] };
    const one = new JobRunner({ db: database.db, logger, settings, holder: 'server-1' }).add(countingJob('stolen', shared, 'server-1'));
    let attempts = 0;
    one.add({
      name: 'broken',
      start() {
        attempts += 1;
        throw new Error('cannot start');
      },
      stop: async () => {},
    });
    one.start();
    try {
      await waitFor('server-1 holds the job', () => one.holds('stolen'));
      await database.db.execute(sql`update job_leases set holder = 'server-x' where name = 'stolen'`);
      await waitFor('server-1 let the job go', () => !one.holds('stolen'), 2 * settings.renewMs + 500);
      expect(shared.active).toBe(0);
      await waitFor('the broken job was tried twice', () => attempts >= 2);
      expect(one.holds('broken')).toBe(false);
    } finally {
      await one.stop();
    }
  });
});

async function expiry(name: string): Promise<number> {
  return (await listLeases(database.db)).find((lease) => lease.name === name)!.expiresAt.getTime();
}

async function waitForAsync(what: string, condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('settings', () => {
  it('reads JOBS_LEASE_SECONDS and renews three times per lease', () => {
    expect(jobSettingsFromEnv({})).toEqual({ leaseMs: 15_000, renewMs: 5_000 });
    expect(jobSettingsFromEnv({ JOBS_LEASE_SECONDS: '3' })).toEqual({ leaseMs: 3_000, renewMs: 1_000 });
    expect(() => jobSettingsFromEnv({ JOBS_LEASE_SECONDS: '0.5' })).toThrow(ConfigError);
    expect(() => jobSettingsFromEnv({ JOBS_LEASE_SECONDS: 'soon' })).toThrow(/JOBS_LEASE_SECONDS/);
  });
});
