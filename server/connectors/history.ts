/**
 * Config history: every config Connectory writes (source `connectory`) and every change it notices someone
 * else made (source `external`) is a numbered version per connector, encrypted, with a hash of its canonical
 * form to notice changes without decrypting.
 *
 * Versions of one connector are serialised by a transaction-scoped advisory lock. Noticing is careful about
 * two races with Connectory's own writes: an observation older than the newest version is dropped, and so is
 * a stale read of an earlier version shortly after a write (workers learn of a new config a moment apart).
 */
import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { ConnectorConfig } from '../connect/types';
import type { Db } from '../db';
import { connectorConfigVersions, type ConfigSource } from '../db/tables';
import type { SecretBox } from '../secrets/secret-box';
import { canonicalConfig, configHash, ConfigHashes } from './canonical';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type Queryable = Db | Tx;

/** How long after a version is written a read showing an earlier version is taken as a stale read. */
export const STALE_READ_GRACE_MS = 20_000;
/** How many recent versions count as "earlier" for the stale-read check. */
const RECENT_VERSIONS = 10;

const t = connectorConfigVersions;

export interface VersionSummary {
  version: number;
  source: ConfigSource;
  actor: string | null;
  configHash: string;
  createdAt: Date;
}

export interface VersionWithConfig extends VersionSummary {
  config: ConnectorConfig;
}

const summaryColumns = { version: t.version, source: t.source, actor: t.actor, configHash: t.configHash, createdAt: t.createdAt };

const ofConnector = (connectId: string, name: string) => and(eq(t.connectClusterId, connectId), eq(t.connectorName, name));

export async function lockConnector(tx: Tx, connectId: string, name: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`connector-config:${connectId}/${name}`}, 0))`);
}

async function recentVersions(db: Queryable, connectId: string, name: string, limit = RECENT_VERSIONS): Promise<VersionSummary[]> {
  return db.select(summaryColumns).from(t).where(ofConnector(connectId, name)).orderBy(desc(t.version)).limit(limit);
}

/** The newest version's hash and time for every connector of a cluster, in one query. */
export async function latestHashes(db: Queryable, connectId: string): Promise<Map<string, { configHash: string; createdAt: Date }>> {
  const rows = await db
    .selectDistinctOn([t.connectorName], { name: t.connectorName, configHash: t.configHash, createdAt: t.createdAt })
    .from(t)
    .where(eq(t.connectClusterId, connectId))
    .orderBy(t.connectorName, desc(t.version));
  return new Map(rows.map((row) => [row.name, { configHash: row.configHash, createdAt: row.createdAt }]));
}

async function insertVersion(
  tx: Tx,
  secrets: SecretBox,
  row: { connectId: string; name: string; version: number; config: ConnectorConfig; hash: string; source: ConfigSource; actor: string | null },
): Promise<number> {
  await tx.insert(t).values({
    connectClusterId: row.connectId,
    connectorName: row.name,
    version: row.version,
    configEnc: secrets.encrypt(JSON.stringify(canonicalConfig(row.name, row.config))),
    configHash: row.hash,
    source: row.source,
    actor: row.actor,
    // The application's clock, compared with observation times taken by the application.
    createdAt: new Date(),
  });
  return row.version;
}

export interface Observation {
  connectId: string;
  name: string;
  config: ConnectorConfig;
  /** When the read that produced `config` started. */
  observedAt: Date;
}

/** Records the observed config as an `external` version if it is a change nobody recorded; the new version or null. */
export async function noticeConfig(db: Db, secrets: SecretBox, observation: Observation): Promise<number | null> {
  const { connectId, name, config, observedAt } = observation;
  const hash = configHash(name, config);
  return db.transaction(async (tx) => {
    await lockConnector(tx, connectId, name);
    const recent = await recentVersions(tx, connectId, name);
    if (!isUnrecordedChange(recent, hash, observedAt)) return null;
    return insertVersion(tx, secrets, { connectId, name, version: (recent[0]?.version ?? 0) + 1, config, hash, source: 'external', actor: null });
  });
}

/** Whether an observed config is a change nobody recorded yet (see the module comment for the races it avoids). */
export function isUnrecordedChange(recent: VersionSummary[], hash: string, observedAt: Date): boolean {
  const latest = recent[0];
  if (!latest) return true;
  if (latest.configHash === hash) return false;
  if (latest.createdAt.getTime() > observedAt.getTime()) return false;
  const staleRead = Date.now() - latest.createdAt.getTime() < STALE_READ_GRACE_MS && recent.some((version) => version.configHash === hash);
  return !staleRead;
}

/**
 * What this process last read as each connector's newest recorded hash, per database and cluster. A list of
 * 1,000 connectors whose configs all match it skips the database; it is trusted for a short while only, so a
 * version recorded by another server (or a re-registered cluster) is seen within that time.
 */
const KNOWN_LATEST_TTL_MS = 15_000;
const knownLatest = new WeakMap<Db, Map<string, { readAt: number; hashes: Map<string, string> }>>();

function knownFor(db: Db, connectId: string): { readAt: number; hashes: Map<string, string> } | undefined {
  const known = knownLatest.get(db)?.get(connectId);
  return known && Date.now() - known.readAt < KNOWN_LATEST_TTL_MS ? known : undefined;
}

function remember(db: Db, connectId: string, hashes: Map<string, string>): void {
  if (!knownLatest.has(db)) knownLatest.set(db, new Map());
  knownLatest.get(db)!.set(connectId, { readAt: Date.now(), hashes });
}

const configHashes = new WeakMap<Db, Map<string, ConfigHashes>>();

function hashesFor(db: Db, connectId: string): ConfigHashes {
  if (!configHashes.has(db)) configHashes.set(db, new Map());
  const perCluster = configHashes.get(db)!;
  if (!perCluster.has(connectId)) perCluster.set(connectId, new ConfigHashes());
  return perCluster.get(connectId)!;
}

/** After a write: the next listing reads the database again. */
export function forgetKnownLatest(db: Db, connectId: string): void {
  knownLatest.get(db)?.delete(connectId);
}

/** Notices a whole listing; only connectors whose hash differs from their newest version take the lock. */
export async function noticeConfigs(db: Db, secrets: SecretBox, connectId: string, configs: Map<string, ConnectorConfig>, observedAt: Date): Promise<number> {
  const memo = hashesFor(db, connectId);
  const seen = new Map([...configs].map(([name, config]) => [name, memo.hash(name, config)]));
  memo.keepOnly(new Set(configs.keys()));
  const known = knownFor(db, connectId);
  if (known && [...seen].every(([name, hash]) => known.hashes.get(name) === hash)) return 0;
  const latest = await latestHashes(db, connectId);
  const hashes = new Map([...latest].map(([name, row]) => [name, row.configHash]));
  let recorded = 0;
  for (const [name, config] of configs) {
    if (latest.get(name)?.configHash === seen.get(name)) continue;
    if ((await noticeConfig(db, secrets, { connectId, name, config, observedAt })) === null) continue;
    recorded++;
    hashes.set(name, seen.get(name)!);
  }
  remember(db, connectId, hashes);
  return recorded;
}

export interface WriteRecord {
  connectId: string;
  name: string;
  config: ConnectorConfig;
  actor: string;
  /** When Connectory started writing the config to Connect. */
  writeStartedAt: Date;
}

/**
 * Records a config Connectory wrote, in the caller's transaction (beside its audit entry). If noticing got there
 * first and recorded this very config as `external` after the write started, that version is claimed instead.
 * Writing the newest version's config again records nothing.
 */
export async function recordWrite(tx: Tx, secrets: SecretBox, write: WriteRecord): Promise<{ version: number; recorded: boolean }> {
  const { connectId, name, config, actor, writeStartedAt } = write;
  const hash = configHash(name, config);
  await lockConnector(tx, connectId, name);
  const [latest] = await recentVersions(tx, connectId, name, 1);
  if (latest?.configHash === hash) {
    if (latest.source !== 'external' || latest.createdAt.getTime() < writeStartedAt.getTime()) return { version: latest.version, recorded: false };
    await tx
      .update(t)
      .set({ source: 'connectory', actor })
      .where(and(ofConnector(connectId, name), eq(t.version, latest.version)));
    return { version: latest.version, recorded: true };
  }
  const version = await insertVersion(tx, secrets, { connectId, name, version: (latest?.version ?? 0) + 1, config, hash, source: 'connectory', actor });
  return { version, recorded: true };
}

export async function listVersions(db: Db, connectId: string, name: string, page: { page: number; size: number }) {
  const [items, [total]] = await Promise.all([
    db
      .select(summaryColumns)
      .from(t)
      .where(ofConnector(connectId, name))
      .orderBy(desc(t.version))
      .limit(page.size)
      .offset((page.page - 1) * page.size),
    db.select({ total: count() }).from(t).where(ofConnector(connectId, name)),
  ]);
  return { items, total: total?.total ?? 0 };
}

export async function getVersion(db: Db, secrets: SecretBox, connectId: string, name: string, version: number): Promise<VersionWithConfig | undefined> {
  const [row] = await db
    .select({ ...summaryColumns, configEnc: t.configEnc })
    .from(t)
    .where(and(ofConnector(connectId, name), eq(t.version, version)));
  if (!row) return undefined;
  const { configEnc, ...summary } = row;
  return { ...summary, config: JSON.parse(secrets.decrypt(configEnc)) as ConnectorConfig };
}

/** The newest recorded config, e.g. to restore secrets for a connector that was deleted on Connect. */
export async function latestVersion(db: Db, secrets: SecretBox, connectId: string, name: string): Promise<VersionWithConfig | undefined> {
  const [latest] = await recentVersions(db, connectId, name, 1);
  return latest ? getVersion(db, secrets, connectId, name, latest.version) : undefined;
}
