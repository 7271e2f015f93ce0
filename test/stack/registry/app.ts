import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { StackError } from '../errors';
import { logFile, REPO_ROOT, serviceDir } from '../paths';
import { runToLog } from '../processes';

export const REGISTRY_POM = join(REPO_ROOT, 'test', 'stack', 'registry', 'pom.xml');

export function registryVersion(): string {
  const match = /<apicurio\.version>([^<]+)<\/apicurio\.version>/.exec(readFileSync(REGISTRY_POM, 'utf8'));
  if (!match?.[1]) throw new StackError('schema-registry', `no <apicurio.version> in ${REGISTRY_POM}`);
  return match[1];
}

function appDir(): string {
  const hash = createHash('sha256').update(readFileSync(REGISTRY_POM)).digest('hex').slice(0, 16);
  return serviceDir('cache', `apicurio-registry-${hash}`);
}

/**
 * The unpacked Quarkus app (its quarkus-run.jar). The archive (about 150 MiB) comes from Maven Central into
 * ~/.m2 through mvn once; it is unpacked once per pom content, so a warm start runs neither mvn nor tar.
 */
export async function resolveRegistryApp(log: (line: string) => void): Promise<string> {
  const dir = appDir();
  const jar = join(dir, 'quarkus-run.jar');
  if (existsSync(jar)) return jar;
  log(`maven: fetching Apicurio Registry ${registryVersion()} (mvn dependency:copy)`);
  const scratch = `${dir}.${process.pid}.tmp`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  try {
    const args = ['-q', '-B', '-Dstyle.color=never', '-f', REGISTRY_POM, 'dependency:copy@registry-app', `-Dregistry.dir=${scratch}`];
    const code = await runToLog('mvn', args, { logFile: logFile('maven') }).catch((err: Error) => {
      throw new StackError('maven', `cannot run mvn: ${err.message}`);
    });
    if (code !== 0) throw new StackError('maven', `mvn exited with ${code} fetching ${REGISTRY_POM}`, logFile('maven'));
    const archive = readdirSync(scratch).find((f) => f.endsWith('.tar.gz'));
    if (!archive) throw new StackError('maven', `mvn left no tar.gz in ${scratch}`, logFile('maven'));
    const unpacked = join(scratch, 'app');
    mkdirSync(unpacked);
    const tar = await runToLog('tar', ['-xzf', join(scratch, archive), '-C', unpacked], { logFile: logFile('maven') });
    if (tar !== 0 || !existsSync(join(unpacked, 'quarkus-run.jar'))) {
      throw new StackError('schema-registry', `cannot unpack ${archive} (no quarkus-run.jar)`, logFile('maven'));
    }
    renameSync(unpacked, dir);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  log(`maven: Apicurio Registry ${registryVersion()} ready`);
  return jar;
}
