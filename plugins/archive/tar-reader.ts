import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { safeEntryPath } from './entry-path';
import { ArchiveBudget, type EntryVisitor, type WalkSummary } from './entries';
import { ArchiveError, describe, isArchiveError } from './errors';
import type { ArchiveLimits } from './limits';

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);
const LINK_TYPES = new Set(['SymbolicLink', 'Link']);
const SPECIAL_TYPES = new Set(['CharacterDevice', 'BlockDevice', 'FIFO']);

function tarError(label: string, err: unknown, rawPath?: string): ArchiveError {
  if (isArchiveError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: string } | undefined)?.code;
  if (code === 'Z_BUF_ERROR' || /unexpected end of file|Truncated input/i.test(message)) {
    return new ArchiveError('truncated', `${describe(label)}: truncated (the data ends before the archive does)`);
  }
  if (/Unrecognized archive format/.test(message)) {
    return new ArchiveError('corrupt', `${describe(label)}: the gzip data is not a tar archive`);
  }
  return new ArchiveError('corrupt', `${describe(label, rawPath)}: corrupt tar.gz: ${message}`, rawPath);
}

function classify(label: string, entry: ReadEntry): 'file' | 'directory' {
  const rawPath = entry.path;
  if (LINK_TYPES.has(entry.type)) {
    const kind = entry.type === 'Link' ? 'hard links' : 'symbolic links';
    throw new ArchiveError('link_entry', `${describe(label, rawPath)}: ${kind} are refused (target ${JSON.stringify(entry.linkpath ?? '')})`, rawPath);
  }
  if (SPECIAL_TYPES.has(entry.type)) {
    throw new ArchiveError('special_file', `${describe(label, rawPath)}: ${entry.type} entries are refused`, rawPath);
  }
  if (entry.type === 'Directory') return 'directory';
  if (FILE_TYPES.has(entry.type)) return 'file';
  throw new ArchiveError('unsupported_entry', `${describe(label, rawPath)}: tar entry type ${entry.type} is not supported`, rawPath);
}

/**
 * Visits every entry of a tar.gz in order, after checking it. The uncompressed stream is metered
 * as it is produced, so a lying header or a gzip bomb stops at the limit rather than after it.
 * Entries are handed out one at a time; data the visitor does not read is skipped.
 */
export async function walkTarGz(file: string, label: string, limits: ArchiveLimits, visit: EntryVisitor): Promise<WalkSummary> {
  const size = (await stat(file)).size;
  const budget = new ArchiveBudget(label, limits, size);
  const source = createReadStream(file);
  const gunzip = createGunzip();
  // strict: every tar warning (bad checksum, truncation) is an error; the parser gets plain tar
  // (gunzipped and metered above), so its own decompression-ratio check has nothing to judge
  const parser = new Parser({ strict: true });

  return new Promise<WalkSummary>((resolve, reject) => {
    let failed = false;
    let chain = Promise.resolve();
    const fail = (err: unknown, rawPath?: string) => {
      if (failed) return;
      failed = true;
      source.destroy();
      gunzip.destroy();
      reject(tarError(label, err, rawPath));
    };

    source.on('error', (err) => fail(err));
    gunzip.on('error', (err) => fail(err));
    parser.on('error', (err: Error) => fail(err));
    source.pipe(gunzip);
    gunzip.on('data', (chunk: Buffer) => {
      if (failed) return;
      try {
        budget.addBytes(chunk.length);
      } catch (err) {
        return fail(err);
      }
      if (!parser.write(chunk)) gunzip.pause();
    });
    parser.on('drain', () => gunzip.resume());
    gunzip.on('end', () => parser.end());
    parser.on('end', () => {
      chain.then(() => {
        if (!failed) resolve(budget.summary());
      });
    });

    parser.on('entry', (entry: ReadEntry) => {
      const rawPath = entry.path;
      chain = chain.then(async () => {
        if (failed) return void entry.resume();
        try {
          budget.countEntry(rawPath);
          const type = classify(label, entry);
          const path = safeEntryPath(label, rawPath);
          let opened = false;
          if (path !== '') {
            await visit({
              path,
              rawPath,
              type,
              size: entry.size ?? 0,
              ...(entry.mode !== undefined ? { mode: entry.mode & 0o7777 } : {}),
              open: async () => {
                if (type !== 'file') throw new Error(`archive reader: ${rawPath} is a directory`);
                if (opened) throw new Error(`archive reader: ${rawPath} opened twice`);
                opened = true;
                return Readable.from(entry);
              },
            });
          }
          if (!opened) entry.resume();
        } catch (err) {
          entry.resume();
          fail(err, rawPath);
        }
      });
    });
  });
}
