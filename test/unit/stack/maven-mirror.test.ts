import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMavenMirror, parseRange, resolveInRoot } from '../../stack/maven-mirror';

const base = mkdtempSync(join(tmpdir(), 'mirror-test-'));
const root = join(base, 'repository');
const artifactDir = join(root, 'org', 'example', 'demo', '1.0');
const JAR = Buffer.from('0123456789abcdefghij'); // 20 bytes
let server: Server;
let port: number;

beforeAll(async () => {
  mkdirSync(artifactDir, { recursive: true });
  writeFileSync(join(artifactDir, 'demo-1.0.jar'), JAR);
  writeFileSync(join(artifactDir, 'demo-1.0.pom'), '<project/>');
  writeFileSync(join(base, 'secret.txt'), 'outside the root');
  symlinkSync(join(base, 'secret.txt'), join(artifactDir, 'escape.txt'));
  server = await createMavenMirror(root);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Raw requests: fetch would normalise the path and hide traversal attempts. */
function get(path: string, { method = 'GET', headers = {} }: { method?: string; headers?: Record<string, string> } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const JAR_PATH = '/org/example/demo/1.0/demo-1.0.jar';

describe('maven mirror', () => {
  it('serves a file with its length and type', async () => {
    const res = await get(JAR_PATH);
    expect(res.status).toBe(200);
    expect(res.body.equals(JAR)).toBe(true);
    expect(res.headers['content-length']).toBe('20');
    expect(res.headers['content-type']).toBe('application/java-archive');
    expect(res.headers['accept-ranges']).toBe('bytes');
  });

  it('answers HEAD with headers only', async () => {
    const res = await get(JAR_PATH, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe('20');
    expect(res.body.length).toBe(0);
  });

  it('serves byte ranges for resumable downloads', async () => {
    const res = await get(JAR_PATH, { headers: { range: 'bytes=5-9' } });
    expect(res.status).toBe(206);
    expect(res.body.toString()).toBe('56789');
    expect(res.headers['content-range']).toBe('bytes 5-9/20');
    expect(res.headers['content-length']).toBe('5');
    const open = await get(JAR_PATH, { headers: { range: 'bytes=15-' } });
    expect(open.body.toString()).toBe('fghij');
    const suffix = await get(JAR_PATH, { headers: { range: 'bytes=-3' } });
    expect(suffix.body.toString()).toBe('hij');
  });

  it('refuses an unsatisfiable range with 416', async () => {
    const res = await get(JAR_PATH, { headers: { range: 'bytes=20-30' } });
    expect(res.status).toBe(416);
    expect(res.headers['content-range']).toBe('bytes */20');
  });

  it('ignores a range whose If-Range no longer matches (the file changed)', async () => {
    const res = await get(JAR_PATH, { headers: { range: 'bytes=0-1', 'if-range': '"stale"' } });
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(20);
  });

  it('is read-only', async () => {
    for (const method of ['PUT', 'POST', 'DELETE']) {
      const res = await get(JAR_PATH, { method });
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD');
    }
  });

  it('refuses paths outside the root', async () => {
    expect((await get('/org/../../secret.txt')).status).toBeGreaterThanOrEqual(400);
    expect((await get('/org/%2e%2e/%2e%2e/secret.txt')).status).toBeGreaterThanOrEqual(400);
    expect((await get('/org/..%2f..%2fsecret.txt')).status).toBe(400);
    expect((await get('/org/example/demo/1.0/escape.txt')).status).toBe(404);
  });

  it('answers 404 for directories and missing files', async () => {
    expect((await get('/org/example/')).status).toBe(404);
    expect((await get('/org/example/demo/2.0/demo-2.0.jar')).status).toBe(404);
  });
});

describe('parseRange', () => {
  it('parses single ranges and clamps the end', () => {
    expect(parseRange('bytes=0-4', 10)).toEqual({ start: 0, end: 4 });
    expect(parseRange('bytes=8-100', 10)).toEqual({ start: 8, end: 9 });
    expect(parseRange('bytes=-100', 10)).toEqual({ start: 0, end: 9 });
  });

  it('ignores what it does not support and flags what cannot be served', () => {
    expect(parseRange(undefined, 10)).toBeNull();
    expect(parseRange('bytes=0-1,4-5', 10)).toBeNull();
    expect(parseRange('items=0-1', 10)).toBeNull();
    expect(parseRange('bytes=10-', 10)).toBe('unsatisfiable');
    expect(parseRange('bytes=5-2', 10)).toBe('unsatisfiable');
  });
});

describe('resolveInRoot', () => {
  it('keeps paths inside the root', () => {
    expect(resolveInRoot('/repo', '/a/b.jar')).toBe('/repo/a/b.jar');
    expect(resolveInRoot('/repo', '/a/../../etc/passwd')).toBeNull();
    expect(resolveInRoot('/repo', '/a/%00.jar')).toBeNull();
    expect(resolveInRoot('/repo', '/%E0%A4%A')).toBeNull();
  });
});
