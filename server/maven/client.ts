import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { artifactPath, formatCoordinates, metadataPath, type MavenCoordinates } from './coordinates';
import { MavenRepositoryError } from './errors';

export const MAVEN_CENTRAL = 'https://repo.maven.apache.org/maven2';

export interface MavenClientOptions {
  /** Repository root, e.g. Maven Central or an air-gapped mirror (MAVEN_BASE_URL). */
  baseUrl?: string;
  /** How long to wait for a response's headers. */
  responseTimeoutMs?: number;
  /** Longest silence allowed while a body streams. */
  idleTimeoutMs?: number;
  fetch?: typeof fetch;
}

export interface DownloadOptions {
  /** Refuse anything larger (announced or actually sent). */
  maxBytes?: number;
  expectedSha512?: string;
  expectedSha256?: string;
  expectedSize?: number;
  /** Continue a previous attempt's `<dest>.part` with a Range request (default true). */
  resume?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: { received: number; total: number | undefined }) => void;
}

export interface DownloadResult {
  url: string;
  file: string;
  size: number;
  sha512: string;
  sha256: string;
  /** Bytes reused from an earlier interrupted attempt (0 for a fresh download). */
  resumedFrom: number;
}

const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024;

interface Hashes {
  sha512: Hash;
  sha256: Hash;
}

const newHashes = (): Hashes => ({ sha512: createHash('sha512'), sha256: createHash('sha256') });

async function fileSize(file: string): Promise<number> {
  return stat(file).then(
    (s) => s.size,
    () => 0,
  );
}

/** The part already on disk is hashed again so the final checksums cover the whole file. */
async function hashExisting(file: string, hashes: Hashes): Promise<void> {
  for await (const chunk of createReadStream(file)) {
    hashes.sha512.update(chunk as Buffer);
    hashes.sha256.update(chunk as Buffer);
  }
}

/** The one client for Maven repositories: layout, metadata, and checked, resumable downloads. */
export class MavenClient {
  readonly baseUrl: string;
  private readonly responseTimeoutMs: number;
  private readonly idleTimeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(options: MavenClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? MAVEN_CENTRAL).replace(/\/+$/, '');
    this.responseTimeoutMs = options.responseTimeoutMs ?? 30_000;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
    this.fetchImpl = options.fetch ?? fetch;
  }

  url(coordinates: MavenCoordinates): string {
    return `${this.baseUrl}/${artifactPath(coordinates)}`;
  }

  private error(code: MavenRepositoryError['code'], detail: string, cause?: unknown): MavenRepositoryError {
    return new MavenRepositoryError(code, this.baseUrl, detail, cause === undefined ? undefined : { cause });
  }

  /** A request whose headers must arrive within the response timeout; the body is the caller's. */
  private async request(url: string, init: RequestInit, controller: AbortController, what: string): Promise<Response> {
    const timer = setTimeout(() => controller.abort(new Error('response timeout')), this.responseTimeoutMs);
    try {
      return await this.fetchImpl(url, { ...init, signal: controller.signal });
    } catch (error) {
      throw this.failure(error, controller, what);
    } finally {
      clearTimeout(timer);
    }
  }

  private failure(error: unknown, controller: AbortController, what: string): MavenRepositoryError {
    if (error instanceof MavenRepositoryError) return error;
    const reason = controller.signal.reason as Error | undefined;
    if (controller.signal.aborted && reason?.message === 'response timeout') {
      return this.error('timeout', `${what}: no response within ${this.responseTimeoutMs} ms`, error);
    }
    if (controller.signal.aborted && reason?.message === 'idle timeout') {
      return this.error('timeout', `${what}: no data for ${this.idleTimeoutMs} ms`, error);
    }
    if (controller.signal.aborted) return this.error('aborted', `${what}: aborted`, error);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message ?? (error as Error).message;
    return this.error('network', `${what}: ${detail}`, error);
  }

  /** Whether the repository has the file (HEAD), and its size when the server says. */
  async exists(coordinates: MavenCoordinates): Promise<{ exists: boolean; size?: number }> {
    const controller = new AbortController();
    const what = formatCoordinates(coordinates);
    const res = await this.request(this.url(coordinates), { method: 'HEAD' }, controller, what);
    if (res.status === 404) return { exists: false };
    if (!res.ok) throw this.error('http_error', `${what}: HEAD answered ${res.status}`);
    const length = Number(res.headers.get('content-length'));
    return { exists: true, ...(Number.isFinite(length) && res.headers.has('content-length') ? { size: length } : {}) };
  }

  /** The versions listed in the artifact's maven-metadata.xml, oldest first as the repository keeps them. */
  async versions(groupId: string, artifactId: string): Promise<string[]> {
    const controller = new AbortController();
    const url = `${this.baseUrl}/${metadataPath(groupId, artifactId)}`;
    const what = `${groupId}:${artifactId} metadata`;
    const res = await this.request(url, {}, controller, what);
    if (res.status === 404) throw this.error('not_found', `${what}: not found (${url})`);
    if (!res.ok) throw this.error('http_error', `${what}: GET answered ${res.status}`);
    const xml = await res.text();
    return [...xml.matchAll(/<version>\s*([^<\s]+)\s*<\/version>/g)].map((m) => m[1]!);
  }

  /**
   * Downloads to `dest` through `dest.part`: hashed (sha512 and sha256) while written, resumed
   * with a Range request when an earlier attempt left a part, checked against the expected size and
   * checksums at the end, and renamed into place only when it all matches. A mismatch deletes the
   * part; an interruption keeps it for the next attempt.
   */
  async download(coordinates: MavenCoordinates, dest: string, options: DownloadOptions = {}): Promise<DownloadResult> {
    const part = `${dest}.part`;
    await mkdir(dirname(dest), { recursive: true });
    let offset = options.resume === false ? 0 : await fileSize(part);
    if (options.expectedSize !== undefined && offset > options.expectedSize) offset = 0;
    if (offset === 0) await rm(part, { force: true });
    const result = await this.transfer(coordinates, part, offset, options);
    await this.verify(coordinates, part, result, options);
    await rename(part, dest);
    return { ...result, file: dest };
  }

  private async transfer(coordinates: MavenCoordinates, part: string, offset: number, options: DownloadOptions): Promise<DownloadResult> {
    const what = formatCoordinates(coordinates);
    const url = this.url(coordinates);
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    const controller = new AbortController();
    const onAbort = () => controller.abort(options.signal?.reason ?? new Error('aborted'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      if (options.signal?.aborted) throw this.error('aborted', `${what}: aborted`);
      const headers: Record<string, string> = offset > 0 ? { range: `bytes=${offset}-` } : {};
      const res = await this.request(url, { headers }, controller, what);
      const start = this.startOf(res, offset);
      if (start === 'restart') {
        await res.body?.cancel();
        await rm(part, { force: true });
        return this.transfer(coordinates, part, 0, options);
      }
      if (res.status === 404) throw this.error('not_found', `${what}: not found (${url})`);
      if (!res.ok || !res.body) throw this.error('http_error', `${what}: GET ${url} answered ${res.status}`);
      const total = this.totalOf(res, start);
      if (total !== undefined && total > maxBytes) {
        await res.body.cancel();
        throw this.error('too_large', `${what}: ${total} bytes is over the ${maxBytes}-byte limit`);
      }
      if (start === 0) await rm(part, { force: true });
      const hashes = newHashes();
      if (start > 0) await hashExisting(part, hashes);
      const received = await this.writeBody(res.body as unknown as WebReadableStream, part, start, hashes, controller, { what, maxBytes, total, ...options });
      if (total !== undefined && start + received < total) {
        throw this.error('incomplete', `${what}: the connection ended after ${start + received} of ${total} bytes (the part is kept; download again to resume)`);
      }
      return { url, file: part, size: start + received, sha512: hashes.sha512.digest('hex'), sha256: hashes.sha256.digest('hex'), resumedFrom: start };
    } catch (error) {
      if (error instanceof MavenRepositoryError && error.code === 'too_large') await rm(part, { force: true });
      throw this.failure(error, controller, what);
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Where the body starts in the file: the requested offset on a matching 206, 0 on a 200. */
  private startOf(res: Response, offset: number): number | 'restart' {
    if (offset === 0) return 0;
    if (res.status === 416) return 'restart'; // the part is not a prefix of what the server has
    if (res.status === 200) return 0; // range ignored: the whole file follows
    if (res.status !== 206) return offset;
    const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(res.headers.get('content-range') ?? '');
    return match && Number(match[1]) === offset ? offset : 'restart';
  }

  private totalOf(res: Response, start: number): number | undefined {
    const range = /\/(\d+)$/.exec(res.headers.get('content-range') ?? '');
    if (res.status === 206 && range) return Number(range[1]);
    const length = res.headers.get('content-length');
    return length === null ? undefined : start + Number(length);
  }

  private async writeBody(
    body: WebReadableStream,
    part: string,
    start: number,
    hashes: Hashes,
    controller: AbortController,
    opts: DownloadOptions & { what: string; maxBytes: number; total: number | undefined },
  ): Promise<number> {
    let received = 0;
    let idle: NodeJS.Timeout | undefined;
    const armIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => controller.abort(new Error('idle timeout')), this.idleTimeoutMs);
    };
    const meter = new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        armIdle();
        received += chunk.length;
        if (start + received > opts.maxBytes) {
          return done(this.error('too_large', `${opts.what}: more than ${opts.maxBytes} bytes sent`));
        }
        hashes.sha512.update(chunk);
        hashes.sha256.update(chunk);
        opts.onProgress?.({ received: start + received, total: opts.total });
        done(null, chunk);
      },
    });
    armIdle();
    try {
      await pipeline(Readable.fromWeb(body, { signal: controller.signal }), meter, createWriteStream(part, { flags: start > 0 ? 'a' : 'w' }));
    } finally {
      clearTimeout(idle);
    }
    return received;
  }

  private async verify(coordinates: MavenCoordinates, part: string, result: DownloadResult, options: DownloadOptions): Promise<void> {
    const what = formatCoordinates(coordinates);
    const mismatch = async (detail: string) => {
      await rm(part, { force: true });
      return this.error('checksum_mismatch', `${what}: ${detail} (the download was deleted)`);
    };
    if (options.expectedSize !== undefined && result.size !== options.expectedSize) {
      throw await mismatch(`size mismatch: expected ${options.expectedSize} bytes, got ${result.size}`);
    }
    if (options.expectedSha512 && options.expectedSha512.toLowerCase() !== result.sha512) {
      throw await mismatch(`checksum mismatch: expected sha512 ${options.expectedSha512.toLowerCase()}, got ${result.sha512}`);
    }
    if (options.expectedSha256 && options.expectedSha256.toLowerCase() !== result.sha256) {
      throw await mismatch(`checksum mismatch: expected sha256 ${options.expectedSha256.toLowerCase()}, got ${result.sha256}`);
    }
  }
}
