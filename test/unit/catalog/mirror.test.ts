import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog, mirrorCatalog } from '../../../server/catalog';
import { parseMirrorArgs } from '../../../server/catalog/mirror-cli';
import { MavenClient } from '../../../server/maven';
import { createMavenMirror } from '../../stack/maven-mirror';
import { buildJar, sha512Hex, SOURCE_CONNECTOR } from '../../support/archives';

let dir: string;
let server: Server;
let upstream: MavenClient;
let catalog: Catalog;
let jar: Buffer;

const PATH = 'io/example/example-connector/1.0.0/example-connector-1.0.0.jar';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'catalog-mirror-'));
  jar = await buildJar({ services: { [SOURCE_CONNECTOR]: ['io.example.Source'] } });
  mkdirSync(dirname(join(dir, 'upstream', PATH)), { recursive: true });
  writeFileSync(join(dir, 'upstream', PATH), jar);
  server = await createMavenMirror(join(dir, 'upstream'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  upstream = new MavenClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  const version = (v: string, sha512: string) => ({
    version: v,
    semver: v,
    prerelease: false,
    kafka: '*',
    minJava: 17,
    artifacts: [{ coordinates: `io.example:example-connector:${v}:jar`, sha512, size: jar.length }],
    connectorClasses: [{ class: 'io.example.Source', type: 'source' as const }],
  });
  catalog = new Catalog({
    meta: { version: '1.0.0', changelog: [{ version: '1.0.0', date: '2026-01-01', changes: 'x' }] },
    entries: [{ id: 'example', name: 'Example', publisher: 'x', category: 'other', description: 'x', docs: 'https://example.com', license: 'MIT', needs: ['nothing'], templates: [], versions: [version('1.0.0', sha512Hex(jar))] }],
  });
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('catalog mirror', () => {
  it('fetches catalog archives into Maven layout with checksum files, and keeps what is already there', async () => {
    const to = join(dir, 'mirror');
    const first = await mirrorCatalog({ catalog, maven: upstream, to });
    expect(first).toEqual([{ coordinates: 'io.example:example-connector:1.0.0:jar', path: join(to, PATH), status: 'downloaded', size: jar.length }]);
    expect(readFileSync(join(to, PATH))).toEqual(jar);
    expect(readFileSync(join(to, `${PATH}.sha512`), 'utf8').trim()).toBe(sha512Hex(jar));
    expect(readFileSync(join(to, `${PATH}.sha1`), 'utf8').trim()).toMatch(/^[0-9a-f]{40}$/);
    const second = await mirrorCatalog({ catalog, maven: upstream, to, ids: ['example'] });
    expect(second[0]!.status).toBe('present');
  });

  it('refuses unknown ids, naming the known ones', async () => {
    await expect(mirrorCatalog({ catalog, maven: upstream, to: join(dir, 'x'), ids: ['nope'] })).rejects.toThrow('Catalog mirror: unknown catalog id(s) nope (known: example)');
  });

  it('parses its command line', () => {
    expect(parseMirrorArgs(['--to', '/srv/maven', '--latest', 'debezium-mysql', 'kafka-filestream'], {})).toMatchObject({
      to: '/srv/maven',
      from: 'https://repo.maven.apache.org/maven2',
      latestOnly: true,
      ids: ['debezium-mysql', 'kafka-filestream'],
    });
    expect(parseMirrorArgs(['--to', 'out'], { MAVEN_BASE_URL: 'http://nexus:8081/maven' }).from).toBe('http://nexus:8081/maven');
    expect(() => parseMirrorArgs([], {})).toThrow(/--to is required/);
    expect(() => parseMirrorArgs(['--to'], {})).toThrow(/--to needs a value/);
    expect(() => parseMirrorArgs(['--to', 'x', '--frobnicate'], {})).toThrow(/unknown option --frobnicate/);
  });
});
