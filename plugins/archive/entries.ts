import { Transform, type Readable } from 'node:stream';
import { ArchiveError, describe } from './errors';
import type { ArchiveLimits } from './limits';

/** One entry of an archive as the readers hand it out, after the path and type checks passed. */
export interface ArchiveEntry {
  /** Normalised relative path ("lib/a.jar"); never absolute, never with "..". */
  path: string;
  /** The name as written in the archive, for messages. */
  rawPath: string;
  type: 'file' | 'directory';
  /** Uncompressed size as declared by the archive (checked against the real bytes while reading). */
  size: number;
  /** Unix permission bits when the archive records them. */
  mode?: number;
  /** The entry's bytes; call at most once, and only for files. Unread file data is skipped. */
  open(): Promise<Readable>;
}

export type EntryVisitor = (entry: ArchiveEntry) => Promise<void>;

export interface WalkSummary {
  entries: number;
  uncompressedBytes: number;
  /** Size of the archive file itself. */
  compressedBytes: number;
}

/**
 * Keeps the running totals every reader enforces the same way: entry count, total uncompressed
 * bytes and the whole archive's compression ratio.
 */
export class ArchiveBudget {
  entries = 0;
  uncompressedBytes = 0;

  constructor(
    readonly label: string,
    readonly limits: ArchiveLimits,
    readonly compressedBytes: number,
  ) {}

  countEntry(rawPath: string): void {
    this.entries += 1;
    if (this.entries > this.limits.maxEntries) {
      throw new ArchiveError('too_many_entries', `${describe(this.label)}: more than ${this.limits.maxEntries} entries (at ${JSON.stringify(rawPath)})`, rawPath);
    }
  }

  /** Called with every chunk of uncompressed data actually produced. */
  addBytes(count: number, rawPath?: string): void {
    this.uncompressedBytes += count;
    if (this.uncompressedBytes > this.limits.maxTotalBytes) {
      throw new ArchiveError('too_large', `${describe(this.label, rawPath)}: uncompressed content exceeds ${this.limits.maxTotalBytes} bytes`, rawPath);
    }
    this.checkRatio(this.uncompressedBytes, Math.max(1, this.compressedBytes), undefined, rawPath);
  }

  /** Judges one entry's (or the archive's) declared sizes before anything is inflated. */
  checkRatio(uncompressed: number, compressed: number, what?: string, rawPath?: string): void {
    if (uncompressed < this.limits.ratioThresholdBytes) return;
    const ratio = uncompressed / Math.max(1, compressed);
    if (ratio > this.limits.maxCompressionRatio) {
      const subject = what ?? 'the archive';
      throw new ArchiveError(
        'compression_ratio',
        `${describe(this.label, rawPath)}: ${subject} expands ${Math.round(ratio)}x (${uncompressed} bytes from ${compressed}), over the limit of ${this.limits.maxCompressionRatio}x — refusing a possible zip bomb`,
        rawPath,
      );
    }
  }

  /** A pass-through that counts the bytes flowing out of an entry against the budget. */
  meter(rawPath: string): Transform {
    return new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        try {
          this.addBytes(chunk.length, rawPath);
          done(null, chunk);
        } catch (error) {
          done(error as Error);
        }
      },
    });
  }

  summary(): WalkSummary {
    return { entries: this.entries, uncompressedBytes: this.uncompressedBytes, compressedBytes: this.compressedBytes };
  }
}

/** Reads a whole (small) stream into memory, refusing more than `maxBytes`. */
export async function readAll(stream: Readable, maxBytes: number, tooLarge: () => Error): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) {
      stream.destroy();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, total);
}
