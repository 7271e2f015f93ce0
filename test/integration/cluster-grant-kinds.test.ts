// The local stack registers a Kafka and a Connect cluster both called `local`: a grant on one must not unlock the other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenFor } from '../support/auth';
import { call, connectTestApp, type ConnectTestContext } from '../support/connect';
import { readStack } from '../stack/index';

const stack = readStack();

describe.runIf(stack)('cluster grants name the kind of cluster', () => {
  let ctx: ConnectTestContext;
  const get = (path: string, headers: Record<string, string>) => call(ctx.testApp, 'GET', path, headers);

  beforeAll(async () => {
    ctx = await connectTestApp(stack!);
  });
  afterAll(() => ctx?.testApp.close());

  it('a grant on Kafka cluster "local" does not reach Connect cluster "local", nor the other way round', async () => {
    const kafkaOnly = (await tokenFor(ctx.testApp, 'operator', ['kafka:local'])).headers;
    expect((await get('/api/v1/clusters/local/topics', kafkaOnly)).status).toBe(200);
    expect((await get('/api/v1/connect/local/connectors', kafkaOnly)).status).toBe(403);
    expect((await get('/api/v1/connect', kafkaOnly)).body.items).toEqual([]);
    expect((await get('/api/v1/clusters', kafkaOnly)).body.items.map((c: { id: string }) => c.id)).toEqual(['local']);

    const connectOnly = (await tokenFor(ctx.testApp, 'operator', ['connect:local'])).headers;
    expect((await get('/api/v1/connect/local/connectors', connectOnly)).status).toBe(200);
    expect((await get('/api/v1/clusters/local/topics', connectOnly)).status).toBe(403);
    expect((await get('/api/v1/clusters/local/topics/connect-configs/messages', connectOnly)).status).toBe(403);
    expect((await get('/api/v1/clusters', connectOnly)).body.items).toEqual([]);
  });

  it('a bare id is stored as the kinds registered under it, and a kinded one as given', async () => {
    const create = (username: string, clusters: string[]) =>
      call(ctx.testApp, 'POST', '/api/v1/users', ctx.admin, { username, password: 'a-long-enough-password', role: 'viewer', clusters });
    expect((await create('grant-bare', ['local', 'not-registered'])).body.clusters).toEqual(['connect:local', 'kafka:local', 'not-registered']);
    expect((await create('grant-kinded', ['kafka:local'])).body.clusters).toEqual(['kafka:local']);
    const token = await call(ctx.testApp, 'POST', '/api/v1/tokens', ctx.admin, { name: 'kinded', role: 'viewer', clusters: ['connect:local'] });
    expect(token.body.clusters).toEqual(['connect:local']);
    const bad = await create('grant-bad', ['zookeeper:local']);
    expect(bad.status).toBe(400);
  });
});
