// Registering Kafka and Connect clusters against the local stack's real services: connectivity is tested on
// save, unreachable systems are refused unless forced, secrets are stored encrypted and shown masked.
import { createServer, type AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { kafkaConnectionFor } from '../../server/clusters/clients';
import { getConnectCluster, getKafkaCluster } from '../../server/clusters/registry';
import { auditLog, connectClusters, kafkaClusters } from '../../server/db/tables';
import { SECRET_MASK } from '../../server/secrets/masking';
import { call, connectTestApp, type ConnectTestContext } from '../support/connect';
import { readStack } from '../stack/index';

const stack = readStack();

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe.runIf(stack)('cluster registry', () => {
  let ctx: ConnectTestContext;
  const api = (method: string, path: string, body?: unknown, headers = ctx.admin) => call(ctx.testApp, method, path, headers, body);

  beforeAll(async () => {
    ctx = await connectTestApp(stack!);
  });
  afterAll(() => ctx?.testApp.close());

  describe('Kafka clusters', () => {
    it('registers a reachable cluster with the connectivity result', async () => {
      const created = await api('POST', '/api/v1/clusters', { id: 'it-kafka', name: 'Integration Kafka', bootstrapServers: [stack!.kafka.bootstrap] });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ id: 'it-kafka', bootstrapServers: [stack!.kafka.bootstrap], tls: null, sasl: null, check: { status: 'up' } });
      expect(created.body.check.brokers).toBeGreaterThanOrEqual(1);
      expect((await api('POST', '/api/v1/clusters', { id: 'it-kafka', name: 'again', bootstrapServers: [stack!.kafka.bootstrap] })).status).toBe(409);
      expect((await api('GET', '/api/v1/clusters', undefined, ctx.viewer)).body.items.map((c: { id: string }) => c.id)).toEqual(['it-kafka', 'local']);
    });

    it('refuses an unreachable cluster with 422 naming Kafka, unless forced', async () => {
      const body = {
        id: 'it-down',
        name: 'Down',
        bootstrapServers: [`127.0.0.1:${await closedPort()}`],
        sasl: { mechanism: 'scram-sha-512', username: 'svc', password: 'planted-sasl-secret-77' },
      };
      const refused = await api('POST', '/api/v1/clusters', body);
      expect(refused.status).toBe(422);
      expect(refused.body.error.code).toBe('unreachable');
      expect(refused.body.error.message).toMatch(/^Kafka cluster "it-down": .*\?force=true$/);
      expect(await ctx.testApp.database.db.select().from(kafkaClusters).where(eq(kafkaClusters.id, 'it-down'))).toEqual([]);

      const forced = await api('POST', '/api/v1/clusters?force=true', body);
      expect(forced.status).toBe(201);
      expect(forced.body).toMatchObject({ check: { status: 'down' }, sasl: { mechanism: 'scram-sha-512', username: 'svc', password: SECRET_MASK } });
    });

    it('stores secrets encrypted and keeps them when the mask comes back', async () => {
      const stored = async () => (await ctx.testApp.database.db.select().from(kafkaClusters).where(eq(kafkaClusters.id, 'it-down')))[0]!;
      const before = await stored();
      expect(JSON.stringify(before)).not.toContain('planted-sasl-secret-77');
      expect(ctx.testApp.secrets.decrypt(before.sasl!.passwordEnc)).toBe('planted-sasl-secret-77');

      const shown = (await api('GET', '/api/v1/clusters/it-down')).body;
      const edited = await api('PUT', '/api/v1/clusters/it-down?force=true', { name: 'Renamed', bootstrapServers: shown.bootstrapServers, sasl: shown.sasl });
      expect(edited.status).toBe(200);
      expect(edited.body.name).toBe('Renamed');
      expect(ctx.testApp.secrets.decrypt((await stored()).sasl!.passwordEnc)).toBe('planted-sasl-secret-77');

      const noMaskStored = await api('PUT', '/api/v1/clusters/it-down?force=true', { name: 'x', bootstrapServers: shown.bootstrapServers, tls: { key: SECRET_MASK } });
      expect(noMaskStored.status).toBe(400);
      expect(noMaskStored.body.error.field).toBe('tls.key');
    });

    it('closes every Kafka connection of a cluster it removes: no request reopens them', async () => {
      expect((await api('POST', '/api/v1/clusters', { id: 'it-gone', name: 'Gone', bootstrapServers: [stack!.kafka.bootstrap] })).status).toBe(201);
      // Used by the topic console and the consumer-group sampler alike: both read through the app's one client.
      expect((await api('GET', '/api/v1/clusters/it-gone/topics', undefined, ctx.viewer)).status).toBe(200);
      expect((await api('GET', '/api/v1/clusters/it-gone/consumer-groups', undefined, ctx.viewer)).status).toBe(200);
      expect(ctx.testApp.clients.kafka.clusterIds()).toContain('it-gone');
      const cluster = (await getKafkaCluster(ctx.testApp.database.db, 'it-gone'))!;
      const client = ctx.testApp.clients.kafka.get(kafkaConnectionFor(cluster, ctx.testApp.secrets));
      await expect(client.metadata([])).resolves.toMatchObject({ clusterId: stack!.kafka.clusterId });

      expect((await api('DELETE', '/api/v1/clusters/it-gone')).status).toBe(204);
      expect(ctx.testApp.clients.kafka.clusterIds()).not.toContain('it-gone');
      await expect(client.metadata([])).rejects.toThrow(/client closed/);
    });

    it('removes a cluster', async () => {
      expect((await api('DELETE', '/api/v1/clusters/it-down')).status).toBe(204);
      expect((await api('GET', '/api/v1/clusters/it-down')).status).toBe(404);
      expect((await api('DELETE', '/api/v1/clusters/it-down')).status).toBe(404);
    });
  });

  describe('Connect clusters', () => {
    const workers = () => stack!.connect.workers.map((worker) => ({ url: worker.url, agentUrl: worker.agentUrl }));

    it("registers a cluster after asking every worker, and reads its connectors", async () => {
      const created = await api('POST', '/api/v1/connect', {
        id: 'it-connect',
        name: 'Integration Connect',
        kafkaClusterId: 'it-kafka',
        workers: workers(),
        agentToken: stack!.connect.agentToken,
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ id: 'it-connect', kafkaClusterId: 'it-kafka', check: { status: 'up' } });
      expect(created.body.check.workers).toHaveLength(2);
      for (const worker of created.body.check.workers) {
        expect(worker).toMatchObject({ status: 'up', version: stack!.versions.kafka, kafkaClusterId: expect.any(String) });
      }
      expect(created.body.workers).toHaveLength(stack!.connect.workers.length);
      expect(created.body.workers.every((worker: { agentToken: string }) => worker.agentToken === SECRET_MASK)).toBe(true);
      expect((await api('GET', '/api/v1/connect/it-connect/connectors', undefined, ctx.viewer)).status).toBe(200);
      expect((await api('GET', '/api/v1/connect/local')).status).toBe(200);
    });

    it('refuses a cluster with a dead worker, naming it, unless forced', async () => {
      const dead = `http://127.0.0.1:${await closedPort()}`;
      const body = { id: 'it-partial', name: 'Partial', workers: [...workers(), { url: dead }], auth: { username: 'ops', password: 'planted-connect-secret-12' } };
      const refused = await api('POST', '/api/v1/connect', body);
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatchObject({ code: 'unreachable' });
      expect(refused.body.error.message).toContain(`Kafka Connect worker ${dead}: GET / failed: ECONNREFUSED`);

      const forced = await api('POST', '/api/v1/connect?force=true', body);
      expect(forced.status).toBe(201);
      expect(forced.body.check.status).toBe('degraded');
      expect(forced.body.auth).toEqual({ kind: 'basic', username: 'ops', password: SECRET_MASK });
    });

    it('keeps the stored password when the mask comes back, and checks the Kafka reference', async () => {
      const shown = (await api('GET', '/api/v1/connect/it-partial')).body;
      const saved = await api('PUT', '/api/v1/connect/it-partial', { name: shown.name, workers: workers(), auth: shown.auth });
      expect(saved.status).toBe(200);
      expect(saved.body.workers).toHaveLength(2);
      const [row] = await ctx.testApp.database.db.select().from(connectClusters).where(eq(connectClusters.id, 'it-partial'));
      expect(row!.auth?.kind === 'basic' && ctx.testApp.secrets.decrypt(row!.auth.passwordEnc)).toBe('planted-connect-secret-12');

      const badReference = await api('PUT', '/api/v1/connect/it-partial', { name: 'x', workers: workers(), kafkaClusterId: 'nope' });
      expect(badReference.status).toBe(400);
      expect(badReference.body.error.field).toBe('kafkaClusterId');
    });

    it('is refused to anyone without cluster:manage', async () => {
      const body = { id: 'it-nope', name: 'Nope', workers: workers() };
      expect((await api('POST', '/api/v1/connect', body, ctx.operator)).status).toBe(403);
      expect((await api('DELETE', '/api/v1/connect/it-connect', undefined, ctx.viewer)).status).toBe(403);
    });

    it('removes clusters and audits every change without secrets', async () => {
      for (const id of ['it-connect', 'it-partial']) expect((await api('DELETE', `/api/v1/connect/${id}`)).status).toBe(204);
      expect((await api('DELETE', '/api/v1/clusters/it-kafka')).status).toBe(204);
      const entries = await ctx.testApp.database.db.select().from(auditLog);
      const actions = entries.map((entry) => entry.action);
      expect(actions).toEqual(
        expect.arrayContaining(['cluster.create', 'cluster.update', 'cluster.delete', 'connect-cluster.create', 'connect-cluster.update', 'connect-cluster.delete']),
      );
      const text = JSON.stringify(entries);
      for (const secret of ['planted-connect-secret-12', 'planted-sasl-secret-77', stack!.connect.agentToken]) expect(text).not.toContain(secret);
    });
  });

  describe("a removed cluster's clients", () => {
    it('are the ones every feature used, and are released when the cluster is removed', async () => {
      const { clients, database, secrets } = ctx.testApp;
      expect((await api('POST', '/api/v1/clusters', { id: 'it-release', name: 'Released', bootstrapServers: [stack!.kafka.bootstrap] })).status).toBe(201);
      const connectBody = {
        id: 'it-release-connect',
        name: 'Released Connect',
        kafkaClusterId: 'it-release',
        workers: stack!.connect.workers.map((worker) => ({ url: worker.url, agentUrl: worker.agentUrl })),
        agentToken: stack!.connect.agentToken,
      };
      expect((await api('POST', '/api/v1/connect', connectBody)).status).toBe(201);

      // What the registry holds for them now: the very clients the features below must reach them through.
      const connection = kafkaConnectionFor((await getKafkaCluster(database.db, 'it-release'))!, secrets);
      const connectCluster = (await getConnectCluster(database.db, 'it-release-connect'))!;
      const kafka = clients.kafka.get(connection);
      const connect = clients.connect.get(connectCluster);
      const agents = connectCluster.workers.map((worker) => clients.agents.get(worker, connectCluster)!);
      expect(agents).toHaveLength(2);
      const used = {
        kafka: vi.spyOn(kafka, 'describeCluster'),
        connect: vi.spyOn(connect, 'listConnectors'),
        agents: agents.map((agent) => vi.spyOn(agent, 'health')),
      };

      expect((await api('GET', '/api/health')).status).toBe(200);
      expect((await api('GET', '/api/v1/clusters/it-release/brokers')).status).toBe(200);
      expect((await api('GET', '/api/v1/dashboard')).status).toBe(200);
      expect((await api('GET', '/api/v1/connect/it-release-connect/connectors')).status).toBe(200);
      expect(used.kafka).toHaveBeenCalled();
      expect(used.connect).toHaveBeenCalledTimes(2);
      for (const agent of used.agents) expect(agent).toHaveBeenCalled();
      // Same settings, same clients.
      expect(clients.connect.get(connectCluster)).toBe(connect);
      expect(clients.kafka.get(connection)).toBe(kafka);

      expect((await api('DELETE', '/api/v1/connect/it-release-connect')).status).toBe(204);
      expect((await api('DELETE', '/api/v1/clusters/it-release')).status).toBe(204);
      await expect(kafka.metadata([])).rejects.toThrow(/client closed/);
      // Asked again for the same settings, the registry has nothing left to hand back: it builds new clients.
      expect(clients.connect.get(connectCluster)).not.toBe(connect);
      connectCluster.workers.forEach((worker, index) => expect(clients.agents.get(worker, connectCluster)).not.toBe(agents[index]));
      expect(clients.kafka.get(connection)).not.toBe(kafka);
    });
  });
});
