// Connector lists skip the history query while every config matches the hashes this process read in the last
// 15 s. A config changed on Connect in the meantime (by someone else, straight on Connect) must still become a
// new version: the same noticeConfigs a list runs, on a real database (PGlite), with configs as Connect lists them.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listVersions, noticeConfigs } from '../../../server/connectors/history';
import { connectClusters, kafkaClusters } from '../../../server/db/tables';
import { SecretBox } from '../../../server/secrets/secret-box';
import { openTestDatabase, type OpenTestDatabase } from '../../support/db';

const CONNECT_ID = 'shortcut-connect';
const secrets = new SecretBox('connectory-test-secret-key');
let dataDir: string;
let opened: OpenTestDatabase;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'connectory-history-shortcut-'));
  opened = await openTestDatabase(dataDir);
  await opened.database.db.insert(kafkaClusters).values({ id: 'shortcut-kafka', name: 'Kafka', bootstrapServers: ['127.0.0.1:1'] });
  await opened.database.db.insert(connectClusters).values({ id: CONNECT_ID, name: 'Connect', kafkaClusterId: 'shortcut-kafka' });
});

afterAll(async () => {
  await opened?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const config = (batchSize: string) => ({ 'connector.class': 'FileStreamSource', file: '/dev/null', topic: 't', 'batch.size': batchSize });
/** What one list of the cluster sees on Connect, noticed as the list does. */
const list = (configs: Record<string, Record<string, string>>) =>
  noticeConfigs(opened.database.db, secrets, CONNECT_ID, new Map(Object.entries(configs)), new Date());
const versions = async (name: string) =>
  (await listVersions(opened.database.db, CONNECT_ID, name, { page: 1, size: 50 })).items.map((version) => [version.version, version.source]);

describe('the connector list shortcut', () => {
  it('records a config changed on Connect right after a list that remembered the old one', async () => {
    expect(await list({ a: config('100'), b: config('1') })).toBe(2); // first seen: one version each
    expect(await list({ a: config('100'), b: config('1') })).toBe(0); // unchanged: nothing to record

    expect(await list({ a: config('200'), b: config('1') })).toBe(1); // changed on Connect, well within the 15 s
    expect(await versions('a')).toEqual([
      [2, 'external'],
      [1, 'external'],
    ]);
    expect(await versions('b')).toEqual([[1, 'external']]);
  });

  it('records a connector that appears on Connect, and a second change to one just recorded', async () => {
    expect(await list({ a: config('200'), b: config('1'), c: config('5') })).toBe(1);
    expect(await versions('c')).toEqual([[1, 'external']]);
    expect(await list({ a: config('300'), b: config('1'), c: config('5') })).toBe(1);
    expect((await versions('a'))[0]).toEqual([3, 'external']);
  });
});
