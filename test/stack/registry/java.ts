import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StackError } from '../errors';

/** Where Debian, Temurin's apt packages and most distributions put their JDKs. */
const JVM_ROOTS = ['/usr/lib/jvm', '/usr/java', '/opt/java'];

export interface FoundJava {
  java: string;
  major: number;
}

/** "25.0.3", "21", "1.8.0_402" → 25, 21, 8. */
export function javaMajor(version: string): number | undefined {
  const parts = version.split(/[._+-]/).map(Number);
  if (!Number.isInteger(parts[0])) return undefined;
  return parts[0] === 1 ? parts[1] : parts[0];
}

/** A JDK's `release` file names its version without starting a JVM. */
function fromHome(home: string): FoundJava | undefined {
  const java = join(home, 'bin', 'java');
  if (!existsSync(java)) return undefined;
  const release = join(home, 'release');
  let major: number | undefined;
  if (existsSync(release)) {
    const match = /^JAVA_VERSION="([^"]+)"/m.exec(readFileSync(release, 'utf8'));
    if (match?.[1]) major = javaMajor(match[1]);
  }
  major ??= versionOf(java);
  return major === undefined ? undefined : { java, major };
}

/** `java -version` prints e.g. `openjdk version "21.0.5" 2024-10-15` on stderr. */
function versionOf(java: string): number | undefined {
  const out = spawnSync(java, ['-version'], { encoding: 'utf8', timeout: 15_000 });
  const match = /version "([^"]+)"/.exec(`${out.stderr ?? ''}${out.stdout ?? ''}`);
  return match?.[1] ? javaMajor(match[1]) : undefined;
}

/**
 * The newest installed Java of at least `minMajor`: JAVA_HOME, then every JDK under the usual roots, then
 * `java` on the PATH. Never a fixed path: the JDK beside the default Java moves with upgrades.
 */
export function findJava(minMajor: number): FoundJava {
  const candidates: FoundJava[] = [];
  const homes = [process.env.JAVA_HOME, ...JVM_ROOTS.flatMap((root) => (existsSync(root) ? readdirSync(root).map((d) => join(root, d)) : []))];
  for (const home of homes) {
    const found = home ? fromHome(home) : undefined;
    if (found) candidates.push(found);
  }
  const onPath = versionOf('java');
  if (onPath !== undefined) candidates.push({ java: 'java', major: onPath });
  const best = candidates.filter((c) => c.major >= minMajor).sort((a, b) => b.major - a.major)[0];
  if (!best) {
    const seen = candidates.map((c) => `${c.java} (${c.major})`).join(', ') || 'none';
    throw new StackError(
      'schema-registry',
      `Apicurio Registry needs Java ${minMajor} or newer; installed: ${seen}. Install one (e.g. \`apt-get install temurin-25-jdk\` or openjdk-21-jdk-headless) or set JAVA_HOME to it.`,
    );
  }
  return best;
}
