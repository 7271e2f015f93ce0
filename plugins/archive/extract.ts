import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { detectArchiveKind, type ArchiveKind } from './detect';
import type { ArchiveEntry } from './entries';
import { ArchiveError, describe } from './errors';
import { inspectArchive, walkArchive, type ArchiveInspection } from './inspect';
import { withDefaults, type ArchiveLimits } from './limits';
import { replaceDirectory } from './place';

export interface ExtractOptions {
  /** Where the staging folder is created: same file system as the final target, outside plugin.path. */
  stagingParent: string;
  filename?: string;
  kind?: ArchiveKind;
  limits?: Partial<ArchiveLimits>;
}

/** An archive unpacked into its own staging folder, waiting to be moved into place or thrown away. */
export interface StagedPlugin {
  /** The plugin's files (the archive's single root folder, if it had one, is stripped). */
  dir: string;
  inspection: ArchiveInspection;
  /** Renames `dir` to `target` (replacing an older one by renames) and removes the staging folder. */
  moveTo(target: string): Promise<{ replaced: boolean }>;
  /** Removes the staging folder and everything in it. */
  discard(): Promise<void>;
}

/** Defence in depth: the entry path was already checked, but the final path is checked again. */
function insideOrThrow(root: string, path: string, label: string, rawPath: string): string {
  const target = resolve(root, path);
  if (!target.startsWith(root + sep)) {
    throw new ArchiveError('path_traversal', `${describe(label, rawPath)}: resolves outside the extraction folder`, rawPath);
  }
  return target;
}

function writeError(label: string, entry: ArchiveEntry, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR') {
    return new ArchiveError('duplicate_entry', `${describe(label, entry.rawPath)}: clashes with another entry of the same name`, entry.rawPath);
  }
  return error as Error;
}

async function writeEntry(content: string, label: string, entry: ArchiveEntry): Promise<void> {
  const target = insideOrThrow(content, entry.path, label, entry.rawPath);
  try {
    if (entry.type === 'directory') {
      await mkdir(target, { recursive: true, mode: 0o755 });
      return;
    }
    await mkdir(dirname(target), { recursive: true, mode: 0o755 });
    // 'wx': never follow or overwrite anything already there; plugins need no exec or setuid bits
    await pipeline(await entry.open(), createWriteStream(target, { flags: 'wx', mode: 0o644 }));
  } catch (error) {
    throw writeError(label, entry, error);
  }
}

/**
 * Inspects the archive (refusing anything unsafe before a byte is written), then unpacks it into
 * a fresh folder under `stagingParent`, checking every entry again as it goes. On any failure the
 * staging folder is removed: nothing half-written is left anywhere.
 */
export async function extractToStaging(file: string, options: ExtractOptions): Promise<StagedPlugin> {
  const label = options.filename ?? basename(file);
  const limits = withDefaults(options.limits);
  const kind = options.kind ?? (await detectArchiveKind(file, options.filename));
  const inspection = await inspectArchive(file, { filename: label, kind, limits });

  await mkdir(options.stagingParent, { recursive: true });
  const work = await mkdtemp(join(options.stagingParent, 'extract-'));
  const content = join(work, 'content');
  try {
    await mkdir(content);
    if (inspection.kind === 'jar') {
      const jarName = /\.jar$/i.test(label) ? basename(label) : `${basename(label).replace(/\.[^.]*$/, '')}.jar`;
      await copyFile(file, join(content, jarName));
    } else {
      await walkArchive(file, inspection.kind, label, limits, (entry) => writeEntry(content, label, entry));
    }
  } catch (error) {
    await rm(work, { recursive: true, force: true });
    throw error;
  }
  const dir = inspection.root ? join(content, inspection.root) : content;
  return {
    dir,
    inspection,
    moveTo: async (target) => {
      try {
        return await replaceDirectory(dir, target, work);
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    },
    discard: () => rm(work, { recursive: true, force: true }),
  };
}
