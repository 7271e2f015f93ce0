import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectClient, ConnectWorkerError } from '../../../server/connect/client';
import { KafkaClients } from '../../../server/kafka/pool';
import { KafkaClusterError } from '../../../server/kafka/protocol';

let worker: Server;
let workerUrl: string;

beforeAll(async () => {
  // Stands in for a Connect worker's REST API.
  worker = createServer((req, res) => {
    res.setHeader('Content-Type', 'application/json');
    if (req.url === '/' && req.headers.authorization === 'Basic dTpw') {
      res.end(JSON.stringify({ version: '4.1.0', commit: 'abc', kafka_cluster_id: 'k1' }));
    } else if (req.url === '/') {
      res.statusCode = 401;
      res.end(JSON.stringify({ error_code: 401, message: 'Credentials required' }));
    }
  });
  await new Promise<void>((resolve) => worker.listen(0, '127.0.0.1', resolve));
  workerUrl = `http://127.0.0.1:${(worker.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => worker.close(() => resolve())));

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('ConnectClient.workerInfo', () => {
  it('reads version, commit and Kafka cluster id', async () => {
    const client = new ConnectClient([`${workerUrl}/`], { headers: { Authorization: 'Basic dTpw' } });
    expect(client.workerUrls).toEqual([workerUrl]);
    expect(await client.workerInfo(workerUrl)).toEqual({ version: '4.1.0', commit: 'abc', kafkaClusterId: 'k1' });
  });

  it("names the worker and passes on Connect's own error message", async () => {
    const client = new ConnectClient([workerUrl]);
    const error = await client.workerInfo(workerUrl).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectWorkerError);
    expect((error as ConnectWorkerError).status).toBe(401);
    expect((error as Error).message).toBe(`Kafka Connect worker ${workerUrl}: GET / answered 401: Credentials required (the worker refused the credentials: check the cluster's user name and password, or token)`);
  });

  it('names an unreachable worker and the reason', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const error = await new ConnectClient([url]).workerInfo(url).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(new RegExp(`^Kafka Connect worker ${url}: GET / failed: ECONNREFUSED`));
  });
});

describe('KafkaClient.describeCluster', () => {
  it('names the cluster when its brokers cannot be reached, within the timeout', async () => {
    const clients = new KafkaClients();
    const kafka = clients.get({ clusterId: 'nowhere', brokers: [`127.0.0.1:${await closedPort()}`] });
    const started = Date.now();
    const error = await kafka.describeCluster({ timeoutMs: 1_500 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error).toBeInstanceOf(KafkaClusterError);
    expect((error as Error).message).toMatch(/^Kafka cluster "nowhere": describe cluster( failed|: no answer)/);
    await clients.closeAll();
  });

  it('gives up on a broker that accepts connections but never answers, at the timeout', async () => {
    const silent = createNetServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const clients = new KafkaClients();
    const kafka = clients.get({ clusterId: 'silent', brokers: [`127.0.0.1:${(silent.address() as AddressInfo).port}`] });
    try {
      const started = Date.now();
      const error = await kafka.describeCluster({ timeoutMs: 500 }).catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(1_500);
      expect((error as Error).message).toBe('Kafka cluster "silent": describe cluster: no answer within 500 ms');
    } finally {
      await clients.closeAll();
      silent.close();
    }
  });
});
