import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { StackError } from '../errors';
import { logFile, serviceDir } from '../paths';
import { runToLog } from '../processes';
import { ARCHIVES_POM, archiveItems } from './items';

function markerFile(): string {
  const hash = createHash('sha256').update(readFileSync(ARCHIVES_POM)).digest('hex').slice(0, 16);
  return serviceDir('cache', `catalog-archives-${hash}.ok`);
}

/**
 * Puts the catalog archives the tests use into the local Maven repository (served by the stack's
 * mirror). Runs mvn once per pom content; a warm start only checks that the files are still there.
 */
export async function resolveCatalogArchives(log: (line: string) => void, m2Root = join(homedir(), '.m2', 'repository')): Promise<void> {
  const items = archiveItems();
  const marker = markerFile();
  const allPresent = items.every((item) => existsSync(join(m2Root, item.path)));
  if (existsSync(marker) && allPresent) return;
  log(`maven: fetching ${items.length} catalog archives for the tests (mvn dependency:copy)`);
  mkdirSync(serviceDir('cache'), { recursive: true });
  const scratch = serviceDir('cache', `catalog-archives-${process.pid}`);
  const args = ['-q', '-B', '-Dstyle.color=never', '-f', ARCHIVES_POM, 'dependency:copy@catalog-archives', `-Darchives.dir=${scratch}`];
  try {
    const code = await runToLog('mvn', args, { logFile: logFile('maven') }).catch((err: Error) => {
      throw new StackError('maven', `cannot run mvn: ${err.message}`);
    });
    if (code !== 0) throw new StackError('maven', `mvn exited with ${code} fetching the archives in ${ARCHIVES_POM}`, logFile('maven'));
  } finally {
    rmSync(scratch, { recursive: true, force: true }); // the copies are not needed: ~/.m2 holds them
  }
  const missing = items.filter((item) => !existsSync(join(m2Root, item.path)));
  if (missing.length) throw new StackError('maven', `not in ${m2Root} after mvn: ${missing.map((m) => m.coordinates).join(', ')}`, logFile('maven'));
  writeFileSync(marker, `${items.map((item) => item.coordinates).join('\n')}\n`);
  log(`maven: ${items.length} catalog archives ready`);
}
