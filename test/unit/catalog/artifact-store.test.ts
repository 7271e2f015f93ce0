import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { ArtifactStoreError, FileArtifactStore } from '../../../server/artifacts';
import { sha256Hex } from '../../support/archives';

const root = mkdtempSync(join(tmpdir(), 'artifact-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function readAllStream(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A stream that sends some bytes and then fails, like a dropped upload. */
function brokenStream(): Readable {
  return new Readable({
    read() {
      this.push(Buffer.alloc(1024, 1));
      this.destroy(new Error('connection reset'));
    },
  });
}

describe('file artifact store', () => {
  const store = new FileArtifactStore(join(root, 'artifacts'));
  const bytes = Buffer.from('plugin archive bytes');

  it('stores a stream under its sha256 and gives it back', async () => {
    const stored = await store.put(Readable.from([bytes]));
    expect(stored).toEqual({ sha256: sha256Hex(bytes), size: bytes.length });
    expect(await store.exists(stored.sha256)).toBe(true);
    expect(store.pathOf(stored.sha256)).toBe(join(root, 'artifacts', 'sha256', stored.sha256.slice(0, 2), stored.sha256));
    expect(await readAllStream(await store.open(stored.sha256))).toEqual(bytes);
  });

  it('keeps one copy of the same bytes', async () => {
    const again = await store.put(Readable.from([bytes]));
    expect(again.sha256).toBe(sha256Hex(bytes));
    expect(readdirSync(join(root, 'artifacts', 'sha256', again.sha256.slice(0, 2)))).toEqual([again.sha256]);
    expect(readdirSync(store.tmpDir)).toEqual([]);
  });

  it('takes in a local file, moving it', async () => {
    const file = join(root, 'incoming.jar');
    writeFileSync(file, 'a jar');
    const stored = await store.putFile(file, { move: true });
    expect(existsSync(file)).toBe(false);
    expect(readFileSync(store.pathOf(stored.sha256), 'utf8')).toBe('a jar');
  });

  it('never leaves a half-written artifact: a failing stream stores nothing', async () => {
    await expect(store.put(brokenStream())).rejects.toThrow('connection reset');
    expect(readdirSync(store.tmpDir)).toEqual([]);
  });

  it('refuses more than maxBytes, storing nothing', async () => {
    const error = await store.put(Readable.from([Buffer.alloc(2048)]), { maxBytes: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArtifactStoreError);
    expect((error as ArtifactStoreError).code).toBe('too_large');
    expect(await store.exists(sha256Hex(Buffer.alloc(2048)))).toBe(false);
    expect(readdirSync(store.tmpDir)).toEqual([]);
  });

  it('deletes, and answers not found afterwards', async () => {
    const sha = sha256Hex(bytes);
    expect(await store.delete(sha)).toBe(true);
    expect(await store.delete(sha)).toBe(false);
    await expect(store.open(sha)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses anything but a sha256 as an address', () => {
    expect(() => store.pathOf('../../etc/passwd')).toThrow(/is not a sha256/);
  });
});
