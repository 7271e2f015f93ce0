/**
 * A Connect cluster behind HTTPS with basic authentication, on the secured broker: the stack's on-demand secured
 * worker (test/stack/secured/connect.ts) is registered with its CA and credentials, a FileStreamSource connector
 * made through Connectory writes into a topic of the SASL_SSL cluster, and the message browser reads it back. A
 * wrong password and an untrusted CA are refused with messages naming the Connect cluster and the cause. Needs the
 * shared stack; starts the secured broker and worker itself if they are not running.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connectTestApp, uniqueName, waitFor, type ConnectTestContext } from '../support/connect';
import { ensureSecuredConnect, readStack, type SecuredConnect } from '../stack/index';

const stack = readStack();
const SOURCE = 'org.apache.kafka.connect.file.FileStreamSourceConnector';

describe.runIf(stack)('a Connect cluster behind HTTPS and basic auth, on a SASL_SSL Kafka', () => {
  let ctx: ConnectTestContext;
  let secured: SecuredConnect;
  let dir: string;
  const connectors: string[] = [];
  const api = <T = any>(method: string, path: string, body?: unknown, as: 'admin' | 'operator' | 'viewer' = 'admin') => call<T>(ctx.testApp, method, path, ctx[as], body);
  const connectCluster = (id: string, password = secured.password, ca = secured.caPem) => ({
    id,
    name: `Secured Connect (${id})`,
    kafkaClusterId: 'secured-kafka',
    workers: [{ url: secured.url }],
    auth: { username: secured.username, password },
    tls: { ca },
  });

  beforeAll(async () => {
    secured = await ensureSecuredConnect({ log: () => {} });
    ctx = await connectTestApp(stack!);
    dir = await mkdtemp(join(tmpdir(), 'connectory-secured-connect-'));
    const kafka = await api('POST', '/api/v1/clusters', {
      id: 'secured-kafka',
      name: 'Secured Kafka',
      bootstrapServers: [secured.kafka.saslSslBootstrap],
      tls: { ca: secured.kafka.caPem },
      sasl: { mechanism: 'scram-sha-512', username: secured.kafka.admin.username, password: secured.kafka.admin.password },
    });
    if (kafka.status !== 201) throw new Error(`registering the secured Kafka cluster: ${JSON.stringify(kafka.body)}`);
  }, 300_000);

  afterAll(async () => {
    for (const name of connectors) await api('DELETE', `/api/v1/connect/secured-connect/connectors/${name}`).catch(() => {});
    await ctx?.testApp.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('registers the HTTPS worker with its CA and basic-auth credentials: up, password masked', async () => {
    const created = await api('POST', '/api/v1/connect', connectCluster('secured-connect'));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ id: 'secured-connect', check: { status: 'up' }, auth: { kind: 'basic', username: secured.username, password: '********' } });
    expect(JSON.stringify(created.body)).not.toContain(secured.password);
  });

  it('runs a connector made through Connectory, writing into the SASL_SSL cluster, and browses what it wrote', async () => {
    const name = uniqueName('secured-source');
    const topic = uniqueName('secured-lines');
    connectors.push(name);
    const input = join(dir, 'in.txt');
    await writeFile(input, 'alpha\nbeta\ngamma\n');
    expect((await api('POST', '/api/v1/clusters/secured-kafka/topics', { name: topic, partitions: 1 }, 'operator')).status).toBe(201);
    const put = await api('PUT', `/api/v1/connect/secured-connect/connectors/${name}`, { config: { 'connector.class': SOURCE, file: input, topic, 'tasks.max': '1' } }, 'operator');
    expect(put.status, JSON.stringify(put.body)).toBe(201);

    const running = await waitFor('the connector and its task RUNNING', async () => {
      const { body } = await api('GET', `/api/v1/connect/secured-connect/connectors/${name}`, undefined, 'viewer');
      return body?.state === 'RUNNING' && body.tasks?.[0]?.state === 'RUNNING' ? body : undefined;
    }, { timeoutMs: 60_000 });
    expect(running).toMatchObject({ type: 'source', class: SOURCE });
    const values = await waitFor('three records in the topic', async () => {
      const { status, body } = await api('GET', `/api/v1/clusters/secured-kafka/topics/${topic}/messages?partition=0&offset=0&limit=10`, undefined, 'viewer');
      const seen = status === 200 ? body.items.map((m: { value: { value: string } }) => m.value.value) : [];
      return seen.length >= 3 ? seen : undefined;
    }, { timeoutMs: 60_000 });
    expect(values).toEqual(['alpha', 'beta', 'gamma']);

    expect((await api('DELETE', `/api/v1/connect/secured-connect/connectors/${name}`, undefined, 'operator')).status).toBe(204);
  }, 180_000);

  it('refuses a wrong password and an untrusted CA, naming the Connect cluster and the cause', async () => {
    const cases: [string, unknown, RegExp][] = [
      ['connect-bad-password', connectCluster('connect-bad-password', 'not-the-password'), /answered 401: .*the worker refused the credentials/],
      ['connect-untrusted', connectCluster('connect-untrusted', secured.password, secured.kafka.untrusted.caPem), /TLS: the worker's certificate is not trusted/],
      ['connect-plain-http', { ...connectCluster('connect-plain-http'), workers: [{ url: secured.url.replace('https:', 'http:') }], tls: null }, /does the worker serve https\? use an https:\/\/ URL/],
    ];
    for (const [id, body, cause] of cases) {
      const started = Date.now();
      const refused = await api('POST', '/api/v1/connect', body);
      expect(refused.status, `${id}: ${JSON.stringify(refused.body)}`).toBe(422);
      expect(refused.body.error.message, id).toMatch(new RegExp(`Connect cluster "${id}"`));
      expect(refused.body.error.message, id).toMatch(cause);
      expect(refused.body.error.message).not.toMatch(/\n\s+at /);
      expect(Date.now() - started, `${id} answered in time`).toBeLessThan(10_000);
    }
  });
});
