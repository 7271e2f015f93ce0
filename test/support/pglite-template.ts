// A migrated PGlite data directory that test databases are copied from. Creating a PGlite database runs initdb
// in WebAssembly: several CPU-seconds each, 20 s and more on a busy machine, where a copy takes about one. The
// template is kept in the temp directory under a name derived from the migrations and the PGlite version, so
// it is built once per machine and rebuilt when either changes.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { MIGRATIONS_FOLDER, openDatabase } from '../../server/db';

let building: Promise<string> | undefined;

/** The template's directory (it holds `pglite/`, as a server data directory does), built when missing. */
export function pgliteTemplate(): Promise<string> {
  building ??= buildOnce().catch((error: unknown) => {
    building = undefined;
    throw error;
  });
  return building;
}

/** Copies the template into `dataDir`, so that `openDatabase({ dataDir })` opens an already migrated database. */
export async function copyPgliteTemplate(dataDir: string): Promise<void> {
  await cp(join(await pgliteTemplate(), 'pglite'), join(dataDir, 'pglite'), { recursive: true });
}

async function buildOnce(): Promise<string> {
  const target = join(tmpdir(), `connectory-pglite-template-${fingerprint()}`);
  if (existsSync(join(target, 'pglite', 'PG_VERSION'))) return target;
  // Built aside and renamed into place, so nobody copies a half-built template: other test runs on this machine
  // may build the same one at the same time, and the first rename wins.
  const scratch = await mkdtemp(join(tmpdir(), 'connectory-pglite-build-'));
  try {
    const database = await openDatabase({ dataDir: scratch });
    try {
      await database.migrate();
    } finally {
      await database.close();
    }
    await rename(scratch, target).catch((error: NodeJS.ErrnoException) => {
      if (!existsSync(join(target, 'pglite', 'PG_VERSION'))) throw error;
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return target;
}

function fingerprint(): string {
  const hash = createHash('sha256');
  hash.update(pgliteVersion());
  for (const file of listFiles(MIGRATIONS_FOLDER)) hash.update(file).update(readFileSync(join(MIGRATIONS_FOLDER, file)));
  return hash.digest('hex').slice(0, 16);
}

/** The package exports no package.json, so it is found next to the entry point. */
function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const packageJson = join(entry.slice(0, entry.lastIndexOf(`${sep}dist${sep}`)), 'package.json');
  return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? listFiles(dir, join(prefix, entry.name)) : [join(prefix, entry.name)]))
    .sort();
}
