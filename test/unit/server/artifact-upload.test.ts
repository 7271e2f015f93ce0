/**
 * The streaming multipart form reader behind POST /api/v1/artifacts (busboy), chunked every possible way, and the route's
 * limits and refusals on an in-process app (no Connect workers involved).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../server/app';
import { ClientRegistry } from '../../../server/clusters/client-registry';
import type { Database } from '../../../server/db';
import { createDelivery } from '../../../server/delivery';
import { isMultipart, MultipartError, readForm, type FormFile } from '../../../server/delivery/multipart';
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

function chunkList(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return chunks;
}

function chunked(bytes: Buffer, size: number): AsyncIterable<Uint8Array> {
  return Readable.from(chunkList(bytes, size));
}

const FORM = `multipart/form-data; boundary=${BOUNDARY}`;

async function text(file: FormFile): Promise<{ filename: string; body: string }> {
  const chunks: Buffer[] = [];
  for await (const chunk of file.stream) chunks.push(chunk as Buffer);
  return { filename: file.filename, body: Buffer.concat(chunks).toString('utf8') };
}

async function collect(source: AsyncIterable<Uint8Array>, contentType = FORM, textFields = ['name', 'version']) {
  return readForm(Readable.from(source), contentType, { fileField: 'file', textFields, onFile: text });
}

describe('streaming multipart form reader', () => {
  // a body that itself contains near-boundaries: "\r\n--" and the boundary without its CRLF
  const tricky = `a\r\n--${BOUNDARY.slice(0, -1)}x\r\n--\r\n-- ${BOUNDARY} b`;
  const body = form([
    { name: 'name', data: 'my-plugin' },
    { name: 'file', filename: 'p.zip', data: tricky },
    { name: 'version', data: '1.2.3' },
  ]);

  it('reads every part whatever the chunk size', async () => {
    for (const size of [1, 2, 3, 7, 16, 31, 64, 1000, body.length]) {
      expect(await collect(chunked(body, size)), `chunk size ${size}`).toEqual({
        fields: { name: 'my-plugin', version: '1.2.3' },
        file: { filename: 'p.zip', body: tricky },
      });
    }
  });

  it('refuses a part it was not asked for, naming it, however large', async () => {
    const read = collect(chunked(form([{ name: 'other', filename: 'o.zip', data: 'x'.repeat(10_000) }, ...[{ name: 'version', data: '2' }]]), 5), FORM, ['version']);
    await expect(read).rejects.toMatchObject({ name: 'MultipartError', field: 'other' });
  });

  it('hands the file over while the body is still arriving', async () => {
    const head = form([{ name: 'file', filename: 'big.jar', data: 'first chunk' }]).subarray(0, -(`\r\n--${BOUNDARY}--\r\n`.length));
    let firstChunk!: () => void;
    const seen = new Promise<void>((resolve) => (firstChunk = resolve));
    // The rest of the body is sent only once the consumer has had the first bytes of the file: a reader
    // that buffered the whole part would wait here forever.
    const source = (async function* () {
      yield head;
      await seen;
      yield Buffer.from(` and the rest\r\n--${BOUNDARY}--\r\n`);
    })();
    const read = await readForm(Readable.from(source), FORM, {
      fileField: 'file',
      textFields: [],
      onFile: async (file) => {
        const chunks: Buffer[] = [];
        for await (const chunk of file.stream) {
          chunks.push(chunk as Buffer);
          firstChunk();
        }
        return Buffer.concat(chunks).toString('utf8');
      },
    });
    expect(read.file).toBe('first chunk and the rest');
  });

  it('refuses a truncated body and a body without the boundary', async () => {
    await expect(collect(chunked(body.subarray(0, body.length - 30), 8))).rejects.toBeInstanceOf(MultipartError);
    await expect(collect(chunked(Buffer.from('no boundary here'), 4))).rejects.toThrow(/boundary/);
  });

  it('refuses two files, an overlong field and a content type that is not a form with a boundary', async () => {
    await expect(collect(chunked(form([{ name: 'file', filename: 'a.zip', data: 'a' }, { name: 'file', filename: 'b.zip', data: 'b' }]), 64))).rejects.toThrow(/one file per request/);
    await expect(collect(chunked(form([{ name: 'name', data: 'n'.repeat(5000) }]), 64))).rejects.toThrow(/field "name" is longer than 1024 bytes/);
    await expect(collect(chunked(body, 64), 'multipart/form-data')).rejects.toThrow(/without a boundary/);
    await expect(collect(chunked(body, 64), `multipart/mixed; boundary=${BOUNDARY}`)).rejects.toBeInstanceOf(MultipartError);
    expect(isMultipart(FORM)).toBe(true);
    expect(isMultipart('application/json')).toBe(false);
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
    const clients = new ClientRegistry({ secrets });
    const delivery = createDelivery({ db: database.db, logger, secrets, clients, dataDir, mavenBaseUrl: 'http://127.0.0.1:9', settings: { maxUploadBytes: 64 * 1024 } });
    app = createApp({ database, clients, secrets, logger, publicDir: join(dataDir, 'no-ui'), delivery });
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
    const multipart = await app.request('/api/v1/artifacts', {
      method: 'POST',
      headers: { ...headers, 'Content-Type': FORM },
      body: Readable.toWeb(Readable.from(chunkList(form([{ name: 'file', filename: 'big.jar', data: big }]), 16 * 1024))) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    expect(multipart.status).toBe(413);
    expect(((await multipart.json()) as { error: { code: string } }).error.code).toBe('too_large');
  });

  it('refuses something that is no archive, a form without a file, and an upload without a file name', async () => {
    const auditedBefore = await uploadsAudited();
    const notArchive = await post(form([{ name: 'file', filename: 'x.zip', data: 'hello' }]), `multipart/form-data; boundary=${BOUNDARY}`);
    expect(notArchive.status).toBe(400);
    const noFile = await post(form([{ name: 'name', data: 'x' }]), `multipart/form-data; boundary=${BOUNDARY}`);
    expect(noFile.status).toBe(400);
    expect(((await noFile.json()) as { error: { field: string } }).error.field).toBe('file');
    const twoFiles = await post(form([{ name: 'file', filename: 'a.zip', data: 'a' }, { name: 'file', filename: 'b.zip', data: 'b' }]), FORM);
    expect(twoFiles.status).toBe(400);
    const noBoundary = await post(form([{ name: 'file', filename: 'a.zip', data: 'a' }]), 'multipart/form-data');
    expect(noBoundary.status).toBe(400);
    expect(((await noBoundary.json()) as { error: { code: string } }).error.code).toBe('invalid_multipart');
    const truncated = await post(form([{ name: 'file', filename: 'a.zip', data: 'a'.repeat(1000) }]).subarray(0, 500), FORM);
    expect(truncated.status).toBe(400);
    expect(((await truncated.json()) as { error: { code: string } }).error.code).toBe('invalid_multipart');
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
