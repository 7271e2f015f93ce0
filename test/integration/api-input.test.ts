// The standing check on input: walks every operation in the app's own OpenAPI document and sends it malformed
// input as a caller who may use it (a full admin). Wrong types, missing fields, unknown fields and unknown query
// parameters answer 400 naming the field; bodies that are not JSON, or of the wrong shape, 400; oversized
// bodies 413; never a 500. A route added to the document is covered without touching this file.
// (Anonymous → 401 and a role without the permission → 403 are walked the same way in auth-routes.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER_PARAMS } from '../../server/auth/authorize';
import { JSON_BODY_LIMIT } from '../../server/http/body-limit';
import { createTestApp, type TestApp } from '../support/app';
import { tokenFor, type RequestHeaders } from '../support/auth';

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
};

interface Operation {
  method: string;
  path: string;
  body: JsonSchema | undefined;
  query: string[];
}

interface OpenApiDoc {
  paths: Record<string, Record<string, {
    parameters?: { in: string; name: string }[];
    requestBody?: { content: Record<string, { schema: JsonSchema }> };
  }>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const UNKNOWN = 'surelyNotAField';

let testApp: TestApp;
let admin: RequestHeaders;
let doc: OpenApiDoc;
let operations: Operation[];

beforeAll(async () => {
  testApp = await createTestApp();
  admin = (await tokenFor(testApp, 'admin')).headers;
  doc = (await (await testApp.app.request('/api/openapi.json')).json()) as OpenApiDoc;
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      body: operation.requestBody?.content['application/json']?.schema,
      query: (operation.parameters ?? []).filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name),
    })),
  );
});
afterAll(() => testApp?.close());

const label = (operation: Operation) => `${operation.method} ${operation.path}`;
const withJsonBody = () => operations.filter((operation) => operation.body !== undefined);

function resolve(schema: JsonSchema): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  return resolve(doc.components!.schemas![name]!);
}

/** The JSON types a schema accepts, or undefined when it accepts anything (or cannot be told). */
function typesOf(schema: JsonSchema): Set<string> | undefined {
  const resolved = resolve(schema);
  const options = resolved.anyOf ?? resolved.oneOf;
  if (options) {
    const all = new Set<string>();
    for (const option of options) {
      const types = typesOf(option);
      if (!types) return undefined;
      for (const type of types) all.add(type);
    }
    return all;
  }
  if (resolved.allOf?.length === 1) return typesOf(resolved.allOf[0]!);
  if (resolved.type) return new Set(Array.isArray(resolved.type) ? resolved.type : [resolved.type]);
  const values = resolved.enum ?? (resolved.const !== undefined ? [resolved.const] : undefined);
  return values ? new Set(values.map(jsonType)) : undefined;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'number' ? 'number' : typeof value;
}

/** A value of a type the schema refuses, or undefined when it takes any type. */
function wrongValueFor(schema: JsonSchema): unknown {
  const types = typesOf(schema);
  if (!types) return undefined;
  const accepts = (type: string) => types.has(type) || (type === 'number' && types.has('integer'));
  const candidates: [string, unknown][] = [['number', 12345], ['string', 'not-the-right-type'], ['boolean', true], ['array', [1]], ['object', { nested: 1 }]];
  return candidates.find(([type]) => !accepts(type))?.[1];
}

function concretePath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    if ((CLUSTER_PARAMS as readonly string[]).includes(name)) return 'cluster-a';
    if (name === 'id') return '00000000-0000-4000-8000-000000000000';
    if (['taskId', 'brokerId', 'version'].includes(name)) return '1';
    return 'sample';
  });
}

function send(operation: Operation, body: string, query = '') {
  return testApp.app.request(`${concretePath(operation.path)}${query}`, {
    method: operation.method,
    headers: body ? { ...admin, 'Content-Type': 'application/json' } : admin,
    body: body || undefined,
  });
}

async function expectRefused(response: Response, what: string, field?: (name: string | undefined) => boolean) {
  const text = await response.text();
  expect(response.status, `${what}: ${text}`).toBe(400);
  const error = (JSON.parse(text) as { error: { code: string; field?: string } }).error;
  expect(error.code, what).toBe('invalid_input');
  if (field) expect(field(error.field), `${what}: field ${error.field}`).toBe(true);
}

describe('malformed input on every route in the OpenAPI document', () => {
  it('has routes with JSON bodies and query parameters to check', () => {
    expect(withJsonBody().length).toBeGreaterThan(10);
    expect(operations.filter((operation) => operation.query.length > 0).length).toBeGreaterThan(5);
  });

  it('refuses unknown body fields with 400 naming them', async () => {
    let checked = 0;
    for (const operation of withJsonBody()) {
      const schema = resolve(operation.body!);
      if (!schema.properties || (schema.additionalProperties !== undefined && schema.additionalProperties !== false)) continue;
      await expectRefused(await send(operation, JSON.stringify({ [UNKNOWN]: 1 })), label(operation), (field) => field === UNKNOWN);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('refuses unknown fields in nested objects too', async () => {
    const patchTopic = operations.find((operation) => operation.method === 'PATCH' && operation.path.endsWith('/topics/{topic}'));
    expect(patchTopic).toBeDefined();
    // the reported case: the config straight under `configs` (it belongs under `configs.set`) answered 200 and changed nothing
    const misplaced = await send(patchTopic!, JSON.stringify({ configs: { 'retention.ms': '1' } }));
    await expectRefused(misplaced, 'PATCH topic', (field) => field === 'configs.retention.ms');
    const createUser = operations.find((operation) => operation.method === 'POST' && operation.path === '/api/v1/users')!;
    const nested = await send(createUser, JSON.stringify({ username: 'someone', password: 'a-long-password-1', role: 'viewer', clusters: null, [UNKNOWN]: { a: 1 } }));
    await expectRefused(nested, 'POST user', (field) => field === UNKNOWN);
  });

  it('refuses a body missing required fields with 400 naming one', async () => {
    let checked = 0;
    for (const operation of withJsonBody()) {
      const required = resolve(operation.body!).required ?? [];
      if (required.length === 0) continue;
      await expectRefused(await send(operation, '{}'), label(operation), (field) => field !== undefined && required.includes(field.split('.')[0]!));
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('refuses a field of the wrong type with 400 naming it', async () => {
    let checked = 0;
    for (const operation of withJsonBody()) {
      const properties = resolve(operation.body!).properties ?? {};
      for (const [name, schema] of Object.entries(properties)) {
        const wrong = wrongValueFor(schema);
        if (wrong === undefined) continue;
        const required = resolve(operation.body!).required ?? [];
        const response = await send(operation, JSON.stringify({ [name]: wrong }));
        // the field named is the wrong one, or a required one missing from this one-field body
        await expectRefused(response, `${label(operation)} with ${name}=${JSON.stringify(wrong)}`, (field) =>
          field !== undefined && (field.split('.')[0] === name || required.includes(field.split('.')[0]!)),
        );
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('refuses bodies that are not JSON, or not an object, with 400', async () => {
    for (const operation of withJsonBody()) {
      await expectRefused(await send(operation, '{"unterminated'), `${label(operation)} with broken JSON`);
      if (resolve(operation.body!).type === 'object') await expectRefused(await send(operation, '[1,2]'), `${label(operation)} with an array`);
    }
  });

  it('refuses oversized bodies with 413 before reading them whole', async () => {
    const huge = JSON.stringify({ [UNKNOWN]: 'x'.repeat(JSON_BODY_LIMIT) });
    for (const operation of withJsonBody()) {
      const response = await send(operation, huge);
      expect(response.status, label(operation)).toBe(413);
      expect(await response.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    }
  });

  it('refuses an oversized body sent in chunks without Content-Length, and a sign-in body over a few KiB', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.length;
        if (sent > 64 * JSON_BODY_LIMIT) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const createUser = operations.find((operation) => operation.method === 'POST' && operation.path === '/api/v1/users')!;
    const streamed = await testApp.app.request(createUser.path, {
      method: 'POST',
      headers: { ...admin, 'Content-Type': 'application/json' },
      body: endless,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(sent).toBeLessThan(4 * JSON_BODY_LIMIT);
    const login = await testApp.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'someone', password: 'p'.repeat(16 * 1024) }),
    });
    expect(login.status).toBe(413);
  });

  it('refuses unknown query parameters with 400 naming them', async () => {
    let checked = 0;
    for (const operation of operations.filter((candidate) => candidate.query.length > 0)) {
      const response = await send(operation, operation.body ? '{}' : '', `?${UNKNOWN}=1`);
      await expectRefused(response, label(operation), (field) => field === UNKNOWN);
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });
});
