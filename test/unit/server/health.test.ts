import { describe, expect, it } from 'vitest';
import { ClientRegistry } from '../../../server/clusters/client-registry';
import { checkHealth } from '../../../server/health/check';
import type { Health } from '../../../server/health/schema';
import { CachedSummary } from '../../../server/health/summary';
import { SecretBox } from '../../../server/secrets/secret-box';
import { stubApp, stubDatabase } from './stub-app';

const secrets = new SecretBox('unit-test-secret-key');
const check = (database: ReturnType<typeof stubDatabase>, timeoutMs?: number) =>
  checkHealth({ database, clients: new ClientRegistry({ secrets }), secrets, version: '0.0.0', timeoutMs });

describe('the health check (GET /api/v1/health)', () => {
  it('reports a database that does not answer as down', async () => {
    const database = stubDatabase(async () => {
      throw new Error('PostgreSQL: connect ECONNREFUSED 127.0.0.1:1');
    });
    expect(await check(database)).toMatchObject({
      status: 'degraded',
      database: { status: 'down', kind: 'pglite', error: 'PostgreSQL: connect ECONNREFUSED 127.0.0.1:1' },
      kafkaClusters: [],
      connectClusters: [],
    });
  });

  it('bounds a database that hangs', async () => {
    const database = stubDatabase(() => new Promise(() => {}));
    const started = Date.now();
    const body = await check(database, 200);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(body.database).toMatchObject({ status: 'down', error: expect.stringMatching(/no answer within 200 ms/) });
  });

  it('reports a database that answers but cannot read the cluster registry as down', async () => {
    const database = {
      ...stubDatabase(),
      db: {
        select() {
          throw new Error('relation "kafka_clusters" does not exist');
        },
      } as never,
    };
    const body = await check(database);
    expect(body.status).toBe('degraded');
    expect(body.database).toEqual({ status: 'down', kind: 'pglite', error: 'relation "kafka_clusters" does not exist' });
  });
});

describe('GET /api/health (anonymous)', () => {
  it('answers the status only, with a 200, and no error text', async () => {
    const database = stubDatabase(async () => {
      throw new Error('PostgreSQL: connect ECONNREFUSED 10.1.2.3:5432');
    });
    const response = await stubApp({ database }).request('/api/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'down' });
  });

  it('checks at most once per cache period, however many ask at once or in a row', async () => {
    let pings = 0;
    const app = stubApp({
      database: stubDatabase(async () => {
        pings++;
        throw new Error('down');
      }),
    });
    await Promise.all(Array.from({ length: 20 }, () => app.request('/api/health')));
    for (let i = 0; i < 20; i++) await app.request('/api/health');
    expect(pings).toBe(1);
  });

  it('checks again once the cached answer is older than the cache period', async () => {
    let now = 0;
    let checks = 0;
    const up: Health = { status: 'ok', version: 'x', database: { status: 'up', kind: 'pglite' }, kafkaClusters: [], connectClusters: [] };
    const summary = new CachedSummary(async () => (checks++, up), 5_000, () => now);
    expect(await summary.get()).toEqual({ status: 'up' });
    now = 4_999;
    await summary.get();
    expect(checks).toBe(1);
    now = 5_000;
    await summary.get();
    expect(checks).toBe(2);
  });
});
