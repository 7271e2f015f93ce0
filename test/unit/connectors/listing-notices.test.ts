// Connector lists answer without waiting for config history: they queue what they read, and the queue records
// it afterwards. On a real database (PGlite): what is queued is recorded, a burst of lists costs one notice per
// cluster beyond the running one, and a database failure is logged while the queue keeps working.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listVersions } from '../../../server/connectors/history';
import { ListingNotices } from '../../../server/connectors/listing-notices';
import type { Db } from '../../../server/db';
import { connectClusters, kafkaClusters } from '../../../server/db/tables';
import { SecretBox } from '../../../server/secrets/secret-box';
import { openTestDatabase, type OpenTestDatabase } from '../../support/db';
import { capturingLogger } from '../server/stub-app';

const CONNECT_ID = 'notices-connect';
const secrets = new SecretBox('connectory-test-secret-key');
let dataDir: string;
let opened: OpenTestDatabase;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'connectory-listing-notices-'));
  opened = await openTestDatabase(dataDir);
  await opened.database.db.insert(kafkaClusters).values({ id: 'notices-kafka', name: 'Kafka', bootstrapServers: ['127.0.0.1:1'] });
  await opened.database.db.insert(connectClusters).values({ id: CONNECT_ID, name: 'Connect', kafkaClusterId: 'notices-kafka' });
});

afterAll(async () => {
  await opened?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const listing = (batchSize: string) => new Map([['a', { 'connector.class': 'FileStreamSource', file: '/dev/null', topic: 't', 'batch.size': batchSize }]]);
const versions = async () =>
  (await listVersions(opened.database.db, CONNECT_ID, 'a', { page: 1, size: 50 })).items.map((version) => version.version);

describe('listing notices', () => {
  it('records what a list read after the list answered, and only the newest listing of a burst', async () => {
    const notices = new ListingNotices({ db: opened.database.db, secrets, logger: capturingLogger().logger });
    notices.notice(CONNECT_ID, listing('1'), new Date());
    await notices.settled();
    expect(await versions()).toEqual([1]);
    // a burst of lists: each replaces the one waiting before it, so only the newest is noticed
    notices.notice(CONNECT_ID, listing('3'), new Date());
    notices.notice(CONNECT_ID, listing('3'), new Date());
    notices.notice(CONNECT_ID, listing('2'), new Date());
    await notices.settled();
    const recorded = await listVersions(opened.database.db, CONNECT_ID, 'a', { page: 1, size: 50 });
    expect(recorded.items.map((version) => [version.version, version.source])).toEqual([[2, 'external'], [1, 'external']]);
  });

  it('logs a database failure without throwing, and notices the next list', async () => {
    const { logger, lines } = capturingLogger();
    const broken = { transaction: () => Promise.reject(new Error('database went away')), select: () => { throw new Error('database went away'); }, selectDistinctOn: () => { throw new Error('database went away'); } } as unknown as Db;
    const failing = new ListingNotices({ db: broken, secrets, logger });
    failing.notice(CONNECT_ID, listing('4'), new Date());
    await failing.settled();
    expect(lines.map((line) => line.msg)).toContain(`config history: could not record changes noticed on Connect cluster "${CONNECT_ID}"`);

    const working = new ListingNotices({ db: opened.database.db, secrets, logger });
    const before = await versions();
    working.notice(CONNECT_ID, listing('4'), new Date());
    await working.settled();
    expect(await versions()).toEqual([before.length + 1, ...before]);
  });
});
