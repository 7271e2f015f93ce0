import { spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { StackError } from './errors';
import { logFile, RUN_DIR, serviceDir } from './paths';
import { HOST } from './ports';
import { isAlive, runToLog, serviceEnv, spawnDetached, stopProcess } from './processes';
import { mariadbInventorySql } from './sample-data';
import { ensureService, type StackContext } from './service';
import { findProcess, writeStackFile } from './state';
import { findExecutable, letUserReach, serviceUser } from './system-packages';
import type { StackInfo } from './types';

const NAME = 'mariadb';
const home = () => serviceDir(NAME);
const dataDir = () => serviceDir(NAME, 'data');
const configFile = () => serviceDir(NAME, 'my.cnf');
const markerFile = () => serviceDir(NAME, '.initialized');
const socketDir = () => join(RUN_DIR, NAME);
const socketFile = () => join(socketDir(), 'mariadb.sock');

function binary(name: string): string {
  const file = findExecutable(name);
  if (!file) throw new StackError(NAME, `${name} not found (Debian package mariadb-server / mariadb-client)`);
  return file;
}

/** Our own config file, so nothing from /etc/mysql (the system server's datadir/socket) applies. */
function myCnf(info: StackInfo): string {
  return `[mariadbd]
datadir=${dataDir()}
socket=${socketFile()}
pid-file=${join(socketDir(), 'mariadb.pid')}
port=${info.mariadb.port}
bind-address=${HOST}
skip-name-resolve
# what Debezium's MySQL/MariaDB connector needs: a row-based binlog with full row images
server-id=184054
log-bin=mariadb-bin
binlog_format=ROW
binlog_row_image=FULL
expire_logs_days=1
# small and quick: this is a test source
innodb_buffer_pool_size=64M
innodb_log_file_size=32M
innodb_flush_log_at_trx_commit=2
performance_schema=OFF
character-set-server=utf8mb4
collation-server=utf8mb4_general_ci
`;
}

async function installDb(info: StackInfo): Promise<void> {
  const user = serviceUser('mysql');
  rmSync(home(), { recursive: true, force: true });
  mkdirSync(dataDir(), { recursive: true });
  mkdirSync(socketDir(), { recursive: true });
  writeFileSync(configFile(), myCnf(info));
  if (user) [home(), dataDir(), socketDir()].forEach((p) => chownSync(p, user.uid, user.gid));
  letUserReach(home(), user);
  letUserReach(socketDir(), user);
  const log = logFile(NAME);
  const code = await runToLog(
    binary('mariadb-install-db'),
    [`--defaults-file=${configFile()}`, '--skip-test-db', '--auth-root-authentication-method=socket', ...(user ? ['--user=mysql'] : [])],
    { logFile: log },
  ).catch((err: Error) => err.message);
  if (code !== 0) throw new StackError(NAME, `mariadb-install-db failed (${typeof code === 'string' ? code : `exit ${code}`})`, log);
}

/** Runs SQL through the mariadb client: over the socket as root, or over TCP as the stack's user. */
function runSql(args: string[], sql: string, env: NodeJS.ProcessEnv = serviceEnv()): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary('mariadb'), ['--no-defaults', '--batch', '--skip-column-names', ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(stderr.trim() || `mariadb exited with ${code}`))));
    // A client that gives up before reading its input (the server still starting) closes the pipe: EPIPE here is
    // not the error to report, its exit code and stderr are (an unhandled EPIPE took the whole stack start down).
    child.stdin.on('error', () => {});
    child.stdin.end(sql);
  });
}

/** install-db gives the installing OS user (root, or whoever ran it) socket authentication */
const socketUser = () => (process.getuid?.() === 0 ? 'root' : userInfo().username);
const asRoot = (sql: string) => runSql([`--socket=${socketFile()}`, `-u${socketUser()}`], sql);

async function answersAsStackUser(info: StackInfo): Promise<boolean> {
  const { host, port, user, password } = info.mariadb;
  const out = await runSql(['-h', host, '-P', String(port), '-u', user], 'SELECT 1;', serviceEnv({ MYSQL_PWD: password }));
  return out.trim() === '1';
}

async function setup(info: StackInfo): Promise<void> {
  const { user, password, database } = info.mariadb;
  const pw = password.replace(/'/g, "''");
  await asRoot(`
DELETE FROM mysql.global_priv WHERE User = '';
CREATE DATABASE ${database};
CREATE USER '${user}'@'%' IDENTIFIED BY '${pw}';
CREATE USER '${user}'@'localhost' IDENTIFIED BY '${pw}';
GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, LOCK TABLES ON *.* TO '${user}'@'%', '${user}'@'localhost';
GRANT ALL PRIVILEGES ON ${database}.* TO '${user}'@'%', '${user}'@'localhost';
FLUSH PRIVILEGES;
USE ${database};
${mariadbInventorySql()}
`);
}

/** MariaDB with the binlog on, as a CDC source: database `inventory`, user with Debezium's grants. */
export async function upMariadb(ctx: StackContext): Promise<void> {
  const user = serviceUser('mysql');
  const initialized = existsSync(markerFile());
  const running = findProcess(ctx.info, NAME);
  if (!initialized && running && isAlive(running)) {
    await stopProcess(running);
    ctx.info.processes = ctx.info.processes.filter((p) => p !== running);
    writeStackFile(ctx.info);
  }
  await ensureService(ctx, {
    service: NAME,
    processName: NAME,
    ports: [ctx.info.mariadb.port],
    logFile: logFile(NAME),
    prepare: async () => {
      if (!initialized) await installDb(ctx.info);
      // the port may have changed since install
      writeFileSync(configFile(), myCnf(ctx.info));
      mkdirSync(socketDir(), { recursive: true });
      if (user) chownSync(socketDir(), user.uid, user.gid);
    },
    start: () =>
      spawnDetached({
        name: NAME,
        command: binary('mariadbd'),
        args: [`--defaults-file=${configFile()}`],
        logFile: logFile(NAME),
        env: serviceEnv(),
        ...(user ?? {}),
      }),
    // before setup only root (over the socket) exists
    ready: async () => (initialized ? answersAsStackUser(ctx.info) : (await asRoot('SELECT 1;')).trim() === '1'),
    readyTimeoutMs: 60_000,
  });
  if (!initialized) {
    try {
      await setup(ctx.info);
      if (!(await answersAsStackUser(ctx.info))) throw new Error(`user ${ctx.info.mariadb.user} cannot query over TCP`);
    } catch (err) {
      throw new StackError(NAME, `first-time setup failed: ${(err as Error).message}`, logFile(NAME));
    }
    writeFileSync(markerFile(), new Date().toISOString());
    ctx.log(`${NAME}: initialized`);
  }
}
