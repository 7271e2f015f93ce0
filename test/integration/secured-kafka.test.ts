/**
 * Connectory against a secured broker for real: the stack's on-demand secured Kafka (test/stack/secured) with a
 * SASL_SSL listener (SCRAM-SHA-512 over TLS with the stack's own CA), a mutual-TLS listener and the
 * StandardAuthorizer. Clusters are registered through the API with their TLS and SASL settings, then topics,
 * consumer groups with lag (a kafkajs consumer over SASL_SSL) and the message browser run through them; wrong
 * passwords and untrusted certificates are refused quickly with messages naming the cluster and the cause.
 * Needs the shared stack (`npm run stack:up`); starts the secured broker itself if it is not running.
 */
import kafkajs, { type Consumer, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connectTestApp, uniqueName, waitFor, type ConnectTestContext } from '../support/connect';
import { ensureSecuredKafka, readStack, securedKafkajsConfig, type SecuredKafka } from '../stack/index';

const { Kafka, logLevel } = kafkajs;
const stack = readStack();

describe.runIf(stack)('a secured Kafka cluster (SASL_SSL and mutual TLS)', () => {
  let ctx: ConnectTestContext;
  let secured: SecuredKafka;
  let producer: Producer;
  const consumers: Consumer[] = [];
  const topics: string[] = [];
  const api = <T = any>(method: string, path: string, body?: unknown, as: 'admin' | 'operator' | 'viewer' = 'admin') => call<T>(ctx.testApp, method, path, ctx[as], body);
  const kafkaAs = (user = secured.admin) => new Kafka({ clientId: 'connectory-secured-test', ...securedKafkajsConfig(secured, user), logLevel: logLevel.NOTHING });
  const saslCluster = (id: string, password = secured.admin.password, ca = secured.caPem) => ({
    id,
    name: `Secured (${id})`,
    bootstrapServers: [secured.saslSslBootstrap],
    tls: { ca },
    sasl: { mechanism: 'scram-sha-512', username: secured.admin.username, password },
  });
  const mtlsCluster = (id: string, client: { certPem: string; keyPem: string } | null) => ({
    id,
    name: `Mutual TLS (${id})`,
    bootstrapServers: [secured.mtlsBootstrap],
    tls: client ? { ca: secured.caPem, cert: client.certPem, key: client.keyPem } : { ca: secured.caPem },
  });

  beforeAll(async () => {
    secured = await ensureSecuredKafka({ log: () => {} });
    ctx = await connectTestApp(stack!);
    producer = kafkaAs().producer();
    await producer.connect();
  }, 240_000);

  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.disconnect().catch(() => {})));
    await producer?.disconnect().catch(() => {});
    if (secured && topics.length > 0) {
      const admin = kafkaAs().admin();
      await admin.connect();
      await admin.deleteTopics({ topics }).catch(() => {});
      await admin.disconnect();
    }
    await ctx?.testApp.close();
  });

  it('registers a SASL_SSL cluster (SCRAM-SHA-512, the stack CA): the connectivity check is up and secrets come back masked', async () => {
    const created = await api('POST', '/api/v1/clusters', saslCluster('secured-sasl'));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      id: 'secured-sasl',
      check: { status: 'up', clusterId: secured.clusterId, brokers: 1 },
      tls: { enabled: true, rejectUnauthorized: true, caPem: secured.caPem, key: null },
      sasl: { mechanism: 'scram-sha-512', username: 'admin', password: '********' },
    });
    expect(JSON.stringify(created.body)).not.toContain(secured.admin.password);
  });

  it('creates and lists topics through the SASL_SSL listener', async () => {
    const name = uniqueName('secured-topic');
    topics.push(name);
    const created = await api('POST', '/api/v1/clusters/secured-sasl/topics', { name, partitions: 2 }, 'operator');
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ name, partitions: 2, replicationFactor: 1 });
    const listed = await api('GET', `/api/v1/clusters/secured-sasl/topics?q=${name}`, undefined, 'viewer');
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body.items.map((topic: { name: string }) => topic.name)).toEqual([name]);
    // kafkajs, as an outside client over the same listener, sees what Connectory created
    const admin = kafkaAs().admin();
    await admin.connect();
    try {
      expect(await admin.listTopics()).toContain(name);
    } finally {
      await admin.disconnect();
    }
  });

  it('shows a kafkajs SASL_SSL consumer group with its lag, and browses the messages', async () => {
    const topic = uniqueName('secured-lag');
    const groupId = uniqueName('secured-group');
    topics.push(topic);
    expect((await api('POST', '/api/v1/clusters/secured-sasl/topics', { name: topic, partitions: 1 }, 'operator')).status).toBe(201);
    await producer.send({ topic, messages: Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: JSON.stringify({ i }) })) });

    const consumer = kafkaAs().consumer({ groupId, retry: { retries: 2 } });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const seen: string[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message.value!.toString()) });
    const groupPath = `/api/v1/clusters/secured-sasl/consumer-groups/${groupId}`;
    const caughtUp = await waitFor('the group to commit all 10 messages', async () => {
      const { status, body } = await api('GET', groupPath, undefined, 'viewer');
      return status === 200 && body.lag === 0 && body.partitions[0]?.committedOffset === 10 ? body : undefined;
    }, { timeoutMs: 60_000 });
    expect(caughtUp).toMatchObject({ groupId, state: 'Stable', protocolType: 'consumer' });
    expect(caughtUp.members).toHaveLength(1);
    expect(seen).toHaveLength(10);

    await consumer.disconnect();
    await producer.send({ topic, messages: Array.from({ length: 5 }, (_, i) => ({ value: `late-${i}` })) });
    const behind = await api('GET', groupPath, undefined, 'viewer');
    expect(behind.status, JSON.stringify(behind.body)).toBe(200);
    expect(behind.body).toMatchObject({ lag: 5, partitions: [{ topic, partition: 0, committedOffset: 10, logEndOffset: 15, lag: 5 }] });
    const listed = await api('GET', `/api/v1/clusters/secured-sasl/consumer-groups?q=${encodeURIComponent(groupId)}`, undefined, 'viewer');
    expect(listed.body.items).toEqual([expect.objectContaining({ groupId, lag: 5 })]);

    const browsed = await api('GET', `/api/v1/clusters/secured-sasl/topics/${topic}/messages?partition=0&offset=8&limit=4`, undefined, 'viewer');
    expect(browsed.status, JSON.stringify(browsed.body)).toBe(200);
    expect(browsed.body.items.map((m: { offset: number; value: { value: string } }) => [m.offset, m.value.value])).toEqual([
      [8, '{"i":8}'],
      [9, '{"i":9}'],
      [10, 'late-0'],
      [11, 'late-1'],
    ]);
  });

  it('registers the mutual-TLS listener with a client certificate, and reads topics through it', async () => {
    const created = await api('POST', '/api/v1/clusters', mtlsCluster('secured-mtls', secured.mtlsClient));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ check: { status: 'up', clusterId: secured.clusterId }, sasl: null, tls: { certPem: secured.mtlsClient.certPem, key: '********' } });
    const [name] = topics;
    const listed = await api('GET', `/api/v1/clusters/secured-mtls/topics?q=${name}`, undefined, 'viewer');
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body.items.map((topic: { name: string }) => topic.name)).toEqual([name]);
  });

  it('refuses a wrong password, an untrusted CA and a missing or untrusted client certificate quickly, naming the cluster and the cause', async () => {
    const cases: [string, unknown, RegExp][] = [
      ['bad-password', saslCluster('bad-password', 'not-the-password'), /SASL SCRAM-SHA-512 authentication as "admin": SASL_AUTHENTICATION_FAILED \(.*invalid credentials/],
      ['untrusted-ca', saslCluster('untrusted-ca', secured.admin.password, secured.untrusted.caPem), /TLS: the broker's certificate is not trusted \(self-signed certificate in certificate chain\)/],
      ['no-client-cert', mtlsCluster('no-client-cert', null), /TLS: the broker refused the handshake .*requires a client certificate it trusts/],
      ['rogue-client-cert', mtlsCluster('rogue-client-cert', secured.untrusted), /TLS: the broker refused the handshake .*requires a client certificate it trusts/],
      ['tls-off', { ...saslCluster('tls-off'), tls: null }, /the broker answered with TLS: .*turn TLS on/],
    ];
    for (const [id, body, cause] of cases) {
      const started = Date.now();
      const refused = await api('POST', '/api/v1/clusters', body);
      expect(refused.status, `${id}: ${JSON.stringify(refused.body)}`).toBe(422);
      expect(refused.body.error.code).toBe('unreachable');
      expect(refused.body.error.message).toMatch(new RegExp(`^Kafka cluster "${id}": `));
      expect(refused.body.error.message, id).toMatch(cause);
      expect(refused.body.error.message).not.toMatch(/\.c:\d+|at \w+ \(|node:internal/); // no OpenSSL source lines, no stack
      expect(Date.now() - started, `${id} answered in time`).toBeLessThan(10_000);
    }
    expect((await api('GET', '/api/v1/clusters')).body.items.map((c: { id: string }) => c.id).sort()).toEqual(['local', 'secured-mtls', 'secured-sasl']);
  });

  it('a registered cluster whose password changed on the broker side answers API calls with a clear 5xx naming the cluster', async () => {
    const forced = await api('POST', '/api/v1/clusters?force=true', saslCluster('stale-password', 'rotated-away'));
    expect(forced.status).toBe(201);
    expect(forced.body.check.status).toBe('down');
    const { status, body } = await api('GET', '/api/v1/clusters/stale-password/topics', undefined, 'viewer');
    expect(status, JSON.stringify(body)).toBeGreaterThanOrEqual(500);
    expect(body.error.message).toMatch(/Kafka cluster "stale-password": .*SASL_AUTHENTICATION_FAILED/);
    expect(JSON.stringify(body)).not.toMatch(/\n\s+at /);
  });
});
