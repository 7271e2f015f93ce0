import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { StackError } from './errors';

/** Debian package providing each tool the stack runs. */
const REQUIRED_TOOLS: { tool: string; find: () => string | undefined; pkg: string }[] = [
  { tool: 'initdb/postgres', find: () => postgresBinDirOrUndefined(), pkg: 'postgresql' },
  { tool: 'mariadbd', find: () => findExecutable('mariadbd'), pkg: 'mariadb-server' },
  { tool: 'mariadb-install-db', find: () => findExecutable('mariadb-install-db'), pkg: 'mariadb-server' },
  { tool: 'mariadb (client)', find: () => findExecutable('mariadb'), pkg: 'mariadb-client' },
  { tool: 'java', find: () => findExecutable('java'), pkg: 'openjdk-17-jdk-headless' },
  { tool: 'mvn', find: () => findExecutable('mvn'), pkg: 'maven' },
];

const SEARCH_PATH = (): string[] => [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

export function findExecutable(name: string): string | undefined {
  return SEARCH_PATH()
    .map((dir) => join(dir, name))
    .find((file) => existsSync(file));
}

/** Newest installed PostgreSQL major under Debian's /usr/lib/postgresql/<ver>/bin. */
function postgresBinDirOrUndefined(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

export function postgresBinDir(): string {
  const dir = postgresBinDirOrUndefined();
  if (!dir) throw new StackError('postgres', 'no PostgreSQL binaries under /usr/lib/postgresql/*/bin');
  return dir;
}

export interface OsUser {
  uid: number;
  gid: number;
}

/**
 * initdb and mariadbd refuse to run as root, so as root the databases run as Debian's
 * `postgres` / `mysql` users; as anyone else they simply run as that user.
 */
export function serviceUser(name: 'postgres' | 'mysql'): OsUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  const fields = line?.split(':');
  if (!fields) throw new StackError('system', `OS user "${name}" does not exist (install the ${name === 'mysql' ? 'mariadb-server' : 'postgresql'} package)`);
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

/**
 * The service user must be able to walk down to its data folder. A checkout inside `mktemp -d` (mode 0700,
 * owned by root) stops it at the top, so each ancestor it could not pass gets the search bit for others:
 * passing through only, nothing in those folders becomes listable or readable.
 */
export function letUserReach(path: string, user: OsUser | undefined): void {
  if (!user) return;
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const info = statSync(dir);
    if (info.uid !== user.uid && (info.mode & 0o001) === 0) chmodSync(dir, (info.mode & 0o7777) | 0o001);
    if (dir === dirname(dir)) return;
  }
}

/**
 * Installs missing Debian packages on a fresh machine. Debian's postinst creates and starts a
 * default cluster/server on the standard ports; the stack never uses them and runs its own.
 */
export function ensureSystemPackages(log: (line: string) => void): void {
  const missing = REQUIRED_TOOLS.filter((t) => !t.find());
  if (missing.length === 0) return;
  const packages = [...new Set(missing.map((t) => t.pkg))];
  const tools = missing.map((t) => t.tool).join(', ');
  if (process.getuid?.() !== 0) {
    throw new StackError('system', `missing ${tools}: install the Debian packages ${packages.join(' ')}`);
  }
  log(`system: installing ${packages.join(' ')} (missing ${tools})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
  const result = spawnSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...packages], { stdio: 'inherit', env });
  if (result.status !== 0) throw new StackError('system', `apt-get install ${packages.join(' ')} failed`);
  const stillMissing = REQUIRED_TOOLS.filter((t) => !t.find()).map((t) => t.tool);
  if (stillMissing.length) throw new StackError('system', `still missing after apt-get: ${stillMissing.join(', ')}`);
}
