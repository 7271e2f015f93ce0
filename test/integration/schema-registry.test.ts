/**
 * Schema registry against a real Apicurio Registry (its Confluent-compatible API) and the stack's Kafka: versions,
 * diff, compatibility refusals with the registry's reason, subjects paged from bulk calls, wire-format messages
 * (Avro and Protobuf, encoded here with avsc and protobufjs) decoded by the message browser, and the produce API
 * read back by a plain kafkajs consumer. Needs the stack (`npm run stack:up`).
 */
import avro from 'avsc';
import kafkajs, { type Admin } from 'kafkajs';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../server/db/tables';
import { call, connectTestApp, uniqueName, waitFor, type ConnectTestContext } from '../support/connect';
import { registryCall, testSchemaRegistry } from '../support/schema-registry';
import { freePort } from '../stack/ports';
import { readStack } from '../stack/index';

const { Kafka, logLevel } = kafkajs;
const stack = readStack();

const recordV1 = { type: 'record', name: 'Order', namespace: 'it', fields: [{ name: 'id', type: 'string' }] };
const recordV2 = { ...recordV1, fields: [...recordV1.fields, { name: 'amount', type: 'int', default: 0 }] };
/** Drops `amount` and retypes `id`: BACKWARD-incompatible. */
const recordV3 = { ...recordV1, fields: [{ name: 'id', type: 'int' }] };
const PROTO = 'syntax = "proto3";\npackage it;\n\nmessage Payment {\n  string id = 1;\n  int64 cents = 2;\n  Status status = 3;\n}\n\nenum Status {\n  UNKNOWN = 0;\n  PAID = 1;\n}\n';

const wire = (id: number, payload: Buffer | Uint8Array) => {
  const header = Buffer.alloc(5);
  header.writeUInt32BE(id, 1);
  return Buffer.concat([header, Buffer.from(payload)]);
};

describe.runIf(stack)('Schema registry (Apicurio, Confluent API) and decoded messages', () => {
  const kafka = new Kafka({ clientId: 'connectory-sr-test', brokers: stack?.kafka.bootstrap.split(',') ?? [], logLevel: logLevel.NOTHING });
  let ctx: ConnectTestContext;
  let admin: Admin;
  let registryUrl: string;
  const registryId = uniqueName('sr').slice(0, 60);
  const topics: string[] = [];
  const subjects: string[] = [];
  const api = <T = any>(method: string, path: string, body?: unknown, as: 'admin' | 'operator' | 'viewer' = 'admin') => call<T>(ctx.testApp, method, path, ctx[as], body);
  const R = `/api/v1/schema-registries/${registryId}`;
  const newTopic = async (what: string) => {
    const topic = uniqueName(what);
    topics.push(topic);
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
    return topic;
  };
  const newSubject = (topic: string) => {
    subjects.push(`${topic}-value`);
    return `${topic}-value`;
  };

  beforeAll(async () => {
    [ctx, registryUrl] = await Promise.all([connectTestApp(stack!), testSchemaRegistry(stack!)]);
    admin = kafka.admin();
    await admin.connect();
    const created = await api('POST', '/api/v1/schema-registries', { id: registryId, name: 'IT registry', url: registryUrl, kafkaClusterId: 'local' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  }, 180_000);

  afterAll(async () => {
    for (const subject of subjects) {
      await registryCall(registryUrl, 'DELETE', `/subjects/${encodeURIComponent(subject)}`).catch(() => {});
      await registryCall(registryUrl, 'DELETE', `/subjects/${encodeURIComponent(subject)}?permanent=true`).catch(() => {});
    }
    if (admin) {
      if (topics.length) await admin.deleteTopics({ topics }).catch(() => {});
      await admin.disconnect();
    }
    await ctx?.testApp.close();
  });

  it('registers only for admins, and lists the registry with credentials masked', async () => {
    const refused = await api('POST', '/api/v1/schema-registries', { id: 'nope', name: 'x', url: registryUrl }, 'operator');
    expect(refused.status).toBe(403);
    const unknownField = await api('POST', '/api/v1/schema-registries', { id: 'nope', name: 'x', url: registryUrl, colour: 'red' });
    expect(unknownField.status).toBe(400);
    const secured = uniqueName('sr-auth').slice(0, 60);
    const withAuth = await api('POST', '/api/v1/schema-registries', { id: secured, name: 'auth', url: registryUrl, auth: { kind: 'basic', username: 'u', password: 'hunter2' } });
    expect(withAuth.status).toBe(201);
    expect(withAuth.body.auth).toEqual({ kind: 'basic', username: 'u', password: '********' });
    const listed = await api('GET', '/api/v1/schema-registries', undefined, 'viewer');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([registryId, secured]));
    expect(JSON.stringify(listed.body)).not.toContain('hunter2');
    expect((await api('DELETE', `/api/v1/schema-registries/${secured}`)).status).toBe(204);
  });

  it('registers Avro v1 and v2, diffs them, and refuses a breaking v3 with the registry\'s reason', async () => {
    const subject = newSubject(uniqueName('orders'));
    const S = `${R}/subjects/${encodeURIComponent(subject)}`;
    expect((await api('POST', `${S}/versions`, { schema: JSON.stringify(recordV1) }, 'viewer')).status).toBe(403);
    const v1 = await api('POST', `${S}/versions`, { schema: JSON.stringify(recordV1) }, 'operator');
    expect(v1.status, JSON.stringify(v1.body)).toBe(201);
    expect(v1.body.version).toBe(1);
    const level = await api('PUT', `${S}/compatibility`, { compatibility: 'BACKWARD' }, 'operator');
    expect(level.status, JSON.stringify(level.body)).toBe(200);
    expect((await api('GET', `${S}/compatibility`, undefined, 'viewer')).body.compatibility).toBe('BACKWARD');

    const okCheck = await api('POST', `${S}/compatibility-check`, { schema: JSON.stringify(recordV2) }, 'operator');
    expect(okCheck.body).toMatchObject({ isCompatible: true });
    const v2 = await api('POST', `${S}/versions`, { schema: JSON.stringify(recordV2) }, 'operator');
    expect(v2.status).toBe(201);
    expect(v2.body.version).toBe(2);

    const diff = await api('GET', `${S}/diff?from=1&to=2`, undefined, 'viewer');
    expect(diff.status).toBe(200);
    const added = diff.body.lines.filter((l: { kind: string }) => l.kind === 'added').map((l: { right: string }) => l.right).join('\n');
    expect(added).toContain('"amount"');
    expect(diff.body.lines.filter((l: { kind: string }) => l.kind === 'removed').map((l: { left: string }) => l.left).join('\n')).not.toContain('"id"');
    expect(diff.body.from.schema).toContain('"id"');
    expect(diff.body.to.version).toBe(2);

    const badCheck = await api('POST', `${S}/compatibility-check`, { schema: JSON.stringify(recordV3) }, 'operator');
    expect(badCheck.status).toBe(200);
    expect(badCheck.body.isCompatible).toBe(false);
    const v3 = await api('POST', `${S}/versions`, { schema: JSON.stringify(recordV3) }, 'operator');
    expect(v3.status).toBe(409);
    expect(v3.body.error.message).toMatch(/Schema registry ".*": .*ncompatible/);
    expect((await registryCall<number[]>(registryUrl, 'GET', `/subjects/${encodeURIComponent(subject)}/versions`)).body).toEqual([1, 2]);

    const detail = await api('GET', S, undefined, 'viewer');
    expect(detail.body).toMatchObject({ subject, versions: [1, 2], latest: { version: 2, schemaType: 'AVRO' }, compatibility: 'BACKWARD' });
    const byId = await api('GET', `${R}/schemas/${detail.body.latest.id}`, undefined, 'viewer');
    expect(byId.body.subjects).toContainEqual({ subject, version: 2 });
    const audit = await ctx.testApp.database.db.select().from(auditLog);
    const mine = audit.filter((e) => e.objectId === `${registryId}/${subject}` && e.action === 'schema.register');
    expect(mine.map((e) => e.outcome).sort()).toEqual(['failure', 'success', 'success']);
  });

  it('pages and searches subjects from bulk calls, never one request per subject', async () => {
    const prefix = uniqueName('page');
    const names = Array.from({ length: 7 }, (_, i) => `${prefix}-${i}-value`);
    subjects.push(...names);
    for (const [i, name] of names.entries()) {
      const schema = { type: 'record', name: `P${i}`, fields: [{ name: 'n', type: 'int' }] };
      expect((await registryCall(registryUrl, 'POST', `/subjects/${name}/versions`, { schema: JSON.stringify(schema) })).status).toBe(200);
    }
    await registryCall(registryUrl, 'POST', `/subjects/${names[0]}/versions`, { schema: JSON.stringify({ type: 'record', name: 'P0', fields: [{ name: 'n', type: 'int' }, { name: 'm', type: 'int', default: 1 }] }) });
    const first = await waitFor('a page that holds the new subjects', async () => {
      const page = await api('GET', `${R}/subjects?search=${encodeURIComponent(prefix.toUpperCase())}&size=5`, undefined, 'viewer');
      return page.body.total === 7 ? page : undefined;
    });
    expect(first.body.items.map((s: { subject: string }) => s.subject)).toEqual(names.slice(0, 5));
    expect(first.body.items[0]).toMatchObject({ latestVersion: 2, schemaType: 'AVRO' });
    expect(first.body.items[1]).toMatchObject({ latestVersion: 1 });
    expect(first.body.items[0].schemaId).toEqual(expect.any(Number));
    const second = await api('GET', `${R}/subjects?search=${prefix}&size=5&page=2`, undefined, 'viewer');
    expect(second.body.items.map((s: { subject: string }) => s.subject)).toEqual(names.slice(5));
    // served from the short cache or rebuilt with a fixed number of bulk calls, whatever the number of subjects
    expect(second.body.registryRequests).toBeLessThanOrEqual(3);
  });

  it('answers bad input with clear errors: unparsable schema, unknown subject or id, a registry that is down', async () => {
    const subject = newSubject(uniqueName('bad'));
    const S = `${R}/subjects/${encodeURIComponent(subject)}`;
    const notJson = await api('POST', `${S}/versions`, { schema: '{"type": "record",' }, 'operator');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toMatchObject({ code: 'invalid_schema', field: 'schema' });
    const notAvro = await api('POST', `${S}/versions`, { schema: JSON.stringify({ type: 'record', name: 'X', fields: [{ name: 'a', type: 'nosuchtype' }] }) }, 'operator');
    expect([400, 409]).toContain(notAvro.status);
    expect(notAvro.body.error.message).toContain(`Schema registry "${registryId}"`);
    const unknownSubject = await api('GET', `${R}/subjects/${uniqueName('missing')}`, undefined, 'viewer');
    expect(unknownSubject.status).toBe(404);
    expect(unknownSubject.body.error.message).toMatch(/Schema registry ".*": .*not found/i);
    const unknownId = await api('GET', `${R}/schemas/987654321`, undefined, 'viewer');
    expect(unknownId.status).toBe(404);
    expect((await api('GET', '/api/v1/schema-registries/nope/subjects', undefined, 'viewer')).status).toBe(404);

    const down = uniqueName('sr-down').slice(0, 60);
    const port = await freePort();
    expect((await api('POST', '/api/v1/schema-registries', { id: down, name: 'down', url: `http://127.0.0.1:${port}` })).status).toBe(201);
    const unreachable = await api('GET', `/api/v1/schema-registries/${down}/subjects`, undefined, 'viewer');
    expect(unreachable.status).toBe(503);
    expect(unreachable.body.error.message).toContain(`Schema registry "${down}" (http://127.0.0.1:${port}) cannot be reached`);
    await api('DELETE', `/api/v1/schema-registries/${down}`);
  });

  it('decodes Avro and Protobuf messages in the wire format, naming subject and version', async () => {
    const topic = await newTopic('wire');
    const avroSubject = newSubject(topic);
    const keySubject = `${topic}-key`;
    subjects.push(keySubject);
    const v1 = await registryCall<{ id: number }>(registryUrl, 'POST', `/subjects/${avroSubject}/versions`, { schema: JSON.stringify(recordV1) });
    const v2 = await registryCall<{ id: number }>(registryUrl, 'POST', `/subjects/${avroSubject}/versions`, { schema: JSON.stringify(recordV2) });
    const keyId = await registryCall<{ id: number }>(registryUrl, 'POST', `/subjects/${keySubject}/versions`, { schema: '"string"' });
    const protoTopic = await newTopic('wire-proto');
    const protoSubject = newSubject(protoTopic);
    const proto = await registryCall<{ id: number }>(registryUrl, 'POST', `/subjects/${protoSubject}/versions`, { schemaType: 'PROTOBUF', schema: PROTO });
    expect(proto.status, JSON.stringify(proto.body)).toBe(200);

    const typeV2 = avro.Type.forSchema(recordV2 as avro.Schema);
    const typeV1 = avro.Type.forSchema(recordV1 as avro.Schema);
    const payment = protobuf.parse(PROTO, { keepCase: true }).root.lookupType('it.Payment');
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { key: wire(keyId.body.id, avro.Type.forSchema('string').toBuffer('o-1')), value: wire(v1.body.id, typeV1.toBuffer({ id: 'o-1' })) },
        { key: 'plain-key', value: wire(v2.body.id, typeV2.toBuffer({ id: 'o-2', amount: 42 })) },
      ],
    });
    await producer.send({
      topic: protoTopic,
      messages: [{ value: wire(proto.body.id, Buffer.concat([Buffer.from([0]), Buffer.from(payment.encode(payment.fromObject({ id: 'p-1', cents: 1999, status: 1 })).finish())])) }],
    });
    await producer.disconnect();

    const page = await api('GET', `/api/v1/clusters/local/topics/${topic}/messages?format=json`, undefined, 'viewer');
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    const [first, second] = page.body.items;
    expect(first.value).toMatchObject({ value: { id: 'o-1' }, schema: { registryId, id: v1.body.id, subject: avroSubject, version: 1, schemaType: 'AVRO' } });
    expect(first.key).toMatchObject({ value: 'o-1', schema: { subject: keySubject, version: 1 } });
    expect(second.value).toMatchObject({ value: { id: 'o-2', amount: 42 }, schema: { subject: avroSubject, version: 2 } });
    expect(second.key.value).toBe('plain-key');
    expect(second.key.schema).toBeUndefined();

    const protoPage = await api('GET', `/api/v1/clusters/local/topics/${protoTopic}/messages?format=json`, undefined, 'viewer');
    expect(protoPage.body.items[0].value).toMatchObject({ value: { id: 'p-1', cents: '1999', status: 'PAID' }, schema: { subject: protoSubject, version: 1, schemaType: 'PROTOBUF' } });

    const hex = await api('GET', `/api/v1/clusters/local/topics/${topic}/messages?format=hex`, undefined, 'viewer');
    expect(hex.body.items[0].value.value).toMatch(/^00/);
  });

  it('produces with a subject\'s schema; a plain kafkajs consumer and the registry decode the same value', async () => {
    const topic = await newTopic('produce');
    const subject = newSubject(topic);
    const registered = await api('POST', `${R}/subjects/${subject}/versions`, { schema: JSON.stringify(recordV2) }, 'operator');
    expect(registered.status).toBe(201);
    const body = { key: { data: 'k-1' }, value: { data: { id: 'o-9', amount: 7 }, subject }, headers: [{ key: 'trace', value: 't-1' }], partition: 0 };
    expect((await api('POST', `/api/v1/clusters/local/topics/${topic}/messages`, body, 'viewer')).status).toBe(403);
    const bad = await api('POST', `/api/v1/clusters/local/topics/${topic}/messages`, { value: { data: { id: 5 }, subject } }, 'operator');
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('value.data');
    const produced = await api('POST', `/api/v1/clusters/local/topics/${topic}/messages`, body, 'operator');
    expect(produced.status, JSON.stringify(produced.body)).toBe(201);
    expect(produced.body).toMatchObject({ partition: 0, offset: 0, value: { subject, version: 1, schemaType: 'AVRO' }, key: null });

    const consumer = kafka.consumer({ groupId: uniqueName('sr-consumer') });
    const received: { key: Buffer | null; value: Buffer | null; headers: Record<string, unknown> }[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void received.push({ key: message.key, value: message.value, headers: message.headers ?? {} }) });
    try {
      await waitFor('the produced message', async () => (received.length > 0 ? true : undefined), { timeoutMs: 60_000 });
    } finally {
      await consumer.disconnect();
    }
    const [message] = received;
    expect(message!.key!.toString()).toBe('k-1');
    expect(String(message!.headers.trace)).toBe('t-1');
    expect(message!.value![0]).toBe(0);
    const schemaId = message!.value!.readUInt32BE(1);
    const schema = await registryCall<{ schema: string }>(registryUrl, 'GET', `/schemas/ids/${schemaId}`);
    const decoded = avro.Type.forSchema(JSON.parse(schema.body.schema)).fromBuffer(message!.value!.subarray(5));
    expect({ ...decoded }).toEqual({ id: 'o-9', amount: 7 });
    const audit = await ctx.testApp.database.db.select().from(auditLog);
    expect(audit.some((e) => e.action === 'message.produce' && e.objectId === topic && e.outcome === 'success')).toBe(true);
  }, 120_000);

  it('deletes a subject only for admins who repeat its name', async () => {
    const subject = newSubject(uniqueName('del'));
    const S = `${R}/subjects/${encodeURIComponent(subject)}`;
    await api('POST', `${S}/versions`, { schema: JSON.stringify(recordV1) }, 'operator');
    expect((await api('DELETE', S, { confirm: subject }, 'operator')).status).toBe(403);
    const wrong = await api('DELETE', S, { confirm: 'other' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.field).toBe('confirm');
    const soft = await api('DELETE', S, { confirm: subject });
    expect(soft.status, JSON.stringify(soft.body)).toBe(200);
    expect(soft.body.versions).toEqual([1]);
    const hard = await api('DELETE', `${S}?permanent=true`, { confirm: subject });
    expect(hard.status, JSON.stringify(hard.body)).toBe(200);
    expect((await registryCall(registryUrl, 'GET', `/subjects/${encodeURIComponent(subject)}/versions`)).status).toBe(404);
  });
  it('deletes one version, soft then hard, only for admins who repeat the subject name', async () => {
    const subject = newSubject(uniqueName('delv'));
    const S = `${R}/subjects/${encodeURIComponent(subject)}`;
    expect((await api('POST', `${S}/versions`, { schema: JSON.stringify(recordV1) }, 'operator')).status).toBe(201);
    expect((await api('POST', `${S}/versions`, { schema: JSON.stringify(recordV2) }, 'operator')).status).toBe(201);
    expect((await api('DELETE', `${S}/versions/1`, { confirm: subject }, 'operator')).status).toBe(403);
    const wrong = await api('DELETE', `${S}/versions/1`, { confirm: 'other' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.field).toBe('confirm');
    const soft = await api('DELETE', `${S}/versions/1`, { confirm: subject });
    expect(soft.status, JSON.stringify(soft.body)).toBe(200);
    expect(soft.body.versions).toEqual([1]);
    expect((await api('GET', S, undefined, 'viewer')).body.versions).toEqual([2]);
    const hard = await api('DELETE', `${S}/versions/1?permanent=true`, { confirm: subject });
    expect(hard.status, JSON.stringify(hard.body)).toBe(200);
    expect((await registryCall(registryUrl, 'GET', `/subjects/${encodeURIComponent(subject)}/versions?deleted=true`)).body).toEqual([2]);
    const audit = await ctx.testApp.database.db.select().from(auditLog);
    expect(audit.filter((e) => e.objectId === `${registryId}/${subject}`).map((e) => e.action)).toEqual(expect.arrayContaining(['schema.delete-version', 'schema.delete-version-permanent']));
  });

  it('reports each registry up or down with its latency, on its own and on the dashboard', async () => {
    const health = await api('GET', `${R}/health`, undefined, 'viewer');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ id: registryId, status: 'up', kafkaClusterId: 'local' });
    expect(health.body.latencyMs).toEqual(expect.any(Number));
    const down = uniqueName('sr-hdown').slice(0, 60);
    const port = await freePort();
    expect((await api('POST', '/api/v1/schema-registries', { id: down, name: 'down', url: `http://127.0.0.1:${port}` })).status).toBe(201);
    try {
      const downHealth = await api('GET', `/api/v1/schema-registries/${down}/health`, undefined, 'viewer');
      expect(downHealth.body).toMatchObject({ status: 'down', latencyMs: null });
      expect(downHealth.body.error).toContain('cannot be reached');
      const dashboard = await api('GET', '/api/v1/dashboard', undefined, 'viewer');
      const byId = new Map(dashboard.body.schemaRegistries.map((r: { id: string }) => [r.id, r]));
      expect(byId.get(registryId)).toMatchObject({ status: 'up' });
      expect(byId.get(down)).toMatchObject({ status: 'down' });
    } finally {
      await api('DELETE', `/api/v1/schema-registries/${down}`);
    }
  });

  it('draws the first page of a registry never listed from one sorted listing, the same page its index draws', async () => {
    const fresh = uniqueName('sr-first').slice(0, 60);
    expect((await api('POST', '/api/v1/schema-registries', { id: fresh, name: 'first page', url: registryUrl })).status).toBe(201);
    try {
      const quick = await api('GET', `/api/v1/schema-registries/${fresh}/subjects?page=1&size=20`, undefined, 'viewer');
      expect(quick.status, JSON.stringify(quick.body)).toBe(200);
      expect(quick.body.registryRequests).toBe(3);
      // the index is built after that answer; once it is, the same page costs nothing and lists the same subjects
      const fromIndex = await waitFor('the index built', async () => {
        const page = await api('GET', `/api/v1/schema-registries/${fresh}/subjects?page=1&size=20`, undefined, 'viewer');
        return page.body.registryRequests === 0 ? page : undefined;
      });
      expect(fromIndex.body.items).toEqual(quick.body.items);
    } finally {
      await api('DELETE', `/api/v1/schema-registries/${fresh}`);
    }
  });
});
