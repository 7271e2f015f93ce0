/**
 * A real catalog archive end to end against the local stack: downloaded through the stack's Maven
 * mirror (interrupted and resumed), checked against the catalog's sha512, inspected, stored and
 * recorded; then pushed to a worker's agent, the worker restarted through the agent, and the
 * connector class seen in the worker's GET /connector-plugins. The plugin is removed afterwards
 * and the worker restarted again, leaving the stack as it was.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveSignature } from '../../plugins/agent/auth';
import { inspectArchive } from '../../plugins/archive';
import {
  createArtifactDeps,
  fetchCatalogArtifact,
  findCatalogArtifact,
  getArtifact,
  storeUpload,
  type ArtifactDeps,
} from '../../server/artifacts';
import { Catalog, type CatalogEntry } from '../../server/catalog';
import { openDatabase, type Database } from '../../server/db';
import { MavenClient, MavenRepositoryError, artifactPath, parseCoordinates } from '../../server/maven';
import { requireStack, type StackInfo } from '../stack';
import { waitUntil } from '../stack/wait';
import { buildJar, buildZip, sha256Hex, SINK_CONNECTOR } from '../support/archives';
import { createTestDatabase, type TestDatabase } from '../support/db';

const ENTRY = 'debezium-mariadb';
const VERSION = '3.5.0.Final';
const ENTRY_CLASS = 'io.debezium.connector.mariadb.MariaDbConnector';
/**
 * Pushed straight to an agent: a connector no other test leaves on the workers (the CDC tests keep Debezium
 * MariaDB and PostgreSQL installed), so "not listed before, listed after" holds in any order. Its own folder name.
 */
const PUSHED_ENTRY = 'debezium-mysql';
const PUSHED_VERSION = '3.6.1.Final';
const CONNECTOR_CLASS = 'io.debezium.connector.mysql.MySqlConnector';
const PLUGIN = 'it-debezium-mysql';

let stack: StackInfo;
let catalog: Catalog;
let entry: CatalogEntry;
let testDb: TestDatabase;
let database: Database;
let dataDir: string;
let deps: ArtifactDeps;

beforeAll(async () => {
  stack = requireStack();
  catalog = await Catalog.load();
  entry = catalog.get(ENTRY)!;
  testDb = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'catalog-delivery-'));
  database = await openDatabase({ url: testDb.url, dataDir, maxConnections: 2 });
  await database.migrate();
  deps = createArtifactDeps({ db: database.db, dataDir, mavenBaseUrl: stack.mavenMirror.url });
});

afterAll(async () => {
  await database?.close();
  await testDb?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('catalog archive download (through the stack\'s Maven mirror)', () => {
  it('survives an interruption midway, resumes, and matches the pinned sha512', async () => {
    const pinned = catalog.getVersion(ENTRY, VERSION)!.artifacts[0]!;
    const coordinates = parseCoordinates(pinned.coordinates);
    const maven = new MavenClient({ baseUrl: stack.mavenMirror.url });
    const file = join(dataDir, 'manual', artifactPath(coordinates));
    const controller = new AbortController();
    const interrupted = await maven
      .download(coordinates, file, {
        signal: controller.signal,
        onProgress: ({ received }) => {
          if (received >= 5 * 1024 * 1024) controller.abort();
        },
      })
      .catch((e: unknown) => e);
    expect(interrupted).toBeInstanceOf(MavenRepositoryError);
    expect((interrupted as MavenRepositoryError).code).toBe('aborted');
    // what was in flight when the abort came may not have reached the disk: the part is what counts
    const kept = statSync(`${file}.part`).size;
    expect(kept).toBeGreaterThan(1024 * 1024);
    expect(kept).toBeLessThan(pinned.size);

    const resumed = await maven.download(coordinates, file, { expectedSha512: pinned.sha512, expectedSize: pinned.size });
    expect(resumed.resumedFrom).toBe(kept);
    expect(resumed.sha512).toBe(pinned.sha512);
    expect(resumed.size).toBe(pinned.size);

    const inspection = await inspectArchive(file);
    expect(inspection.kind).toBe('tar.gz');
    expect(inspection.root).toBe('debezium-connector-mariadb');
    expect(inspection.classSource).toBe('service-manifest');
    expect(inspection.classes.connectors).toEqual([{ class: ENTRY_CLASS, type: 'source' }]);
  });

  it('stores and records a catalog version once (fetchCatalogArtifact)', async () => {
    const first = await fetchCatalogArtifact(deps, entry, VERSION);
    expect(first.created).toBe(true);
    expect(first.files).toEqual([expect.objectContaining({ coordinates: `io.debezium:debezium-connector-mariadb:${VERSION}:plugin:tar.gz`, reused: false })]);
    expect(first.artifact).toMatchObject({ name: ENTRY, version: VERSION, kind: 'tar.gz', size: entry.versions[0]!.artifacts[0]!.size });
    expect(first.artifact.source).toMatchObject({ kind: 'catalog', catalogId: ENTRY, version: VERSION, url: expect.stringContaining(stack.mavenMirror.url) });
    expect(first.artifact.inspection.classes.connectors).toEqual([{ class: ENTRY_CLASS, type: 'source' }]);
    expect(await deps.store.exists(first.artifact.sha256)).toBe(true);
    expect(await getArtifact(database.db, first.artifact.sha256)).toEqual(first.artifact);

    const again = await fetchCatalogArtifact(deps, entry, VERSION);
    expect(again).toEqual({ artifact: first.artifact, created: false, files: [] });
  });

  it('refuses a download whose checksum does not match the catalog, storing nothing', async () => {
    const older = entry.versions.find((v) => v.version === '3.4.0.Final')!;
    const wrong = '0'.repeat(128);
    const tampered: CatalogEntry = { ...entry, versions: [{ ...older, artifacts: [{ ...older.artifacts[0]!, sha512: wrong }] }] };
    const error = await fetchCatalogArtifact(deps, tampered, '3.4.0.Final').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MavenRepositoryError);
    expect((error as MavenRepositoryError).code).toBe('checksum_mismatch');
    expect((error as Error).message).toContain(`Maven repository ${stack.mavenMirror.url}: io.debezium:debezium-connector-mariadb:3.4.0.Final:plugin:tar.gz: checksum mismatch: expected sha512 ${wrong}, got ${older.artifacts[0]!.sha512}`);
    expect(await findCatalogArtifact(database.db, ENTRY, '3.4.0.Final')).toBeUndefined();
    const part = join(deps.workDir, 'downloads', artifactPath(parseCoordinates(older.artifacts[0]!.coordinates)));
    expect(existsSync(part) || existsSync(`${part}.part`)).toBe(false);
  });

  it('bundles a version published as several jars (MirrorMaker 2) into one archive', async () => {
    const mm2 = await fetchCatalogArtifact(deps, catalog.get('kafka-mirrormaker2')!, '4.3.1');
    expect(mm2.files.map((f) => f.coordinates)).toEqual(['org.apache.kafka:connect-mirror:4.3.1:jar', 'org.apache.kafka:connect-mirror-client:4.3.1:jar']);
    expect(mm2.artifact.kind).toBe('tar.gz');
    expect(mm2.artifact.inspection.jars.map((j) => j.path)).toEqual(['connect-mirror-4.3.1.jar', 'connect-mirror-client-4.3.1.jar']);
    expect(mm2.artifact.inspection.classes.connectors.map((c) => c.class).sort()).toEqual([
      'org.apache.kafka.connect.mirror.MirrorCheckpointConnector',
      'org.apache.kafka.connect.mirror.MirrorHeartbeatConnector',
      'org.apache.kafka.connect.mirror.MirrorSourceConnector',
    ]);
  });
});

describe('custom uploads', () => {
  it('take name and version from a Confluent Hub manifest', async () => {
    const jar = await buildJar({ services: { [SINK_CONNECTOR]: ['io.example.jdbc.JdbcSinkConnector'] } });
    const zip = await buildZip([
      { name: 'example-jdbc-1.4.0/manifest.json', data: JSON.stringify({ name: 'kafka-connect-jdbc', version: '1.4.0', owner: { username: 'example' } }) },
      { name: 'example-jdbc-1.4.0/lib/jdbc.jar', data: jar },
    ]);
    const result = await storeUpload(deps, Readable.from([zip]), 'example-jdbc-1.4.0.zip', { maxBytes: 10_000_000, uploadedBy: 'tests' });
    expect(result).toMatchObject({ created: true, needs: [], artifact: { sha256: sha256Hex(zip), name: 'kafka-connect-jdbc', version: '1.4.0', kind: 'zip' } });
  });

  it('ask for name and version when the archive does not say, and refuse hostile ones leaving nothing stored', async () => {
    const jar = await buildJar({ services: { [SINK_CONNECTOR]: ['io.example.Plain'] } });
    const plain = await storeUpload(deps, Readable.from([jar]), 'plain-sink.jar', { maxBytes: 10_000_000 });
    expect(plain).toMatchObject({ needs: ['name', 'version'], artifact: { name: 'plain-sink', version: null, kind: 'jar' } });

    const slip = await buildZip([{ name: 'p/a.jar', data: jar }, { name: 'xx/evil', data: 'x' }], [{ from: 'xx/evil', to: '../evil' }]);
    await expect(storeUpload(deps, Readable.from([slip]), 'slip.zip', { maxBytes: 10_000_000 })).rejects.toMatchObject({ code: 'path_traversal' });
    expect(await getArtifact(database.db, sha256Hex(slip))).toBeUndefined();
    expect(await deps.store.exists(sha256Hex(slip))).toBe(false);
  });
});

describe('delivery to a worker through its agent', () => {
  /**
   * The stack's agent for the first worker; CONNECTORY_TEST_AGENT_URL may name another agent for the
   * same worker (one running newer code than a stack that was started earlier).
   */
  const agentUrl = () => process.env.CONNECTORY_TEST_AGENT_URL || stack.connect.workers[0]!.agentUrl;
  const worker = () => stack.connect.workers[0]!;
  const agent = (path: string, init: RequestInit = {}) =>
    fetch(`${agentUrl()}${path}`, { ...init, headers: { authorization: `Bearer ${stack.connect.agentToken}`, ...(init.headers ?? {}) }, signal: AbortSignal.timeout(120_000) });

  async function workerPluginClasses(): Promise<string[] | undefined> {
    const res = await fetch(`${worker().url}/connector-plugins`, { signal: AbortSignal.timeout(5_000) });
    if (!res.ok) return undefined;
    return ((await res.json()) as { class: string }[]).map((p) => p.class);
  }

  async function restartAndWaitFor(present: boolean): Promise<void> {
    const restart = await agent('/worker/restart', { method: 'POST' });
    expect(restart.status, await restart.clone().text()).toBe(200);
    await waitUntil(
      async () => {
        const classes = await workerPluginClasses().catch(() => undefined);
        return classes !== undefined && classes.includes(CONNECTOR_CLASS) === present;
      },
      { timeoutMs: 240_000, intervalMs: 2_000 },
    );
  }

  beforeAll(async () => {
    const res = await agent('/plugins');
    if (res.status === 404) {
      throw new Error(`the agent at ${agentUrl()} has no plugin routes: it runs code older than plugins/agent/plugin-routes.ts. Restart the stack's agents (npm run stack:down && npm run stack:up).`);
    }
  });

  it('refuses a push whose X-Sha256 does not match, installing nothing', async () => {
    const jar = await buildJar({ services: { [SINK_CONNECTOR]: ['io.example.Never'] } });
    const claimed = sha256Hex('other bytes');
    const signature = archiveSignature(stack.connect.agentToken, `${PLUGIN}-wrong`, claimed);
    const res = await agent(`/plugins/${PLUGIN}-wrong`, { method: 'PUT', body: jar, headers: { 'x-sha256': claimed, 'x-archive-signature': signature } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('checksum_mismatch');
    const list = (await (await agent('/plugins')).json()) as { plugins: { name: string }[] };
    expect(list.plugins.map((p) => p.name)).not.toContain(`${PLUGIN}-wrong`);
  });

  it(
    'pushes the stored archive, restarts the worker, and the worker lists the connector; then removes it again',
    async () => {
      const { artifact } = await fetchCatalogArtifact(deps, catalog.get(PUSHED_ENTRY)!, PUSHED_VERSION);
      const archive = await readAll(await deps.store.open(artifact.sha256));
      expect(sha256Hex(archive)).toBe(artifact.sha256);
      // other suites restart workers too: start from a worker that answers
      const before = await waitUntil(() => workerPluginClasses().catch(() => undefined), { timeoutMs: 180_000, intervalMs: 2_000 });
      expect(before).not.toContain(CONNECTOR_CLASS);
      try {
        const signature = archiveSignature(stack.connect.agentToken, PLUGIN, artifact.sha256);
        const put = await agent(`/plugins/${PLUGIN}`, { method: 'PUT', body: archive, headers: { 'x-sha256': artifact.sha256, 'x-archive-signature': signature } });
        expect(put.status, await put.clone().text()).toBe(201);
        const installed = (await put.json()) as { name: string; classes: { connectors: { class: string }[] }; installed: { sha256: string } };
        expect(installed.installed.sha256).toBe(artifact.sha256);
        expect(installed.classes.connectors.map((c) => c.class)).toEqual([CONNECTOR_CLASS]);

        await restartAndWaitFor(true);
        const plugins = (await (await agent('/plugins')).json()) as { plugins: { name: string; jars: unknown[] }[] };
        expect(plugins.plugins.find((p) => p.name === PLUGIN)?.jars.length).toBe(artifact.inspection.jars.length);
      } finally {
        const removed = await agent(`/plugins/${PLUGIN}`, { method: 'DELETE' });
        if (removed.status === 200) await restartAndWaitFor(false);
      }
      expect(await workerPluginClasses()).not.toContain(CONNECTOR_CLASS);
    },
    600_000,
  );
});
