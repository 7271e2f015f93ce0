import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MavenClient, MavenRepositoryError, parseCoordinates } from '../../../server/maven';
import { createMavenMirror } from '../../stack/maven-mirror';
import { sha256Hex, sha512Hex } from '../../support/archives';
import { waitFor } from '../../support/wait';

const COORDS = parseCoordinates('io.example:example-connector:1.2.0.Final:plugin:tar.gz');
const FILE_PATH = 'io/example/example-connector/1.2.0.Final/example-connector-1.2.0.Final-plugin.tar.gz';

let dir: string;
let repo: string;
let content: Buffer;
let mirror: Server;
let mirrorUrl: string;

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'maven-client-'));
  repo = join(dir, 'repo');
  content = Buffer.alloc(3 * 1024 * 1024);
  for (let i = 0; i < content.length; i += 1) content[i] = (i * 7919) % 251;
  mkdirSync(dirname(join(repo, FILE_PATH)), { recursive: true });
  writeFileSync(join(repo, FILE_PATH), content);
  writeFileSync(
    join(repo, 'io/example/example-connector/maven-metadata.xml'),
    '<metadata><versioning><versions><version>1.1.0.Final</version><version>1.2.0.Final</version></versions></versioning></metadata>',
  );
  // the local stack's own mirror code: Maven layout, HEAD, single Range requests
  mirror = await createMavenMirror(repo);
  mirrorUrl = await listen(mirror);
});

afterAll(async () => {
  await new Promise((resolve) => mirror.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
const dest = () => join(dir, 'downloads', `${(n += 1)}`, 'file.tar.gz');
const client = (options: Partial<ConstructorParameters<typeof MavenClient>[0]> = {}) => new MavenClient({ baseUrl: mirrorUrl, ...options });

async function failure(work: Promise<unknown>): Promise<MavenRepositoryError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MavenRepositoryError);
  return error as MavenRepositoryError;
}

describe('Maven client', () => {
  it('builds URLs from the base URL and the layout', () => {
    expect(new MavenClient({ baseUrl: 'https://repo.example.com/maven2/' }).url(COORDS)).toBe(`https://repo.example.com/maven2/${FILE_PATH}`);
    expect(new MavenClient().baseUrl).toBe('https://repo.maven.apache.org/maven2');
  });

  it('downloads, hashing sha512 and sha256 while writing, checked against the expected values', async () => {
    const file = dest();
    const result = await client().download(COORDS, file, { expectedSha512: sha512Hex(content), expectedSha256: sha256Hex(content), expectedSize: content.length });
    expect(result).toMatchObject({ size: content.length, sha512: sha512Hex(content), sha256: sha256Hex(content), resumedFrom: 0, file, url: `${mirrorUrl}/${FILE_PATH}` });
    expect(readFileSync(file).equals(content)).toBe(true);
    expect(existsSync(`${file}.part`)).toBe(false);
  });

  it('answers HEAD and lists versions from maven-metadata.xml', async () => {
    expect(await client().exists(COORDS)).toEqual({ exists: true, size: content.length });
    expect(await client().exists({ ...COORDS, version: '9.9.9' })).toEqual({ exists: false });
    expect(await client().versions('io.example', 'example-connector')).toEqual(['1.1.0.Final', '1.2.0.Final']);
  });

  it('refuses a checksum mismatch naming the coordinates and both checksums, and deletes the download', async () => {
    const file = dest();
    const wrong = sha512Hex('not the file');
    const error = await failure(client().download(COORDS, file, { expectedSha512: wrong }));
    expect(error.code).toBe('checksum_mismatch');
    expect(error.message).toBe(
      `Maven repository ${mirrorUrl}: io.example:example-connector:1.2.0.Final:plugin:tar.gz: checksum mismatch: expected sha512 ${wrong}, got ${sha512Hex(content)} (the download was deleted)`,
    );
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}.part`)).toBe(false);
  });

  it('resumes an interrupted download from its .part with a Range request', async () => {
    const file = dest();
    const controller = new AbortController();
    const first = await failure(
      client().download(COORDS, file, {
        signal: controller.signal,
        onProgress: ({ received }) => {
          if (received > 1024 * 1024) controller.abort();
        },
      }),
    );
    expect(first.code).toBe('aborted');
    const kept = statSync(`${file}.part`).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(content.length);

    const second = await client().download(COORDS, file, { expectedSha512: sha512Hex(content) });
    expect(second.resumedFrom).toBe(kept);
    expect(second.sha512).toBe(sha512Hex(content));
    expect(readFileSync(file).equals(content)).toBe(true);
  });

  it('fails the checksum (and starts over next time) when the kept part is not a prefix of the file', async () => {
    const file = dest();
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.part`, Buffer.alloc(1000, 1));
    const error = await failure(client().download(COORDS, file, { expectedSha512: sha512Hex(content) }));
    expect(error.code).toBe('checksum_mismatch');
    expect(existsSync(`${file}.part`)).toBe(false);
    const retry = await client().download(COORDS, file, { expectedSha512: sha512Hex(content) });
    expect(retry.resumedFrom).toBe(0);
  });

  it('starts over when the kept part is longer than the file (416)', async () => {
    const file = dest();
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.part`, Buffer.alloc(content.length + 10));
    const result = await client().download(COORDS, file, { expectedSha512: sha512Hex(content) });
    expect(result.resumedFrom).toBe(0);
  });

  it('names the repository and the coordinates when the file does not exist', async () => {
    const error = await failure(client().download({ ...COORDS, version: '9.9.9' }, dest()));
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(new RegExp(`^Maven repository ${mirrorUrl}: io\\.example:example-connector:9\\.9\\.9:plugin:tar\\.gz: not found`));
  });

  it('refuses a file larger than the limit before downloading it', async () => {
    const file = dest();
    const error = await failure(client().download(COORDS, file, { maxBytes: 1000 }));
    expect(error.code).toBe('too_large');
    expect(error.message).toMatch(/3145728 bytes is over the 1000-byte limit/);
    expect(existsSync(`${file}.part`)).toBe(false);
  });

  it('reports a network failure naming the repository', async () => {
    const error = await failure(new MavenClient({ baseUrl: 'http://127.0.0.1:1' }).download(COORDS, dest()));
    expect(error.code).toBe('network');
    expect(error.message).toMatch(/^Maven repository http:\/\/127\.0\.0\.1:1: io\.example:example-connector/);
  });

  describe('against misbehaving servers', () => {
    const servers: Server[] = [];
    afterAll(async () => {
      for (const s of servers) {
        s.closeAllConnections();
        await new Promise((resolve) => s.close(resolve));
      }
    });
    const serve = async (handler: Parameters<typeof createServer>[1]) => {
      const server = createServer(handler);
      servers.push(server);
      return listen(server);
    };

    it('times out when no response comes', async () => {
      const url = await serve(() => {}); // never answers
      const error = await failure(new MavenClient({ baseUrl: url, responseTimeoutMs: 200 }).download(COORDS, dest()));
      expect(error.code).toBe('timeout');
      expect(error.message).toMatch(/no response within 200 ms/);
    });

    it('times out when the body stalls, keeping the part for a resume', async () => {
      const url = await serve((_req, res) => {
        res.writeHead(200, { 'content-length': String(content.length) });
        res.write(content.subarray(0, 64 * 1024)); // then silence
      });
      const file = dest();
      const error = await failure(new MavenClient({ baseUrl: url, idleTimeoutMs: 200 }).download(COORDS, file));
      expect(error.code).toBe('timeout');
      expect(error.message).toMatch(/no data for 200 ms/);
      expect(statSync(`${file}.part`).size).toBe(64 * 1024);
    });

    it('starts over when the server ignores the Range header', async () => {
      const url = await serve((_req, res) => {
        res.writeHead(200, { 'content-length': String(content.length) });
        res.end(content);
      });
      const file = dest();
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(`${file}.part`, content.subarray(0, 1000));
      const result = await new MavenClient({ baseUrl: url }).download(COORDS, file, { expectedSha512: sha512Hex(content) });
      expect(result.resumedFrom).toBe(0);
      expect(readFileSync(file).equals(content)).toBe(true);
    });

    it('keeps the part when the connection ends early, and says so', async () => {
      const file = dest();
      const url = await serve((_req, res) => {
        res.writeHead(200, { 'content-length': String(content.length) });
        // cut only once the first bytes reached the client's part file: a reset before any body byte leaves no part
        res.write(content.subarray(0, 1000), () => {
          const arrived = () => existsSync(`${file}.part`) && statSync(`${file}.part`).size > 0;
          void waitFor(arrived, { what: 'the first bytes in the part file', timeoutMs: 10_000 })
            .catch(() => {}) // the assertion on the part file below says what went wrong
            .finally(() => res.destroy());
        });
      });
      const error = await failure(new MavenClient({ baseUrl: url }).download(COORDS, file));
      expect(['incomplete', 'network']).toContain(error.code);
      expect(existsSync(`${file}.part`)).toBe(true);
    });

    it('reports other HTTP errors with their status', async () => {
      const url = await serve((_req, res) => {
        res.writeHead(503);
        res.end('busy');
      });
      const error = await failure(new MavenClient({ baseUrl: url }).download(COORDS, dest()));
      expect(error.code).toBe('http_error');
      expect(error.message).toMatch(/answered 503/);
    });
  });
});
