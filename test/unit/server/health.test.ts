import { describe, expect, it } from 'vitest';
import { stubApp, stubDatabase } from './stub-app';

describe('GET /api/health', () => {
  it('reports a database that does not answer as down, still with a 200', async () => {
    const database = stubDatabase(async () => {
      throw new Error('PostgreSQL: connect ECONNREFUSED 127.0.0.1:1');
    });
    const response = await stubApp({ database }).request('/api/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'degraded',
      database: { status: 'down', kind: 'pglite', error: 'PostgreSQL: connect ECONNREFUSED 127.0.0.1:1' },
      kafkaClusters: [],
      connectClusters: [],
    });
  });

  it('bounds a database that hangs', async () => {
    const database = stubDatabase(() => new Promise(() => {}));
    const app = stubApp({ database, healthTimeoutMs: 200 });
    const started = Date.now();
    const body = (await (await app.request('/api/health')).json()) as { database: { status: string; error: string } };
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
    const body = (await (await stubApp({ database }).request('/api/health')).json()) as { status: string; database: unknown };
    expect(body.status).toBe('degraded');
    expect(body.database).toEqual({ status: 'down', kind: 'pglite', error: 'relation "kafka_clusters" does not exist' });
  });
});
