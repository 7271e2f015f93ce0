/**
 * Who sees what in GET /api/v1/pipelines: connectors of the Connect clusters a caller may read, consumer groups
 * (and the Kafka cluster's id) only of the Kafka clusters it may read; the query is strict.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeliveryServer, type DeliveryServer } from '../support/delivery';

let ds: DeliveryServer;
const suffix = Date.now().toString(36);

beforeAll(async () => {
  ds = await startDeliveryServer();
}, 240_000);

afterAll(async () => {
  await ds?.close();
});

async function viewer(name: string, clusters: string[] | null): Promise<(path: string) => Promise<{ status: number; body: any }>> {
  const created = await ds.api('POST', '/api/v1/tokens', { name: `${name}-${suffix}`, role: 'viewer', clusters });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return async (path) => {
    const answer = await fetch(`${ds.url}${path}`, { headers: { Authorization: `Bearer ${created.body.token}` } });
    return { status: answer.status, body: await answer.json() };
  };
}

describe('GET /api/v1/pipelines access', () => {
  it('joins the local Connect cluster to its Kafka cluster for a viewer of both', async () => {
    const get = await viewer('pipes-all', null);
    const answer = await get('/api/v1/pipelines');
    expect(answer.status).toBe(200);
    expect(answer.body.clusters.find((c: { kafkaId: string | null }) => c.kafkaId === 'local')).toMatchObject({ connectIds: expect.arrayContaining(['local']) });
  });

  it('shows connectors but no Kafka cluster to a viewer of the Connect cluster alone', async () => {
    const get = await viewer('pipes-connect', ['connect:local']);
    const answer = await get('/api/v1/pipelines');
    expect(answer.status).toBe(200);
    expect(answer.body.clusters.map((c: { kafkaId: string | null; connectIds: string[] }) => [c.kafkaId, c.connectIds])).toEqual([[null, ['local']]]);
    for (const flow of answer.body.clusters[0].flows) expect(flow.groups).toEqual([]);
  });

  it('shows nothing to a viewer of the Kafka cluster alone, and filters by query', async () => {
    const get = await viewer('pipes-kafka', ['kafka:local']);
    expect((await get('/api/v1/pipelines')).body.clusters).toEqual([]);
    // asked for by name, the Kafka cluster answers with no flow: no Connect cluster of its is readable
    const named = await get('/api/v1/pipelines?kafka=local');
    expect(named.body.clusters.map((c: { kafkaId: string; connectIds: string[]; flows: unknown[] }) => [c.kafkaId, c.connectIds, c.flows])).toEqual([['local', [], []]]);
    const admin = await ds.api('GET', '/api/v1/pipelines?connect=no-such-cluster');
    expect(admin.status).toBe(200);
    expect(admin.body.clusters).toEqual([]);
    const strict = await ds.api('GET', '/api/v1/pipelines?kafka=local&cluster=local');
    expect(strict.status).toBe(400);
    expect(JSON.stringify(strict.body)).toContain('cluster');
  });
});
