import { open } from 'node:fs/promises';
import { ArchiveError, describe } from './errors';

/** What a plugin can be delivered as: Confluent Hub style zip, Debezium style tar.gz, or one jar. */
export type ArchiveKind = 'zip' | 'tar.gz' | 'jar';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06];
const GZIP_MAGIC = [0x1f, 0x8b];

const startsWith = (head: Buffer, magic: number[]) => magic.every((byte, i) => head[i] === byte);

/**
 * Judges by content, not by name: a renamed file is still what its first bytes say. The name only
 * decides between a plugin zip and a single jar (both are zip files); without a telling name that
 * is left to inspection ("zip" is assumed and refined there).
 */
export async function detectArchiveKind(file: string, filename?: string): Promise<ArchiveKind> {
  const label = filename ?? file;
  const handle = await open(file, 'r');
  let head: Buffer;
  try {
    head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    head = head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (startsWith(head, GZIP_MAGIC)) {
    if (filename && !/\.(tar\.gz|tgz)$/i.test(filename)) {
      // a bare .gz of something else would fail later as "not a tar"; say so now
      if (/\.gz$/i.test(filename)) throw new ArchiveError('unsupported_type', `${describe(label)}: gzip without tar is not a plugin archive`);
    }
    return 'tar.gz';
  }
  if (startsWith(head, ZIP_MAGIC) || startsWith(head, EMPTY_ZIP_MAGIC)) {
    return filename && /\.jar$/i.test(filename) ? 'jar' : 'zip';
  }
  if (head.length === 0) throw new ArchiveError('corrupt', `${describe(label)}: the file is empty`);
  throw new ArchiveError('unsupported_type', `${describe(label)}: not a zip, tar.gz or jar (unrecognised first bytes ${head.toString('hex')})`);
}
