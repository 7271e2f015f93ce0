// The connector watch is the one poller of connector states: each pass lists every Connect cluster once, hands
// the snapshots to its listeners, and reports a cluster that does not answer instead of failing the pass. The
// config sync rides on it. Connect is staged here (a real one is in test/integration/connectors.test.ts).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientRegistry } from '../../../server/clusters/client-registry';
import type { ConnectorListing } from '../../../server/connect/types';
import { listVersions } from '../../../server/connectors/history';
import { startConfigSync } from '../../../server/connectors/sync';
import { ConnectorWatch, type ConnectorSnapshot } from '../../../server/connectors/watch';
import { connectClusters, connectWorkers, kafkaClusters } from '../../../server/db/tables';
import { createLogger } from '../../../server/logger';
import { SecretBox } from '../../../server/secrets/secret-box';
import { openTestDatabase, type OpenTestDatabase } from '../../support/db';

const secrets = new SecretBox('connectory-test-secret-key');
const logger = createLogger('silent');
let dataDir: string;
let opened: OpenTestDatabase;

/** What each cluster's listing answers; a string is an error. */
const answers = new Map<string, ConnectorListing[] | string>();
const calls: string[] = [];
const clients = {
  connect: {
    get: (cluster: { id: string }) => ({
      listConnectors: async () => {
        calls.push(cluster.id);
        const answer = answers.get(cluster.id);
        if (typeof answer === 'string') throw new Error(answer);
        return answer ?? [];
      },
    }),
  },
} as unknown as ClientRegistry;

const listing = (name: string, batchSize: string, state = 'RUNNING'): ConnectorListing => ({
  name,
  info: { name, type: 'source', config: { 'connector.class': 'FileStreamSource', topic: 't', 'batch.size': batchSize }, taskIds: [] },
  status: { name, type: 'source', connector: { state, workerId: 'w1:8083' }, tasks: [] } as unknown as ConnectorListing['status'],
});

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'connectory-watch-'));
  opened = await openTestDatabase(dataDir);
  const db = opened.database.db;
  await db.insert(kafkaClusters).values({ id: 'k', name: 'Kafka', bootstrapServers: ['127.0.0.1:1'] });
  for (const id of ['up', 'down', 'empty']) await db.insert(connectClusters).values({ id, name: id, kafkaClusterId: 'k' });
  await db.insert(connectWorkers).values([
    { connectClusterId: 'up', url: 'http://up:8083' },
    { connectClusterId: 'down', url: 'http://down:8083' },
  ]);
});

afterAll(async () => {
  await opened?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the connector watch', () => {
  it('lists each cluster with workers once per pass, tells its listeners, and keeps the latest snapshot', async () => {
    answers.set('up', [listing('a', '1', 'FAILED')]);
    answers.set('down', 'connect cluster "down": no worker answers');
    const watch = new ConnectorWatch({ db: opened.database.db, clients, logger });
    const heard: ConnectorSnapshot[][] = [];
    watch.subscribe((snapshots) => void heard.push(snapshots));
    calls.length = 0;
    await watch.runOnce();
    expect(calls.sort()).toEqual(['down', 'up']); // 'empty' has no workers to ask
    expect(heard).toHaveLength(1);
    expect(watch.latest('up')?.listings?.map((l) => [l.name, l.status?.connector.state])).toEqual([['a', 'FAILED']]);
    expect(watch.latest('down')).toMatchObject({ connectId: 'down', error: 'connect cluster "down": no worker answers' });
    expect(watch.latest('down')?.listings).toBeUndefined();
  });

  it('joins a pass already running rather than asking Connect twice', async () => {
    const watch = new ConnectorWatch({ db: opened.database.db, clients, logger });
    calls.length = 0;
    const [first, second] = await Promise.all([watch.runOnce(), watch.runOnce()]);
    expect(second).toBe(first);
    expect(calls).toHaveLength(2);
  });

  it('keeps going when a listener throws', async () => {
    const watch = new ConnectorWatch({ db: opened.database.db, clients, logger });
    let later = 0;
    watch.subscribe(() => {
      throw new Error('listener broke');
    });
    watch.subscribe(() => void later++);
    await watch.runOnce();
    expect(later).toBe(1);
  });
});

describe('the config sync on the watch', () => {
  it('records configs from the watch’s passes at most once per interval, and at once when asked', async () => {
    const watch = new ConnectorWatch({ db: opened.database.db, clients, logger });
    const sync = startConfigSync({ db: opened.database.db, secrets, logger, clients, watch, intervalMs: 3_600_000 });
    const versions = async () => (await listVersions(opened.database.db, 'up', 'synced', { page: 1, size: 50 })).items.length;
    try {
      answers.set('up', [listing('synced', '1')]);
      await watch.runOnce(); // first pass of the sync: records
      await sync.stop(); // waits for the recording queued by that pass
      expect(await versions()).toBe(1);
    } finally {
      await sync.stop();
    }
    const again = startConfigSync({ db: opened.database.db, secrets, logger, clients, watch, intervalMs: 3_600_000 });
    try {
      await watch.runOnce();
      answers.set('up', [listing('synced', '2')]);
      await watch.runOnce(); // within the interval: left for later
      await again.stop();
      expect(await versions()).toBe(1);
    } finally {
      await again.stop();
    }
    const forced = startConfigSync({ db: opened.database.db, secrets, logger, clients, watch, intervalMs: 3_600_000 });
    expect(await forced.runOnce()).toBe(1);
    expect(await versions()).toBe(2);
    await forced.stop();
  });
});
