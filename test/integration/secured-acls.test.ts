/**
 * ACLs enforced for real: on the stack's secured broker (StandardAuthorizer, nobody allowed without an ACL) the
 * SCRAM principal `User:reader` is refused reading a topic by the broker; after Connectory grants it the consumer
 * template's ACLs it reads; after Connectory deletes them it is refused again. kafkajs over SASL_SSL is the
 * independent client. Needs the shared stack; starts the secured broker itself if it is not running.
 */
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connectTestApp, uniqueName, waitFor, type ConnectTestContext } from '../support/connect';
import { ensureSecuredKafka, readStack, securedKafkajsConfig, type SecuredKafka } from '../stack/index';

const { Kafka, logLevel } = kafkajs;
const stack = readStack();
const ACLS = '/api/v1/clusters/secured-acls/acls';

type ReadOutcome = { read: string[] } | { refused: string } | { stalled: string[] };

/** Error types and messages along kafkajs' wrapping (KafkaJSNonRetriableError → originalError → …). */
function describeKafkajsError(error: unknown): string {
  const parts: string[] = [];
  for (let current = error as { type?: string; message?: string; originalError?: unknown; cause?: unknown } | undefined, depth = 0; current && depth < 5; depth++) {
    parts.push([current.type, current.message].filter(Boolean).join(': '));
    current = (current.originalError ?? current.cause) as typeof current;
  }
  return parts.join(' <- ');
}

describe.runIf(stack)('ACLs enforced by the secured broker, managed through Connectory', () => {
  let ctx: ConnectTestContext;
  let secured: SecuredKafka;
  const topic = uniqueName('acl-enforced');
  const group = uniqueName('acl-enforced-group');
  const api = <T = any>(method: string, path: string, body?: unknown) => call<T>(ctx.testApp, method, path, ctx.admin, body);
  const kafkaAs = (user: SecuredKafka['admin']) => new Kafka({ clientId: 'connectory-acl-test', ...securedKafkajsConfig(secured, user), logLevel: logLevel.NOTHING });

  /** One attempt by `User:reader` to read the topic's 3 messages in the group: what it read, or why it was refused. */
  async function readAsReader(): Promise<ReadOutcome> {
    const consumer = kafkaAs(secured.reader).consumer({ groupId: group, retry: { retries: 0, restartOnFailure: async () => false } });
    let crash: unknown;
    consumer.on(consumer.events.CRASH, (event) => {
      crash = event.payload.error;
    });
    const values: string[] = [];
    try {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void values.push(message.value!.toString()) });
      const deadline = Date.now() + 30_000;
      while (!crash && values.length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
      if (crash) return { refused: describeKafkajsError(crash) };
      return values.length >= 3 ? { read: values } : { stalled: values };
    } catch (error) {
      return { refused: describeKafkajsError(error) };
    } finally {
      await consumer.disconnect().catch(() => {});
    }
  }

  /** The broker applies ACL changes from its metadata log: wait (bounded) until the outcome is the expected kind; the last outcome is in the timeout's message. */
  const waitForOutcome = (kind: 'read' | 'refused') =>
    waitFor(`the reader to be ${kind === 'read' ? 'allowed' : 'refused'}`, async () => {
      const outcome = await readAsReader();
      if (kind in outcome) return outcome;
      throw new Error(`got ${JSON.stringify(outcome)}`);
    }, { timeoutMs: 60_000, intervalMs: 1_000 });

  beforeAll(async () => {
    secured = await ensureSecuredKafka({ log: () => {} });
    ctx = await connectTestApp(stack!);
    const registered = await api('POST', '/api/v1/clusters', {
      id: 'secured-acls',
      name: 'Secured (ACLs)',
      bootstrapServers: [secured.saslSslBootstrap],
      tls: { ca: secured.caPem },
      sasl: { mechanism: 'scram-sha-512', username: secured.admin.username, password: secured.admin.password },
    });
    if (registered.status !== 201) throw new Error(`registering the secured cluster: ${JSON.stringify(registered.body)}`);
    const created = await api('POST', '/api/v1/clusters/secured-acls/topics', { name: topic, partitions: 1 });
    if (created.status !== 201) throw new Error(`creating ${topic}: ${JSON.stringify(created.body)}`);
    const producer = kafkaAs(secured.admin).producer();
    await producer.connect();
    await producer.send({ topic, messages: ['one', 'two', 'three'].map((value) => ({ value })) });
    await producer.disconnect();
  }, 240_000);

  afterAll(async () => {
    if (secured) {
      const admin = kafkaAs(secured.admin).admin();
      await admin.connect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => {});
      await admin.deleteGroups([group]).catch(() => {});
      await admin.disconnect();
    }
    await ctx?.testApp.close();
  });

  it('refuses User:reader, lets it read after a grant through Connectory, and refuses it again after the ACLs are deleted', async () => {
    const before = await readAsReader();
    expect(before).toEqual({ refused: expect.stringMatching(/TOPIC_AUTHORIZATION_FAILED|GROUP_AUTHORIZATION_FAILED/) });

    const granted = await api('POST', `${ACLS}/templates`, { template: 'consumer', principal: secured.reader.principal, topic, group });
    expect(granted.status, JSON.stringify(granted.body)).toBe(201);
    expect(granted.body.created).toHaveLength(3);
    const listed = await api('GET', `${ACLS}?${new URLSearchParams({ principal: secured.reader.principal })}`);
    expect(listed.body.items.map((b: { resourceType: string; resourceName: string; operation: string }) => `${b.resourceType}:${b.resourceName}:${b.operation}`).sort()).toEqual(
      [`GROUP:${group}:READ`, `TOPIC:${topic}:DESCRIBE`, `TOPIC:${topic}:READ`].sort(),
    );

    expect(await waitForOutcome('read')).toEqual({ read: ['one', 'two', 'three'] });

    for (const binding of granted.body.created as Record<string, string>[]) {
      const deleted = await api('DELETE', `${ACLS}?${new URLSearchParams(binding)}`);
      expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    }
    expect((await api('GET', `${ACLS}?${new URLSearchParams({ principal: secured.reader.principal })}`)).body).toMatchObject({ items: [], total: 0 });
    expect(await waitForOutcome('refused')).toEqual({ refused: expect.stringMatching(/TOPIC_AUTHORIZATION_FAILED|GROUP_AUTHORIZATION_FAILED/) });
  }, 240_000);
});
