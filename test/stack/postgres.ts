import { chownSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres, { type Sql } from 'postgres';
import { StackError } from './errors';
import { logFile, RUN_DIR, serviceDir } from './paths';
import { HOST } from './ports';
import { isAlive, runToLog, serviceEnv, spawnDetached, stopProcess } from './processes';
import { postgresInventorySql } from './sample-data';
import { ensureService, type StackContext } from './service';
import { findProcess, writeStackFile } from './state';
import { letUserReach, postgresBinDir, serviceUser, type OsUser } from './system-packages';

interface ClusterSpec {
  /** process name, folder under .stack/ and log name */
  name: 'postgres' | 'source-postgres';
  port: number;
  superuser: string;
  superPassword: string;
  /** postgres -c settings on top of the common ones */
  settings: Record<string, string | number>;
  /** run once after the first start, as the superuser */
  setup: (connect: (user: string, password: string, database: string) => Sql) => Promise<void>;
}

const COMMON_SETTINGS = {
  listen_addresses: HOST,
  max_connections: 100,
  shared_buffers: '32MB',
  // throwaway test data: trade durability for speed
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  log_min_messages: 'warning',
};

const dataDir = (name: string) => serviceDir(name, 'data');
const markerFile = (name: string) => serviceDir(name, '.initialized');
const socketDir = (name: string) => join(RUN_DIR, name);

const quoteLiteral = (value: string) => `'${value.replace(/'/g, "''")}'`;

function chownTo(user: OsUser | undefined, ...paths: string[]): void {
  if (user) paths.forEach((p) => chownSync(p, user.uid, user.gid));
}

async function initCluster(spec: ClusterSpec, user: OsUser | undefined): Promise<void> {
  const home = serviceDir(spec.name);
  rmSync(home, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  mkdirSync(socketDir(spec.name), { recursive: true });
  chownTo(user, home, socketDir(spec.name));
  letUserReach(home, user);
  letUserReach(socketDir(spec.name), user);
  const pwfile = join(home, 'pwfile');
  writeFileSync(pwfile, `${spec.superPassword}\n`, { mode: 0o600 });
  chownTo(user, pwfile);
  const log = logFile(spec.name);
  try {
    const code = await runToLog(
      join(postgresBinDir(), 'initdb'),
      ['-D', dataDir(spec.name), '-U', spec.superuser, `--pwfile=${pwfile}`, '--auth-local=trust',
        '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-locale', '--no-sync', '--no-instructions'],
      { logFile: log, ...(user ?? {}) },
    ).catch((err: Error) => err.message);
    if (code !== 0) throw new StackError(spec.name, `initdb failed (${typeof code === 'string' ? code : `exit ${code}`})`, log);
  } finally {
    rmSync(pwfile, { force: true });
  }
}

function settingsArgs(spec: ClusterSpec): string[] {
  const settings = { ...COMMON_SETTINGS, port: spec.port, unix_socket_directories: socketDir(spec.name), ...spec.settings };
  return Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`]);
}

function connector(spec: ClusterSpec) {
  return (user: string, password: string, database: string): Sql =>
    postgres({ host: HOST, port: spec.port, user, password, database, max: 1, connect_timeout: 3, onnotice: () => {} });
}

async function answers(spec: ClusterSpec): Promise<boolean> {
  const sql = connector(spec)(spec.superuser, spec.superPassword, 'postgres');
  try {
    const [row] = await sql`select 1 as ok`;
    return row?.ok === 1;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

async function upCluster(ctx: StackContext, spec: ClusterSpec): Promise<void> {
  const user = serviceUser('postgres');
  const initialized = existsSync(markerFile(spec.name));
  const running = findProcess(ctx.info, spec.name);
  if (!initialized && running && isAlive(running)) {
    // a first start that failed half-way: start over from initdb
    await stopProcess(running, { stopSignal: 'SIGINT' });
    ctx.info.processes = ctx.info.processes.filter((p) => p !== running);
    writeStackFile(ctx.info);
  }
  await ensureService(ctx, {
    service: spec.name,
    processName: spec.name,
    ports: [spec.port],
    logFile: logFile(spec.name),
    prepare: async () => {
      if (!initialized) await initCluster(spec, user);
      mkdirSync(socketDir(spec.name), { recursive: true });
      chownTo(user, socketDir(spec.name));
    },
    start: () =>
      spawnDetached({
        name: spec.name,
        command: join(postgresBinDir(), 'postgres'),
        args: ['-D', dataDir(spec.name), ...settingsArgs(spec)],
        logFile: logFile(spec.name),
        env: serviceEnv(),
        ...(user ?? {}),
      }),
    ready: () => answers(spec),
    readyTimeoutMs: 30_000,
  });
  if (!initialized) {
    try {
      await spec.setup(connector(spec));
    } catch (err) {
      throw new StackError(spec.name, `first-time setup failed: ${(err as Error).message}`);
    }
    writeFileSync(markerFile(spec.name), new Date().toISOString());
    ctx.log(`${spec.name}: initialized`);
  }
}

/** The server's database: superuser `connectory`, database `connectory`. */
export function upPostgres(ctx: StackContext): Promise<void> {
  const { port, user, password } = ctx.info.postgres;
  return upCluster(ctx, {
    name: 'postgres',
    port,
    superuser: user,
    superPassword: password,
    settings: {},
    setup: async (connect) => {
      const sql = connect(user, password, 'postgres');
      try {
        await sql.unsafe('CREATE DATABASE connectory');
      } finally {
        await sql.end();
      }
    },
  });
}

/** A CDC source for Debezium: logical decoding on, a REPLICATION user owning `inventory`. */
export function upSourcePostgres(ctx: StackContext): Promise<void> {
  const source = ctx.info.sourcePostgres;
  const admin = source.adminUser ?? 'postgres';
  const adminPassword = source.adminPassword!;
  return upCluster(ctx, {
    name: 'source-postgres',
    port: source.port,
    superuser: admin,
    superPassword: adminPassword,
    settings: { wal_level: 'logical', max_replication_slots: 10, max_wal_senders: 10 },
    setup: async (connect) => {
      const root = connect(admin, adminPassword, 'postgres');
      try {
        await root.unsafe(`CREATE ROLE ${source.user} LOGIN REPLICATION PASSWORD ${quoteLiteral(source.password)}`);
        await root.unsafe(`CREATE DATABASE ${source.database} OWNER ${source.user}`);
      } finally {
        await root.end();
      }
      const owner = connect(source.user, source.password, source.database);
      try {
        await owner.unsafe(postgresInventorySql());
      } finally {
        await owner.end();
      }
      // Debezium's default publication name; FOR ALL TABLES needs a superuser to create
      const inventoryAdmin = connect(admin, adminPassword, source.database);
      try {
        await inventoryAdmin.unsafe('CREATE PUBLICATION dbz_publication FOR ALL TABLES');
      } finally {
        await inventoryAdmin.end();
      }
    },
  });
}
