import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SchemaRegistryClient } from '../../../../server/schema-registry/client';
import { diffLines, SubjectIndexes } from '../../../../server/schema-registry/subjects';

const SUBJECTS = Array.from({ length: 5000 }, (_, i) => `topic-${String(i).padStart(4, '0')}-value`);

/** A stand-in registry speaking the Confluent API (with subjects in /schemas, as Confluent does), counting requests. */
function fakeRegistry(): { server: Server; paths: string[] } {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(req.url ?? '');
    res.setHeader('content-type', 'application/json');
    if (req.url === '/subjects') return res.end(JSON.stringify(SUBJECTS));
    if (req.url === '/schemas?latestOnly=true') return res.end(JSON.stringify(SUBJECTS.map((subject, i) => ({ subject, version: 1 + (i % 3), id: i + 1, schemaType: i % 2 ? 'PROTOBUF' : undefined, schema: '{}' }))));
    if (req.url === '/config') return res.end(JSON.stringify({ compatibilityLevel: 'BACKWARD' }));
    res.statusCode = 404;
    res.end(JSON.stringify({ error_code: 40401, message: 'Subject not found.' }));
  });
  return { server, paths };
}

describe('subject pages', () => {
  const fake = fakeRegistry();
  let client: SchemaRegistryClient;
  beforeAll(async () => {
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    client = new SchemaRegistryClient({ registryId: 'fake', url: `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}` });
  });
  afterAll(() => new Promise<void>((resolve) => fake.server.close(() => resolve())));

  it('draws any page of 5,000 subjects from three bulk calls, then from the cache', async () => {
    const indexes = new SubjectIndexes(60_000);
    const first = await indexes.page(client, { page: 1, size: 50 });
    expect(first.total).toBe(5000);
    expect(first.registryRequests).toBe(3);
    expect(first.items[0]).toEqual({ subject: 'topic-0000-value', latestVersion: 1, schemaId: 1, schemaType: 'AVRO' });
    expect(first.items[1]).toMatchObject({ latestVersion: 2, schemaType: 'PROTOBUF' });
    expect(first.globalCompatibility).toBe('BACKWARD');
    const search = await indexes.page(client, { search: 'TOPIC-49', page: 2, size: 50 });
    expect(search.total).toBe(100);
    expect(search.items[0]!.subject).toBe('topic-4950-value');
    expect(search.registryRequests).toBe(0);
    expect(fake.paths.filter((p) => p.startsWith('/subjects/'))).toEqual([]);
    indexes.invalidate('fake');
    expect((await indexes.page(client, { page: 1, size: 10 })).registryRequests).toBe(3);
  });

  it('names the registry in errors', async () => {
    await expect(client.version('missing', 'latest')).rejects.toThrow('Schema registry "fake": Subject not found. (HTTP 404, error 40401)');
    const down = new SchemaRegistryClient({ registryId: 'gone', url: 'http://127.0.0.1:9', timeoutMs: 2_000 });
    await expect(down.subjects()).rejects.toThrow(/^Schema registry "gone" \(http:\/\/127\.0\.0\.1:9\) cannot be reached/);
  });
});

/** A stand-in for Apicurio: its native search API (sorted, at most 1,000 per answer) beside the Confluent one. */
function fakeApicurio(): { server: Server; paths: string[] } {
  const paths: string[] = [];
  // three versions each; the second subject soft-deleted (disabled), one subject in another group
  const versions = SUBJECTS.flatMap((artifactId, i) =>
    [1, 2, 3].map((v) => ({ groupId: i === 7 ? 'other' : 'default', artifactId, version: String(v), contentId: i * 10 + v, artifactType: 'AVRO', state: i === 1 ? 'DISABLED' : 'ENABLED' })),
  );
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    paths.push(url.pathname + url.search);
    res.setHeader('content-type', 'application/json');
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const limit = Math.min(1000, Number(url.searchParams.get('limit') ?? 20));
    if (url.pathname === '/apis/registry/v3/search/versions') {
      const sorted = url.searchParams.get('orderby') === 'artifactId' ? versions : [...versions].reverse();
      return res.end(JSON.stringify({ count: versions.length, versions: sorted.slice(offset, offset + limit) }));
    }
    if (url.pathname === '/apis/registry/v3/search/artifacts') return res.end(JSON.stringify({ count: SUBJECTS.length, artifacts: [] }));
    if (url.pathname === '/apis/ccompat/v7/config') return res.end(JSON.stringify({ compatibilityLevel: 'FULL' }));
    res.statusCode = 404;
    res.end(JSON.stringify({ error_code: 40401, message: 'not found' }));
  });
  return { server, paths };
}

describe('the first page of an Apicurio registry with no index yet', () => {
  const fake = fakeApicurio();
  let client: SchemaRegistryClient;
  beforeAll(async () => {
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    client = new SchemaRegistryClient({ registryId: 'apicurio', url: `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}/apis/ccompat/v7` });
  });
  afterAll(() => new Promise<void>((resolve) => fake.server.close(() => resolve())));

  it('comes from one sorted listing (three requests), equals the index\'s first page, and the index follows', async () => {
    const indexes = new SubjectIndexes(60_000);
    const quick = await indexes.page(client, { page: 1, size: 50 });
    expect(quick.registryRequests).toBe(3);
    expect(fake.paths.filter((p) => p.startsWith('/apis/registry/v3/search/versions'))).toEqual([
      '/apis/registry/v3/search/versions?groupId=default&orderby=artifactId&order=asc&offset=0&limit=200',
    ]);
    expect(quick.items).toHaveLength(50);
    // latest version of each, soft-deleted and other-group subjects left out
    expect(quick.items[0]).toEqual({ subject: 'topic-0000-value', latestVersion: 3, schemaId: 3, schemaType: 'AVRO' });
    expect(quick.items.map((i) => i.subject)).not.toContain('topic-0001-value');
    expect(quick.items.map((i) => i.subject)).not.toContain('topic-0007-value');
    expect(quick.globalCompatibility).toBe('FULL');
    // the index, built in the background after that answer, draws the same first page
    await expect.poll(async () => (await indexes.page(client, { page: 1, size: 50 })).registryRequests).toBe(0);
    const fromIndex = await indexes.page(client, { page: 1, size: 50 });
    expect(fromIndex.items).toEqual(quick.items);
    expect(fromIndex.total).toBe(4998);
  });

  it('waits for the index when the listing holds too few whole subjects for the page', async () => {
    const indexes = new SubjectIndexes(60_000);
    const page = await indexes.page(client, { page: 1, size: 500 });
    expect(page.items).toHaveLength(500);
    expect(page.items[499]!.subject).toBe('topic-0501-value');
    expect(page.total).toBe(4998);
  });
});

describe('diffLines', () => {
  it('pairs unchanged lines and marks added and removed ones', () => {
    expect(diffLines('a\nb\nc', 'a\nx\nc\nd')).toEqual([
      { kind: 'same', left: 'a', right: 'a' },
      { kind: 'added', left: null, right: 'x' },
      { kind: 'removed', left: 'b', right: null },
      { kind: 'same', left: 'c', right: 'c' },
      { kind: 'added', left: null, right: 'd' },
    ]);
  });
});
