import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { lstat, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  directoryFingerprint,
  extractToStaging,
  inspectArchive,
  inspectDirectory,
  isValidPluginName,
  listDirectory,
  removeDirectory,
  type ArchiveLimits,
  type ClassSource,
  type PluginClasses,
} from '../archive';

/** Written into each plugin folder the agent installs; Kafka Connect ignores non-jar files. */
export const MARKER_FILE = 'connectory-plugin.json';

export interface InstalledMarker {
  name: string;
  sha256: string;
  size: number;
  filename: string | null;
  installedAt: string;
}

export interface InstalledPlugin {
  name: string;
  /** "directory" for a plugin folder, "jar" for a jar lying directly in plugin.path. */
  layout: 'directory' | 'jar';
  sizeBytes: number;
  files: number;
  jars: { path: string; size: number }[];
  classes: PluginClasses;
  classSource: ClassSource;
  /** Present when this agent installed it. */
  installed: InstalledMarker | null;
  warnings: string[];
}

export type PluginStoreErrorCode = 'invalid_name' | 'invalid_checksum' | 'checksum_mismatch' | 'too_large' | 'not_found' | 'empty_body';

export class PluginStoreError extends Error {
  override name = 'PluginStoreError';
  constructor(
    readonly code: PluginStoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface PluginStoreOptions {
  pluginPath: string;
  /**
   * Where archives are received and unpacked before the rename into plugin.path: beside it (same
   * file system, so the rename is atomic) and outside it (a worker restarting meanwhile must not
   * load half an archive). Defaults to `<parent>/.<plugin dir name>.staging`.
   */
  stagingPath?: string;
  /** Largest archive accepted. */
  maxArchiveBytes?: number;
  limits?: Partial<ArchiveLimits>;
}

const DEFAULT_MAX_ARCHIVE_BYTES = 2 * 1024 * 1024 * 1024;

/**
 * The plugins in one worker's plugin.path, changed only by whole-folder renames: receive (checked
 * against its sha256 while streaming), unpack into staging, swap into place; remove by renaming away.
 * Operations on one plugin name run one at a time.
 */
export class PluginStore {
  readonly pluginPath: string;
  readonly stagingPath: string;
  private readonly maxArchiveBytes: number;
  private readonly locks = new Map<string, Promise<unknown>>();
  /**
   * Folder descriptions by name, valid while no file in the folder changed (names, sizes and mtimes, read
   * without opening anything). Reading every jar of every plugin costs ~0.5 s per Debezium-sized folder,
   * and a listing comes before each operation.
   */
  private readonly described = new Map<string, { key: string; plugin: InstalledPlugin }>();

  constructor(private readonly options: PluginStoreOptions) {
    this.pluginPath = options.pluginPath;
    this.stagingPath = options.stagingPath ?? join(dirname(options.pluginPath), `.${basename(options.pluginPath)}.staging`);
    this.maxArchiveBytes = options.maxArchiveBytes ?? DEFAULT_MAX_ARCHIVE_BYTES;
  }

  private checkName(name: string): string {
    if (!isValidPluginName(name)) {
      throw new PluginStoreError('invalid_name', `plugin agent: invalid plugin name "${name}": use lower-case letters, digits, ".", "_" or "-", starting with a letter or digit`);
    }
    return join(this.pluginPath, name);
  }

  private exclusive<T>(name: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(name) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(work);
    this.locks.set(name, next);
    return next.finally(() => {
      if (this.locks.get(name) === next) this.locks.delete(name);
    });
  }

  /** Streams the archive to a staging file, hashing it; refuses it unless the sha256 matches. */
  private async receive(body: Readable, expectedSha256: string, name: string): Promise<{ file: string; size: number }> {
    await mkdir(this.stagingPath, { recursive: true });
    const file = join(this.stagingPath, `upload-${name}-${randomBytes(6).toString('hex')}`);
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        size += chunk.length;
        if (size > this.maxArchiveBytes) return done(new PluginStoreError('too_large', `plugin agent: archive for "${name}" is larger than ${this.maxArchiveBytes} bytes`));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, meter, createWriteStream(file, { flags: 'wx' }));
      if (size === 0) throw new PluginStoreError('empty_body', `plugin agent: no archive in the request body for "${name}"`);
      const actual = hash.digest('hex');
      if (actual !== expectedSha256) {
        throw new PluginStoreError('checksum_mismatch', `plugin agent: archive for "${name}" has sha256 ${actual}, but X-Sha256 says ${expectedSha256}; nothing was installed`);
      }
      return { file, size };
    } catch (error) {
      await rm(file, { force: true });
      throw error;
    }
  }

  /** Installs (or replaces) `<pluginPath>/<name>` from an archive stream. */
  async install(name: string, body: Readable, options: { sha256: string; filename?: string }): Promise<InstalledPlugin & { replaced: boolean }> {
    const target = this.checkName(name);
    const sha256 = options.sha256.trim().toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(sha256)) {
      throw new PluginStoreError('invalid_checksum', 'plugin agent: X-Sha256 must be the archive\'s sha256 as 64 hex characters');
    }
    return this.exclusive(name, async () => {
      const received = await this.receive(body, sha256, name);
      try {
        const staged = await extractToStaging(received.file, {
          stagingParent: this.stagingPath,
          ...(options.filename ? { filename: basename(options.filename) } : {}),
          ...(this.options.limits ? { limits: this.options.limits } : {}),
        });
        const marker: InstalledMarker = { name, sha256, size: received.size, filename: options.filename ? basename(options.filename) : null, installedAt: new Date().toISOString() };
        try {
          await writeFile(join(staged.dir, MARKER_FILE), `${JSON.stringify(marker, null, 2)}\n`, { flag: 'wx' });
        } catch (error) {
          await staged.discard();
          throw error;
        }
        const { inspection } = staged;
        const { replaced } = await staged.moveTo(target);
        // the classes were read from the archive on the way in; reading every jar again would add ~0.5 s to a push
        return {
          name,
          layout: 'directory',
          ...(await listDirectory(target)),
          classes: inspection.classes,
          classSource: inspection.classSource,
          warnings: inspection.warnings,
          installed: marker,
          replaced,
        };
      } finally {
        await rm(received.file, { force: true });
      }
    });
  }

  async remove(name: string): Promise<void> {
    const target = this.checkName(name);
    await this.exclusive(name, async () => {
      if (!(await removeDirectory(target, this.stagingPath))) {
        throw new PluginStoreError('not_found', `plugin agent: no plugin "${name}" in ${this.pluginPath}`);
      }
    });
  }

  /** What Kafka Connect will find in plugin.path: each folder, and jars lying at the top. */
  async list(): Promise<InstalledPlugin[]> {
    await mkdir(this.pluginPath, { recursive: true });
    const names = (await readdir(this.pluginPath)).filter((n) => !n.startsWith('.')).sort();
    const plugins: InstalledPlugin[] = [];
    for (const name of names) {
      const info = await lstat(join(this.pluginPath, name));
      if (info.isDirectory() || (info.isFile() && /\.jar$/i.test(name))) plugins.push(await this.describe(name));
    }
    return plugins;
  }

  private async describe(name: string): Promise<InstalledPlugin> {
    const path = join(this.pluginPath, name);
    const info = await lstat(path);
    const key = `${info.ino}:${info.mtimeMs}:${info.size}:${info.isDirectory() ? await directoryFingerprint(path) : ''}`;
    const cached = this.described.get(name);
    if (cached?.key === key) return cached.plugin;
    const plugin = await this.describeAfresh(name, path, info);
    this.described.set(name, { key, plugin });
    return plugin;
  }

  private async describeAfresh(name: string, path: string, info: Stats): Promise<InstalledPlugin> {
    if (info.isFile()) {
      const inspection = await inspectArchive(path, { kind: 'jar', filename: name }).catch((error: Error) => error);
      if (inspection instanceof Error) {
        return { name, layout: 'jar', sizeBytes: info.size, files: 1, jars: [{ path: name, size: info.size }], classes: emptyClasses(), classSource: 'none', installed: null, warnings: [inspection.message] };
      }
      const { classes, classSource, warnings } = inspection;
      return { name, layout: 'jar', sizeBytes: info.size, files: 1, jars: [{ path: name, size: info.size }], classes, classSource, installed: null, warnings };
    }
    const inspection = await inspectDirectory(path, this.options.limits);
    return { name, layout: 'directory', ...inspection, installed: await readMarker(path) };
  }
}

function emptyClasses(): PluginClasses {
  return { connectors: [], converters: [], headerConverters: [], transforms: [], predicates: [], configProviders: [] };
}

async function readMarker(dir: string): Promise<InstalledMarker | null> {
  try {
    return JSON.parse(await readFile(join(dir, MARKER_FILE), 'utf8')) as InstalledMarker;
  } catch {
    return null;
  }
}
