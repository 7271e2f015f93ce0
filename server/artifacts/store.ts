import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface StoredObject {
  sha256: string;
  size: number;
}

/**
 * Where archives live: stored once, addressed by their sha256. The file system is the first
 * implementation; an object store can implement the same five calls.
 */
export interface ArtifactStore {
  /** Streams the bytes in; nothing is visible under the sha256 until all of them are there. */
  put(stream: Readable, options?: { maxBytes?: number }): Promise<StoredObject>;
  /** Takes in a local file (moving it when allowed, which is free on the same file system). */
  putFile(file: string, options?: { move?: boolean }): Promise<StoredObject>;
  open(sha256: string): Promise<Readable>;
  exists(sha256: string): Promise<boolean>;
  /** Returns whether there was something to delete. */
  delete(sha256: string): Promise<boolean>;
}

export type StoreErrorCode = 'not_found' | 'too_large' | 'invalid_address';

export class ArtifactStoreError extends Error {
  override name = 'ArtifactStoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const SHA256 = /^[0-9a-f]{64}$/;

/** Hashes (and optionally caps) whatever flows through. */
export function hashingMeter(maxBytes: number | undefined, tooLarge: (limit: number) => Error): { stream: Transform; result: () => StoredObject } {
  const hash = createHash('sha256');
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (maxBytes !== undefined && size > maxBytes) return done(tooLarge(maxBytes));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  return { stream, result: () => ({ sha256: hash.digest('hex'), size }) };
}

export async function hashFile(file: string): Promise<StoredObject> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * `<root>/sha256/ab/abcdef…`, written as `<root>/tmp/<random>` first and renamed into place, so a
 * crash or a refused upload never leaves a half-written artifact under its address.
 */
export class FileArtifactStore implements ArtifactStore {
  readonly tmpDir: string;

  constructor(readonly root: string) {
    this.tmpDir = join(root, 'tmp');
  }

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new ArtifactStoreError('invalid_address', `Artifact store: "${sha256}" is not a sha256`);
    return join(this.root, 'sha256', sha256.slice(0, 2), sha256);
  }

  /** A fresh path on the store's file system for work files that will be moved in. */
  async tempPath(suffix = ''): Promise<string> {
    await mkdir(this.tmpDir, { recursive: true });
    return join(this.tmpDir, `${Date.now().toString(36)}-${randomBytes(6).toString('hex')}${suffix}`);
  }

  async put(stream: Readable, options: { maxBytes?: number } = {}): Promise<StoredObject> {
    const tmp = await this.tempPath('.part');
    const meter = hashingMeter(options.maxBytes, (limit) => new ArtifactStoreError('too_large', `Artifact store: the upload is larger than ${limit} bytes`));
    try {
      await pipeline(stream, meter.stream, createWriteStream(tmp, { flags: 'wx' }));
      return await this.adopt(tmp, meter.result());
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  }

  async putFile(file: string, options: { move?: boolean } = {}): Promise<StoredObject> {
    const object = await hashFile(file);
    if (await this.exists(object.sha256)) {
      if (options.move) await rm(file, { force: true });
      return object;
    }
    const tmp = await this.tempPath('.part');
    try {
      if (options.move) await rename(file, tmp).catch(() => copyFile(file, tmp).then(() => rm(file, { force: true })));
      else await copyFile(file, tmp);
      return await this.adopt(tmp, object);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  }

  /** The same bytes may arrive twice: the first copy stays, the second is dropped. */
  private async adopt(tmp: string, object: StoredObject): Promise<StoredObject> {
    const target = this.pathOf(object.sha256);
    if (await this.exists(object.sha256)) {
      await rm(tmp, { force: true });
      return object;
    }
    await mkdir(join(target, '..'), { recursive: true });
    await rename(tmp, target);
    return object;
  }

  async open(sha256: string): Promise<Readable> {
    const file = this.pathOf(sha256);
    if (!(await this.exists(sha256))) throw new ArtifactStoreError('not_found', `Artifact store: no artifact ${sha256}`);
    return createReadStream(file);
  }

  async exists(sha256: string): Promise<boolean> {
    return stat(this.pathOf(sha256)).then(
      (s) => s.isFile(),
      () => false,
    );
  }

  async delete(sha256: string): Promise<boolean> {
    const existed = await this.exists(sha256);
    await rm(this.pathOf(sha256), { force: true });
    return existed;
  }
}
