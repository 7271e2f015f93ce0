import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { safeEntryPath } from './entry-path';
import { ArchiveBudget, type EntryVisitor, type WalkSummary } from './entries';
import { ArchiveError, describe, isArchiveError } from './errors';
import type { ArchiveLimits } from './limits';

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const DOS_DIRECTORY = 0x10;

/** Names are decoded here rather than by yauzl so that a bad name becomes our typed error naming it. */
const OPTIONS: yauzl.Options = { lazyEntries: true, autoClose: true, decodeStrings: false, validateEntrySizes: true };

export function openZip(source: string | Buffer, label: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, zip?: yauzl.ZipFile) => (err || !zip ? reject(zipError(label, err)) : resolve(zip));
    if (typeof source === 'string') yauzl.open(source, OPTIONS, done);
    else yauzl.fromBuffer(source, OPTIONS, done);
  });
}

/** yauzl's own failures, as typed errors: a missing end record almost always means a cut-off download. */
export function zipError(label: string, err: unknown, rawPath?: string): ArchiveError {
  if (isArchiveError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  // a cut-off zip has no end record, or a stray signature in the data where the end should be
  if (/end of central directory record signature not found|Invalid comment length/.test(message)) {
    return new ArchiveError('truncated', `${describe(label)}: truncated or not a zip file (no end-of-central-directory record)`);
  }
  if (/encrypted|unsupported compression method/i.test(message)) {
    return new ArchiveError('unsupported_entry', `${describe(label, rawPath)}: ${message}`, rawPath);
  }
  return new ArchiveError('corrupt', `${describe(label, rawPath)}: corrupt zip: ${message}`, rawPath);
}

export function entryName(entry: yauzl.Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  // strict: keep backslashes as written, so "..\\x" reaches the path check as it is
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, true);
}

/** File type from the Unix mode in the upper 16 bits of the external attributes, when the zip has one. */
function classify(label: string, entry: yauzl.Entry, rawPath: string): 'file' | 'directory' {
  const mode = entry.externalFileAttributes >>> 16;
  const type = mode & S_IFMT;
  if (type === S_IFLNK) throw new ArchiveError('link_entry', `${describe(label, rawPath)}: symbolic links are refused`, rawPath);
  if (type !== 0 && type !== S_IFDIR && type !== S_IFREG) {
    throw new ArchiveError('special_file', `${describe(label, rawPath)}: device, fifo and socket entries are refused (mode ${type.toString(8)})`, rawPath);
  }
  const isDirectory = rawPath.endsWith('/') || type === S_IFDIR || (entry.externalFileAttributes & DOS_DIRECTORY) !== 0;
  return isDirectory ? 'directory' : 'file';
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, label: string, rawPath: string): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err) return reject(zipError(label, err, rawPath));
      // size mismatches and inflate errors surface on the stream; whoever reads it sees them (and
      // walkZip types them), this listener only keeps an unread stream's error from crashing the process
      stream.on('error', () => {});
      resolve(stream);
    });
  });
}

/**
 * Visits every entry of a zip (or jar) in order, after checking it: safe path, regular file or
 * directory, readable compression, and the declared sizes against the limits (yauzl then holds
 * the real bytes to the declared size, so a lying header fails while reading).
 */
export async function walkZip(file: string, label: string, limits: ArchiveLimits, visit: EntryVisitor): Promise<WalkSummary> {
  const size = (await stat(file)).size;
  const zip = await openZip(file, label);
  const budget = new ArchiveBudget(label, limits, size);
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw new ArchiveError('too_many_entries', `${describe(label)}: ${zip.entryCount} entries, over the limit of ${limits.maxEntries}`);
  }
  return new Promise<WalkSummary>((resolve, reject) => {
    let failed = false;
    const fail = (err: unknown, rawPath?: string) => {
      if (failed) return;
      failed = true;
      if (zip.isOpen) zip.close();
      reject(zipError(label, err, rawPath));
    };
    zip.on('error', (err) => fail(err));
    zip.on('end', () => {
      if (!failed) resolve(budget.summary());
    });
    zip.on('entry', (entry: yauzl.Entry) => {
      const rawPath = entryName(entry);
      const step = async () => {
        budget.countEntry(rawPath);
        const path = safeEntryPath(label, rawPath);
        const type = classify(label, entry, rawPath);
        if (type === 'file') {
          if (!entry.canDecodeFileData()) {
            const why = entry.isEncrypted() ? 'encrypted entries are refused' : `compression method ${entry.compressionMethod} is not supported`;
            throw new ArchiveError('unsupported_entry', `${describe(label, rawPath)}: ${why}`, rawPath);
          }
          budget.checkRatio(entry.uncompressedSize, entry.compressedSize, 'this entry', rawPath);
          budget.addBytes(entry.uncompressedSize, rawPath);
        }
        if (path === '') return;
        let opened = false;
        const mode = entry.externalFileAttributes >>> 16;
        await visit({
          path,
          rawPath,
          type,
          size: entry.uncompressedSize,
          ...(mode ? { mode: mode & 0o7777 } : {}),
          open: () => {
            if (type !== 'file') throw new Error(`archive reader: ${rawPath} is a directory`);
            if (opened) throw new Error(`archive reader: ${rawPath} opened twice`);
            opened = true;
            return openEntry(zip, entry, label, rawPath);
          },
        });
      };
      step().then(
        () => {
          if (!failed) zip.readEntry();
        },
        (err) => fail(err, rawPath),
      );
    });
    zip.readEntry();
  });
}
