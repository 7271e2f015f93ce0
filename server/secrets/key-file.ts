import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const KEY_FILE_NAME = 'secret.key';

/**
 * The secret key when CONNECTORY_SECRET_KEY is not set: generated once into the data directory (the demo's
 * path). `generated` tells the caller to warn that other server instances will not be able to decrypt.
 */
export function loadOrCreateKeyFile(dataDir: string): { key: string; path: string; generated: boolean } {
  const path = join(dataDir, KEY_FILE_NAME);
  try {
    return { key: readFileSync(path, 'utf8').trim(), path, generated: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64url');
  // 'wx' fails if another process created it in the meantime; then theirs wins.
  try {
    writeFileSync(path, `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateKeyFile(dataDir);
    throw error;
  }
  return { key, path, generated: true };
}
