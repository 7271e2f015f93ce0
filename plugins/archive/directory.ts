import { lstat, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { combineFindings, emptyClassSets, mergeInto, type ClassSource, type PluginClasses } from './classes';
import { scanJar } from './jar-scan';
import { withDefaults, type ArchiveLimits } from './limits';

/** An installed plugin folder as the worker will see it. */
export interface DirectoryInspection {
  files: number;
  sizeBytes: number;
  jars: { path: string; size: number }[];
  classes: PluginClasses;
  classSource: ClassSource;
  warnings: string[];
}

/** Every regular file under `dir`; symbolic links are neither followed nor counted. */
async function listFiles(dir: string): Promise<{ path: string; size: number; mtimeMs: number }[]> {
  const files: { path: string; size: number; mtimeMs: number }[] = [];
  const walk = async (current: string): Promise<void> => {
    for (const name of (await readdir(current)).sort()) {
      const full = join(current, name);
      const info = await lstat(full);
      if (info.isDirectory()) await walk(full);
      else if (info.isFile()) files.push({ path: relative(dir, full), size: info.size, mtimeMs: info.mtimeMs });
    }
  };
  await walk(dir);
  return files;
}

/** Changes whenever a file under `dir` is added, removed, resized or rewritten: cheap (no file is opened). */
export async function directoryFingerprint(dir: string): Promise<string> {
  return (await listFiles(dir)).map((f) => `${f.path}:${f.size}:${f.mtimeMs}`).join('|');
}

export type DirectoryListing = Pick<DirectoryInspection, 'files' | 'sizeBytes' | 'jars'>;

/** Files, size and jars of a plugin folder without opening any jar (the expensive part of an inspection). */
export async function listDirectory(dir: string): Promise<DirectoryListing> {
  const files = (await listFiles(dir)).map(({ path, size }) => ({ path, size }));
  return { files: files.length, sizeBytes: files.reduce((sum, f) => sum + f.size, 0), jars: files.filter((f) => /\.jar$/i.test(f.path)) };
}

/** Lists a plugin folder's jars and the classes they provide, the way Kafka Connect would find them. */
export async function inspectDirectory(dir: string, limitOverrides: Partial<ArchiveLimits> = {}): Promise<DirectoryInspection> {
  const limits = withDefaults(limitOverrides);
  const { files, sizeBytes, jars } = await listDirectory(dir);
  const declared = emptyClassSets();
  const guessed = emptyClassSets();
  const warnings: string[] = [];
  for (const jar of jars) {
    try {
      const found = await scanJar(join(dir, jar.path), jar.path, limits);
      mergeInto(declared, found.declared);
      mergeInto(guessed, found.guessed);
    } catch (error) {
      warnings.push(`${jar.path}: not a readable jar (${(error as Error).message})`);
    }
  }
  return {
    files,
    sizeBytes,
    jars,
    ...combineFindings(declared, guessed),
    warnings,
  };
}
