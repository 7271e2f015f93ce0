/**
 * The streaming multipart reader behind POST /api/v1/artifacts, chunked every possible way, and the route's
 * limits and refusals on an in-process app (no Connect workers involved).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../server/app';
import type { Database } from '../../../server/db';
import { createDelivery } from '../../../server/delivery';
import { boundaryOf, MultipartError, readField, readMultipart } from '../../../server/delivery/multipart';
import { KafkaAdmins } from '../../../server/kafka/pool';
import { createLogger } from '../../../server/logger';
import { SecretBox } from '../../../server/secrets/secret-box';
import { buildJar, SOURCE_CONNECTOR } from '../../support/archives';
import { openTestDatabase, type OpenTestDatabase } from '../../support/db';
import type { TestApp } from '../../support/app';
import { tokenFor } from '../../support/auth';

const BOUNDARY = '----cty-boundary-1234';

function form(parts: { name: string; filename?: string; data: Buffer | string }[], boundary = BOUNDARY): Buffer {
  const chunks: Buffer[] = [Buffer.from('preamble to ignore\r\n')];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename !== undefined ? `; filename="${part.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: application/octet-stream\r\n\r\n`), Buffer.from(part.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

function chunked(bytes: Buffer, size: number): AsyncIterable<Uint8Array> {
  return Readable.from((function* () {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  })());
}

async function collect(source: AsyncIterable<Uint8Array>, boundary = BOUNDARY) {
  const parts: { name: string; filename?: string; body: string }[] = [];
  for await (const part of readMultipart(source, boundary)) {
    parts.push({ name: part.name, ...(part.filename !== undefined ? { filename: part.filename } : {}), body: await readField(part, 1 << 20) });
  }
  return parts;
}

describe('streaming multipart reader', () => {
  // a body that itself contains near-boundaries: "\r\n--" and the boundary without its CRLF
  const tricky = `a\r\n--${BOUNDARY.slice(0, -1)}x\r\n--\r\n-- ${BOUNDARY} b`;
  const body = form([
    { name: 'name', data: 'my-plugin' },
    { name: 'file', filename: 'p.zip', data: tricky },
    { name: 'version', data: '1.2.3' },
  ]);

  it('reads every part whatever the chunk size', async () => {
    for (const size of [1, 2, 3, 7, 16, 31, 64, 1000, body.length]) {
      expect(await collect(chunked(body, size)), `chunk size ${size}`).toEqual([
        { name: 'name', body: 'my-plugin' },
        { name: 'file', filename: 'p.zip', body: tricky },
        { name: 'version', body: '1.2.3' },
      ]);
    }
  });

  it('skips what a consumer leaves unread', async () => {
    const names: string[] = [];
    for await (const part of readMultipart(chunked(body, 5), BOUNDARY)) names.push(part.name);
    expect(names).toEqual(['name', 'file', 'version']);
  });

  it('refuses a truncated body and a body without the boundary', async () => {
    await expect(collect(chunked(body.subarray(0, body.length - 30), 8))).rejects.toBeInstanceOf(MultipartError);
    await expect(collect(chunked(Buffer.from('no boundary here'), 4))).rejects.toThrow(/boundary/);
  });

  it('reads the boundary from the content type', () => {
    expect(boundaryOf(`multipart/form-data; boundary=${BOUNDARY}`)).toBe(BOUNDARY);
    expect(boundaryOf('multipart/form-data; boundary="a b"')).toBe('a b');
    expect(boundaryOf('application/json')).toBeUndefined();
  });
});

describe('POST /api/v1/artifacts', () => {
  let testDb: OpenTestDatabase;
  let database: Database;
  let dataDir: string;
  let app: App;
  let headers: Record<string, string>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'delivery-upload-'));
    testDb = await openTestDatabase(dataDir);
    database = testDb.database;
    const logger = createLogger('silent');
    const secrets = new SecretBox('connectory-test-secret-key');
    const delivery = createDelivery({ db: database.db, logger, secrets, dataDir, mavenBaseUrl: 'http://127.0.0.1:9', settings: { maxUploadBytes: 64 * 1024 } });
    app = createApp({ database, kafkaAdmins: new KafkaAdmins(logger), secrets, logger, publicDir: join(dataDir, 'no-ui'), delivery });
    headers = (await tokenFor({ app, database } as unknown as TestApp, 'admin')).headers;
  });

  afterAll(async () => {
    await testDb?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The audit log's upload entries, through the API. */
  async function uploadsAudited(): Promise<{ objectId: string; outcome: string; details: Record<string, unknown> }[]> {
    const response = await app.request('/api/v1/audit?action=artifact.upload', { headers });
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: { objectId: string; outcome: string; details: Record<string, unknown> }[] }).items;
  }

  const post = (body: Buffer, contentType: string, query = '') =>
    app.request(`/api/v1/artifacts${query}`, { method: 'POST', headers: { ...headers, 'Content-Type': contentType }, body: new Uint8Array(body) });

  it('stores a jar sent as multipart and names it from the form fields', async () => {
    const jar = await buildJar({ services: { [SOURCE_CONNECTOR]: ['com.example.Source'] }, classes: ['com.example.Source'] });
    const response = await post(form([{ name: 'file', filename: 'example.jar', data: jar }, { name: 'name', data: 'example' }, { name: 'version', data: '1.0.0' }]), `multipart/form-data; boundary=${BOUNDARY}`);
    expect(response.status, await response.clone().text()).toBe(201);
    const body = (await response.json()) as { sha256: string; name: string; version: string; kind: string; needs: string[]; inspection: { classes: { connectors: unknown[] } } };
    expect(body).toMatchObject({ name: 'example', version: '1.0.0', kind: 'jar', needs: [] });
    expect(body.inspection.classes.connectors).toEqual([{ class: 'com.example.Source', type: 'source' }]);
    expect(await uploadsAudited()).toEqual([expect.objectContaining({ objectId: body.sha256, outcome: 'success', details: expect.objectContaining({ name: 'example', version: '1.0.0' }) })]);
  });

  it('refuses an upload over MAX_UPLOAD_MB, announced or not', async () => {
    const big = Buffer.alloc(200 * 1024, 1);
    const announced = await post(big, 'application/octet-stream', '?filename=big.jar');
    expect(announced.status).toBe(413);
    const streamed = await app.request('/api/v1/artifacts?filename=big.jar', {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/octet-stream' },
      body: Readable.toWeb(Readable.from([big.subarray(0, 100_000), big.subarray(100_000)])) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as { error: { code: string } }).error.code).toBe('too_large');
  });

  it('refuses something that is no archive, a form without a file, and an upload without a file name', async () => {
    const auditedBefore = await uploadsAudited();
    const notArchive = await post(form([{ name: 'file', filename: 'x.zip', data: 'hello' }]), `multipart/form-data; boundary=${BOUNDARY}`);
    expect(notArchive.status).toBe(400);
    const noFile = await post(form([{ name: 'name', data: 'x' }]), `multipart/form-data; boundary=${BOUNDARY}`);
    expect(noFile.status).toBe(400);
    expect(((await noFile.json()) as { error: { field: string } }).error.field).toBe('file');
    const noName = await post(Buffer.from('x'), 'application/octet-stream');
    expect(noName.status).toBe(400);
    // like every refused change, a refused upload leaves no audit entry
    expect(await uploadsAudited()).toEqual(auditedBefore);
  });

  it('needs plugin:manage to upload', async () => {
    const viewer = (await tokenFor({ app, database } as unknown as TestApp, 'viewer')).headers;
    const response = await app.request('/api/v1/artifacts?filename=a.jar', { method: 'POST', headers: { ...viewer, 'Content-Type': 'application/octet-stream' }, body: 'x' });
    expect(response.status).toBe(403);
  });
});
