import { copyFile, link, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { create as createTar } from 'tar';

/**
 * One tar.gz holding several files side by side (a plugin published as several jars), so it is
 * stored, pushed and unpacked like any single archive. No owners, modes from the files, no
 * timestamps: the same jars give the same bytes.
 */
export async function bundleFiles(files: { path: string; name: string }[], output: string, workDir: string): Promise<void> {
  const dir = await mkdtemp(join(workDir, 'bundle-'));
  try {
    for (const file of files) {
      const target = join(dir, file.name);
      await link(file.path, target).catch(() => copyFile(file.path, target));
    }
    const names = files.map((f) => f.name).sort();
    await createTar({ gzip: true, portable: true, noMtime: true, cwd: dir, file: output }, names);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
