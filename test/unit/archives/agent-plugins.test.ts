import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { archiveSignature } from '../../../plugins/agent/auth';
import { createAgentApp } from '../../../plugins/agent/routes';
import type { WorkerControl } from '../../../plugins/agent/worker-control';
import { buildJar, buildTarGz, buildZip, sha256Hex, SINK_CONNECTOR, snapshotTree, SOURCE_CONNECTOR } from '../../support/archives';

const TOKEN = 'agent-test-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };

const worker: WorkerControl = {
  status: vi.fn(async () => ({ state: 'running' as const, restarts: 0, restUrl: 'http://127.0.0.1:1', restReachable: true })),
  start: vi.fn(async () => {}),
  stop: vi.fn(async () => {}),
  restart: vi.fn(async () => {}),
  close: vi.fn(async () => {}),
};

let world: string;
let pluginPath: string;
let app: ReturnType<typeof createAgentApp>;

beforeEach(() => {
  world = mkdtempSync(join(tmpdir(), 'agent-plugins-'));
  pluginPath = join(world, 'connect', 'plugins');
  mkdirSync(pluginPath, { recursive: true });
  app = createAgentApp({ token: TOKEN, worker, pluginPath });
});
afterEach(() => rmSync(world, { recursive: true, force: true }));

async function pluginArchive(version: string): Promise<Buffer> {
  const jar = await buildJar({ services: { [SOURCE_CONNECTOR]: ['io.example.cdc.ExampleConnector'] } });
  return buildTarGz([
    { name: 'example-connector/', type: 'directory' },
    { name: `example-connector/example-connector-${version}.jar`, data: jar },
  ]);
}

/** What the server's agent client sends: the digest, signed with the token over the plugin and file names. */
const signed = (name: string, sha256: string, query = '') =>
  archiveSignature(TOKEN, decodeURIComponent(name), sha256, new URLSearchParams(query.replace(/^\?/, '')).get('filename') ?? '');
const put = (name: string, body: Buffer, sha256 = sha256Hex(body), query = '') =>
  app.request(`/plugins/${name}${query}`, { method: 'PUT', body, headers: { ...auth, 'x-sha256': sha256, 'x-archive-signature': signed(name, sha256, query) } });

interface ErrorBody {
  error: { code: string; message: string };
}

describe('agent plugin routes', () => {
  it('need the bearer token', async () => {
    expect((await app.request('/plugins')).status).toBe(401);
    expect((await app.request('/plugins/x', { method: 'PUT', body: 'x' })).status).toBe(401);
    expect((await app.request('/plugins/x', { method: 'DELETE' })).status).toBe(401);
  });

  it('install a plugin into plugin.path, then list it with its classes', async () => {
    const archive = await pluginArchive('1.0.0');
    const res = await put('example', archive);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { name: string; replaced: boolean; classes: { connectors: unknown[] }; installed: { sha256: string } };
    expect(body).toMatchObject({ name: 'example', replaced: false, installed: { sha256: sha256Hex(archive), size: archive.length } });
    expect(body.classes.connectors).toEqual([{ class: 'io.example.cdc.ExampleConnector', type: 'source' }]);
    expect(readdirSync(join(pluginPath, 'example')).sort()).toEqual(['connectory-plugin.json', 'example-connector-1.0.0.jar']);

    const list = (await (await app.request('/plugins', { headers: auth })).json()) as { pluginPath: string; plugins: { name: string; jars: unknown[]; sizeBytes: number }[] };
    expect(list.pluginPath).toBe(pluginPath);
    expect(list.plugins).toEqual([expect.objectContaining({ name: 'example', layout: 'directory', jars: [{ path: 'example-connector-1.0.0.jar', size: expect.any(Number) }] })]);
    // staging lives beside plugin.path, never inside it, and is left empty
    expect(readdirSync(join(world, 'connect')).sort()).toEqual(['.plugins.staging', 'plugins']);
    expect(readdirSync(join(world, 'connect', '.plugins.staging'))).toEqual([]);
  });

  it('replace an older version atomically (200, nothing of the old one left)', async () => {
    await put('example', await pluginArchive('1.0.0'));
    const res = await put('example', await pluginArchive('2.0.0'));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { replaced: boolean }).replaced).toBe(true);
    expect(readdirSync(join(pluginPath, 'example')).sort()).toEqual(['connectory-plugin.json', 'example-connector-2.0.0.jar']);
  });

  it('put a single jar under the file name given', async () => {
    const jar = await buildJar({ services: { [SINK_CONNECTOR]: ['io.example.Sink'] } });
    const res = await put('file-sink', jar, sha256Hex(jar), '?filename=example-sink-1.0.jar');
    expect(res.status).toBe(201);
    expect(readdirSync(join(pluginPath, 'file-sink')).sort()).toEqual(['connectory-plugin.json', 'example-sink-1.0.jar']);
  });

  it('refuse a wrong checksum with 400, installing nothing', async () => {
    const before = snapshotTree(world);
    const archive = await pluginArchive('1.0.0');
    const res = await put('example', archive, sha256Hex('something else'));
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('checksum_mismatch');
    expect(body.error.message).toContain(sha256Hex(archive));
    expect(existsSync(join(pluginPath, 'example'))).toBe(false);
    const after = snapshotTree(world);
    delete after['connect/.plugins.staging']; // the (empty) staging folder may now exist
    expect(after).toEqual(before);
  });

  it('refuse a digest not signed with the token, or signed for another plugin or file name, reading nothing', async () => {
    const archive = await pluginArchive('1.0.0');
    const sha256 = sha256Hex(archive);
    const cases: [string, Record<string, string>][] = [
      ['no signature', { 'x-sha256': sha256 }],
      ['signed with another token', { 'x-sha256': sha256, 'x-archive-signature': archiveSignature('another-token-0123456789', 'example', sha256) }],
      ['signed for another plugin', { 'x-sha256': sha256, 'x-archive-signature': archiveSignature(TOKEN, 'other', sha256) }],
      ['signed for another file name', { 'x-sha256': sha256, 'x-archive-signature': archiveSignature(TOKEN, 'example', sha256, 'x.jar') }],
      ['another digest signed', { 'x-sha256': sha256, 'x-archive-signature': archiveSignature(TOKEN, 'example', sha256Hex('other bytes')) }],
      ['not hex', { 'x-sha256': sha256, 'x-archive-signature': 'zz' }],
    ];
    const before = snapshotTree(world);
    for (const [what, headers] of cases) {
      const res = await app.request('/plugins/example', { method: 'PUT', body: archive, headers: { ...auth, ...headers } });
      expect(res.status, what).toBe(401);
      expect(((await res.json()) as ErrorBody).error.code, what).toBe('invalid_signature');
    }
    expect(snapshotTree(world)).toEqual(before);
    expect((await put('example', archive)).status).toBe(201);
  });

  it('refuse a missing or malformed X-Sha256', async () => {
    const archive = await pluginArchive('1.0.0');
    const missing = await app.request('/plugins/example', { method: 'PUT', body: archive, headers: auth });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as ErrorBody).error.code).toBe('invalid_checksum');
    expect((await put('example', archive, 'abc')).status).toBe(400);
  });

  it('refuse a hostile archive with its archive error code, leaving the plugin path as it was', async () => {
    await put('example', await pluginArchive('1.0.0'));
    const before = snapshotTree(world);
    const jar = await buildJar({ services: { [SOURCE_CONNECTOR]: ['io.example.A'] } });
    const slip = await buildZip([{ name: 'p/a.jar', data: jar }, { name: 'xx/xx/evil.txt', data: 'owned' }], [{ from: 'xx/xx/evil.txt', to: '../../evil.txt' }]);
    const res = await put('example', slip);
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error).toEqual({ code: 'path_traversal', message: expect.stringContaining('entry "../../evil.txt"') });
    expect(snapshotTree(world)).toEqual(before);
  });

  it('refuse names that are not slugs', async () => {
    const archive = await pluginArchive('1.0.0');
    for (const name of ['.hidden', 'UPPER', 'a%2Fb', 'a..b', '-dash']) {
      const res = await put(name, archive);
      expect(res.status, name).toBe(400);
      expect(((await res.json()) as ErrorBody).error.code, name).toBe('invalid_name');
    }
    // ".." (however encoded) never reaches the route: the URL is normalised to /plugins first
    expect((await put('..', archive)).status).toBe(404);
    expect((await put('%2E%2E', archive)).status).toBe(404);
    expect(readdirSync(pluginPath)).toEqual([]);
  });

  it('delete a plugin, and answer 404 for one that is not there', async () => {
    await put('example', await pluginArchive('1.0.0'));
    const res = await app.request('/plugins/example', { method: 'DELETE', headers: auth });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ name: 'example', removed: true });
    expect(readdirSync(pluginPath)).toEqual([]);
    const again = await app.request('/plugins/example', { method: 'DELETE', headers: auth });
    expect(again.status).toBe(404);
    expect(((await again.json()) as ErrorBody).error.code).toBe('not_found');
  });

  it('list plugins it did not install too (folders and loose jars)', async () => {
    mkdirSync(join(pluginPath, 'connect-file'));
    writeFileSync(join(pluginPath, 'connect-file', 'connect-file-4.3.1.jar'), await buildJar({ services: { [SOURCE_CONNECTOR]: ['org.apache.kafka.connect.file.FileStreamSourceConnector'] } }));
    writeFileSync(join(pluginPath, 'loose.jar'), await buildJar({ services: { [SINK_CONNECTOR]: ['io.example.Loose'] } }));
    const list = (await (await app.request('/plugins', { headers: auth })).json()) as { plugins: { name: string; layout: string; installed: unknown; classes: { connectors: { class: string }[] } }[] };
    expect(list.plugins.map((p) => [p.name, p.layout, p.installed, p.classes.connectors.map((c) => c.class)])).toEqual([
      ['connect-file', 'directory', null, ['org.apache.kafka.connect.file.FileStreamSourceConnector']],
      ['loose.jar', 'jar', null, ['io.example.Loose']],
    ]);
    expect(readFileSync(join(pluginPath, 'loose.jar')).length).toBeGreaterThan(0);
  });

  it('list what is on disk now, after a jar was replaced in place by hand', async () => {
    const folder = join(pluginPath, 'hand-made');
    mkdirSync(folder);
    const jar = join(folder, 'hand-made.jar');
    writeFileSync(jar, await buildJar({ services: { [SOURCE_CONNECTOR]: ['io.example.First'] } }));
    const classes = async () => {
      const list = (await (await app.request('/plugins', { headers: auth })).json()) as { plugins: { name: string; classes: { connectors: { class: string }[] } }[] };
      return list.plugins.find((p) => p.name === 'hand-made')?.classes.connectors.map((c) => c.class);
    };
    expect(await classes()).toEqual(['io.example.First']);
    // same file name, same folder: only the file's own size and mtime change
    writeFileSync(jar, await buildJar({ services: { [SOURCE_CONNECTOR]: ['io.example.Second', 'io.example.Third'] } }));
    expect(await classes()).toEqual(['io.example.Second', 'io.example.Third']);
  });
});
