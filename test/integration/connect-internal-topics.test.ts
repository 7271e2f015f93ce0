// Kafka Connect's internal topics hold every connector's config in plain text: through the message browser a
// Kafka viewer could read the passwords of connectors on Connect clusters they have no grant on.
import { mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentApp } from '../../plugins/agent/routes';
import type { WorkerControl } from '../../plugins/agent/worker-control';
import { connectClusters, connectWorkers } from '../../server/db/tables';
import { call, connectTestApp, deleteConnectors, uniqueName, waitFor, type ConnectTestContext } from '../support/connect';
import { readStack } from '../stack/index';

const stack = readStack();
const SOURCE = 'org.apache.kafka.connect.file.FileStreamSourceConnector';
const PASSWORD = `planted-connector-password-${Date.now().toString(36)}`;
const URL_PASSWORD = `planted-url-password-${Date.now().toString(36)}`;

describe.runIf(stack)('Connect internal topics in the message browser', () => {
  let ctx: ConnectTestContext;
  const name = uniqueName('internal');
  const browse = (topic: string, headers: Record<string, string>, format = 'text') =>
    call(ctx.testApp, 'GET', `/api/v1/clusters/local/topics/${topic}/messages?limit=500&format=${format}`, headers);

  beforeAll(async () => {
    ctx = await connectTestApp(stack!);
    const config = {
      'connector.class': SOURCE,
      'tasks.max': '1',
      topic: `${name}-out`,
      file: '/dev/null',
      'database.password': PASSWORD,
      'connection.url': `http://svc:${URL_PASSWORD}@db.example:5432/x`,
    };
    const created = await call(ctx.testApp, 'PUT', `/api/v1/connect/local/connectors/${name}`, ctx.operator, { config });
    expect(created.status, JSON.stringify(created.body)).toBeLessThan(300);
  });

  afterAll(async () => {
    if (stack) await deleteConnectors(stack, [name]);
    await ctx?.testApp.close();
  });

  it('refuses the config, offsets and status topics to viewers and operators', async () => {
    for (const topic of ['connect-configs', 'connect-offsets', 'connect-status']) {
      for (const headers of [ctx.viewer, ctx.operator]) {
        const answer = await browse(topic, headers);
        expect(answer.status, topic).toBe(403);
        expect(answer.body.error.code).toBe('forbidden');
        expect(JSON.stringify(answer.body)).not.toContain(PASSWORD);
      }
    }
  });

  it('shows the config topic to a cluster manager with every secret masked, in every format', async () => {
    const page = await waitFor('the connector in connect-configs', async () => {
      const answer = await browse('connect-configs', ctx.admin, 'json');
      expect(answer.status).toBe(200);
      return JSON.stringify(answer.body).includes(`connector-${name}`) ? answer.body : undefined;
    });
    const record = page.items.find((item: { key: { value: string } }) => item.key.value === `connector-${name}`);
    expect(record.value.value.properties).toMatchObject({ 'connector.class': SOURCE, 'database.password': '********' });
    expect(record.value.value.properties['connection.url']).toBe('http://svc:********@db.example:5432/x');
    for (const format of ['json', 'text', 'hex']) {
      const answer = await browse('connect-configs', ctx.admin, format);
      expect(answer.status).toBe(200);
      const text = JSON.stringify(answer.body);
      const hex = (secret: string) => Buffer.from(secret).toString('hex');
      for (const secret of [PASSWORD, URL_PASSWORD]) {
        expect(text).not.toContain(secret);
        expect(text).not.toContain(hex(secret));
      }
    }
  });

  it('still lets a viewer browse ordinary topics', async () => {
    const answer = await browse(`${name}-out`, ctx.viewer);
    expect([200, 404]).toContain(answer.status);
    expect(answer.status === 404 ? answer.body.error.code : 'ok').not.toBe('forbidden');
  });

  it("refuses a topic the worker's agent names as internal, though no deny-list has it", async () => {
    const configTopic = uniqueName('agent-configs');
    const kafka = new kafkajs.Kafka({ clientId: 'connectory-internal-test', brokers: stack!.kafka.bootstrap.split(','), logLevel: kafkajs.logLevel.NOTHING });
    const admin = kafka.admin();
    const producer = kafka.producer();
    let agent: ServerType | undefined;
    try {
      await Promise.all([admin.connect(), producer.connect()]);
      await admin.createTopics({ topics: [{ topic: configTopic, numPartitions: 1 }], waitForLeaders: true });
      await producer.send({ topic: configTopic, messages: [{ key: 'connector-x', value: JSON.stringify({ properties: { 'database.password': PASSWORD } }) }] });
      expect((await browse(configTopic, ctx.viewer)).status).toBe(200);

      // The real agent app, its worker faked: it reads the topic names from a properties file like any agent.
      const token = 'agent-token-0123456789abcdef';
      const worker: WorkerControl = {
        status: async () => ({ state: 'running', restarts: 0, restUrl: 'http://127.0.0.1:1', restReachable: true }),
        start: async () => {},
        stop: async () => {},
        restart: async () => {},
        close: async () => {},
      };
      const pluginPath = await mkdtemp(join(tmpdir(), 'connectory-agent-'));
      const app = createAgentApp({ token, worker, pluginPath, workerTopics: async () => ({ configTopic, offsetTopic: null, statusTopic: null }) });
      agent = await new Promise<ServerType>((resolve) => {
        const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(server));
      });
      const port = (agent.address() as AddressInfo).port;
      const clusterId = uniqueName('connect');
      // a fresh app: the first one cached its agents' answer (a minute) before this cluster was registered
      const fresh = await connectTestApp(stack!);
      try {
        await fresh.testApp.database.db.insert(connectClusters).values({ id: clusterId, name: 'Team Connect', kafkaClusterId: 'local' });
        await fresh.testApp.database.db
          .insert(connectWorkers)
          .values({ connectClusterId: clusterId, url: 'http://127.0.0.1:1', agentUrl: `http://127.0.0.1:${port}`, agentTokenEnc: fresh.testApp.secrets.encrypt(token) });
        const refused = await call(fresh.testApp, 'GET', `/api/v1/clusters/local/topics/${configTopic}/messages?limit=10`, fresh.viewer);
        expect(refused.status).toBe(403);
        const shown = await call(fresh.testApp, 'GET', `/api/v1/clusters/local/topics/${configTopic}/messages?limit=10&format=text`, fresh.admin);
        expect(shown.status).toBe(200);
        expect(shown.body.items).toHaveLength(1);
        expect(JSON.stringify(shown.body)).not.toContain(PASSWORD);
      } finally {
        await fresh.testApp.close();
      }
    } finally {
      agent?.close();
      await admin.deleteTopics({ topics: [configTopic] }).catch(() => {});
      await Promise.all([producer.disconnect(), admin.disconnect()]);
    }
  });
});
