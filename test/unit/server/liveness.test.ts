// The one "is it up" rule shared by the connectivity test, /api/health and the dashboard. A fake worker stands in
// for fault injection (a worker that refuses with an error answer); a closed port for one that is gone.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClusterLiveness, probeConnectCluster, probeKafka, probeWorker } from '../../../server/clusters/liveness';
import { ConnectClient } from '../../../server/connect/client';
import { withKafkaClient } from '../../../server/kafka/pool';

let worker: Server;
let workerUrl: string;
let failingUrl: string;
let failing: Server;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  worker = createServer((_req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ version: '4.1.0', commit: 'abc', kafka_cluster_id: 'k1' }));
  });
  failing = createServer((_req, res) => {
    res.statusCode = 500;
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ error_code: 500, message: 'injected failure' }));
  });
  workerUrl = await listen(worker);
  failingUrl = await listen(failing);
});

afterAll(async () => {
  await Promise.all([worker, failing].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

describe('connectClusterLiveness', () => {
  const up = { status: 'up' as const };
  const down = { status: 'down' as const };

  it('is up when every worker is, degraded when some are, down when none are', () => {
    expect(connectClusterLiveness([up, up])).toBe('up');
    expect(connectClusterLiveness([up, down])).toBe('degraded');
    expect(connectClusterLiveness([down, up, up])).toBe('degraded');
    expect(connectClusterLiveness([down, down])).toBe('down');
  });

  it('calls a cluster without workers down: nothing answers for it', () => {
    expect(connectClusterLiveness([])).toBe('down');
  });
});

describe('probeWorker', () => {
  it("is up with the worker's version and Kafka cluster when GET / answers", async () => {
    expect(await probeWorker(new ConnectClient([workerUrl]), workerUrl, 1_000)).toEqual({ url: workerUrl, status: 'up', version: '4.1.0', kafkaClusterId: 'k1' });
  });

  it('is down, saying why and naming the worker, when it answers an error or not at all', async () => {
    expect(await probeWorker(new ConnectClient([failingUrl]), failingUrl, 1_000)).toEqual({
      url: failingUrl,
      status: 'down',
      error: `Kafka Connect worker ${failingUrl}: GET / answered 500: injected failure`,
    });
    const gone = `http://127.0.0.1:${await closedPort()}`;
    const probe = await probeWorker(new ConnectClient([gone]), gone, 1_000);
    expect(probe).toMatchObject({ url: gone, status: 'down' });
    expect(probe.status === 'down' && probe.error).toMatch(new RegExp(`^Kafka Connect worker ${gone}: GET / failed: ECONNREFUSED`));
  });
});

describe('probeConnectCluster', () => {
  it('asks every worker the client knows and rates the cluster by the rule', async () => {
    const gone = `http://127.0.0.1:${await closedPort()}`;
    const degraded = await probeConnectCluster(new ConnectClient([workerUrl, gone]), 1_000);
    expect(degraded.status).toBe('degraded');
    expect(degraded.workers.map((w) => [w.url, w.status])).toEqual([
      [workerUrl, 'up'],
      [gone, 'down'],
    ]);
    expect((await probeConnectCluster(new ConnectClient([workerUrl]), 1_000)).status).toBe('up');
    expect((await probeConnectCluster(new ConnectClient([failingUrl, gone]), 1_000)).status).toBe('down');
  });
});

describe('probeKafka', () => {
  it('is down, naming the cluster, when no broker answers within the bound', async () => {
    const connection = { clusterId: 'nowhere', brokers: [`127.0.0.1:${await closedPort()}`] };
    const probe = await withKafkaClient(connection, (kafka) => probeKafka(kafka, 1_500));
    expect(probe.status).toBe('down');
    expect(probe.status === 'down' && probe.error).toMatch(/^Kafka cluster "nowhere"/);
  });
});
