import { and, desc, eq, sql } from 'drizzle-orm';
import type { ArchiveInspection } from '../../plugins/archive';
import type { Db } from '../db';
import { artifacts, type ArtifactKind, type ArtifactSource } from '../db/tables';

/** One file of a catalog version, as downloaded. */
export interface CatalogFileSource {
  coordinates: string;
  url: string;
  sha512: string;
  size: number;
}

/**
 * The `source` column's shapes. A catalog version made of several jars keeps every file in `files`
 * (its `coordinates`/`url` then name the first, as the column's base type has room for one).
 */
export type StoredSource =
  | (Extract<ArtifactSource, { kind: 'catalog' }> & { files: CatalogFileSource[] })
  | Extract<ArtifactSource, { kind: 'upload' }>;

export interface ArtifactRecord {
  sha256: string;
  /** The plugin's folder name on the workers. */
  name: string;
  /** Null until known: an upload without a usable manifest waits for someone to say. */
  version: string | null;
  kind: ArtifactKind;
  size: number;
  inspection: ArchiveInspection;
  source: StoredSource;
  createdAt: string;
}

type Row = typeof artifacts.$inferSelect;

function toRecord(row: Row): ArtifactRecord {
  return {
    sha256: row.sha256,
    name: row.name,
    version: row.version,
    kind: row.kind,
    size: row.size,
    inspection: row.inspection as unknown as ArchiveInspection,
    source: row.source as StoredSource,
    createdAt: row.createdAt.toISOString(),
  };
}

export type NewArtifact = Omit<ArtifactRecord, 'createdAt'>;

/** Inserts the row unless the sha256 is already known; either way returns what is stored. */
export async function recordArtifact(db: Db, artifact: NewArtifact): Promise<{ record: ArtifactRecord; created: boolean }> {
  const [inserted] = await db
    .insert(artifacts)
    .values({ ...artifact, inspection: artifact.inspection as unknown as Record<string, unknown> })
    .onConflictDoNothing({ target: artifacts.sha256 })
    .returning();
  if (inserted) return { record: toRecord(inserted), created: true };
  const existing = await getArtifact(db, artifact.sha256);
  if (!existing) throw new Error(`Artifact records: ${artifact.sha256} conflicted but cannot be read back`);
  return { record: existing, created: false };
}

export async function getArtifact(db: Db, sha256: string): Promise<ArtifactRecord | undefined> {
  const [row] = await db.select().from(artifacts).where(eq(artifacts.sha256, sha256));
  return row ? toRecord(row) : undefined;
}

/** The artifact already fetched for a catalog version, if any. */
export async function findCatalogArtifact(db: Db, catalogId: string, version: string): Promise<ArtifactRecord | undefined> {
  const [row] = await db
    .select()
    .from(artifacts)
    .where(and(sql`${artifacts.source}->>'kind' = 'catalog'`, sql`${artifacts.source}->>'catalogId' = ${catalogId}`, sql`${artifacts.source}->>'version' = ${version}`))
    .limit(1);
  return row ? toRecord(row) : undefined;
}

export async function listArtifacts(db: Db, page: { limit?: number; offset?: number } = {}): Promise<{ items: ArtifactRecord[]; total: number }> {
  const rows = await db
    .select()
    .from(artifacts)
    .orderBy(desc(artifacts.createdAt), artifacts.sha256)
    .limit(page.limit ?? 100)
    .offset(page.offset ?? 0);
  const [count] = await db.select({ total: sql<number>`count(*)::int` }).from(artifacts);
  return { items: rows.map(toRecord), total: count?.total ?? 0 };
}

/** Gives an upload its plugin name and version (what the API asks for when the archive does not say). */
export async function setArtifactIdentity(db: Db, sha256: string, identity: { name: string; version: string }): Promise<ArtifactRecord | undefined> {
  const [row] = await db.update(artifacts).set(identity).where(eq(artifacts.sha256, sha256)).returning();
  return row ? toRecord(row) : undefined;
}

export async function deleteArtifactRecord(db: Db, sha256: string): Promise<boolean> {
  const deleted = await db.delete(artifacts).where(eq(artifacts.sha256, sha256)).returning({ sha256: artifacts.sha256 });
  return deleted.length > 0;
}
