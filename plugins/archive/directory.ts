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
async function listFiles(dir: string): Promise<{ path: string; size: number }[]> {
  const files: { path: string; size: number }[] = [];
  const walk = async (current: string): Promise<void> => {
    for (const name of (await readdir(current)).sort()) {
      const full = join(current, name);
      const info = await lstat(full);
      if (info.isDirectory()) await walk(full);
      else if (info.isFile()) files.push({ path: relative(dir, full), size: info.size });
    }
  };
  await walk(dir);
  return files;
}

/** Lists a plugin folder's jars and the classes they provide, the way Kafka Connect would find them. */
export async function inspectDirectory(dir: string, limitOverrides: Partial<ArchiveLimits> = {}): Promise<DirectoryInspection> {
  const limits = withDefaults(limitOverrides);
  const files = await listFiles(dir);
  const jars = files.filter((f) => /\.jar$/i.test(f.path));
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
    files: files.length,
    sizeBytes: files.reduce((sum, f) => sum + f.size, 0),
    jars,
    ...combineFindings(declared, guessed),
    warnings,
  };
}
