import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Puts `source` at `target` by renames only: an older `target` is first renamed into `asideDir`
 * (same file system), the new one renamed in, then the old one removed. If the second rename
 * fails the old one is put back, so `target` is never left half-written or missing for good.
 * `asideDir` must be on the same file system as `target` and outside anything that scans it.
 */
export async function replaceDirectory(source: string, target: string, asideDir: string): Promise<{ replaced: boolean }> {
  await mkdir(asideDir, { recursive: true });
  const aside = join(asideDir, `previous-${randomBytes(6).toString('hex')}`);
  const replaced = await exists(target);
  if (replaced) await rename(target, aside);
  try {
    await rename(source, target);
  } catch (error) {
    if (replaced) await rename(aside, target).catch(() => {});
    throw error;
  }
  if (replaced) await rm(aside, { recursive: true, force: true });
  return { replaced };
}

/** Removes `target` by renaming it away first, so nothing ever sees a half-deleted folder. */
export async function removeDirectory(target: string, asideDir: string): Promise<boolean> {
  if (!(await exists(target))) return false;
  await mkdir(asideDir, { recursive: true });
  const aside = join(asideDir, `removed-${randomBytes(6).toString('hex')}`);
  await rename(target, aside);
  await rm(aside, { recursive: true, force: true });
  return true;
}
