import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { detectArchiveKind, inspectArchive, type ArchiveInspection, type ArchiveKind } from '../../plugins/archive';
import type { CatalogEntry, CatalogVersion } from '../catalog';
import { artifactFileName, artifactPath, parseCoordinates, type MavenCoordinates } from '../maven';
import { bundleFiles } from './bundle';
import { findCatalogArtifact, recordArtifact, type ArtifactRecord, type CatalogFileSource } from './records';
import { ArtifactError, type ArtifactDeps } from './service';

export interface FetchedFile extends CatalogFileSource {
  /** Bytes an earlier interrupted download had already fetched. */
  resumedFrom: number;
  /** Already in the download folder from an earlier attempt and still matching. */
  reused: boolean;
}

export interface FetchCatalogResult {
  artifact: ArtifactRecord;
  /** False when the catalog version had been fetched before (nothing was downloaded). */
  created: boolean;
  files: FetchedFile[];
}

/** Archives above this are refused even if the catalog says otherwise: a guard against a bad entry. */
const MAX_CATALOG_ARCHIVE_BYTES = 2 * 1024 * 1024 * 1024;

/** The sha512 of a file left by an earlier attempt, or undefined when there is none. */
async function sha512Of(file: string): Promise<string | undefined> {
  const exists = await stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!exists) return undefined;
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Downloads one catalog file into the work folder, verified against the catalog's sha512 and size. */
async function download(deps: ArtifactDeps, coordinates: MavenCoordinates, ref: CatalogVersion['artifacts'][number]): Promise<FetchedFile & { path: string }> {
  const path = join(deps.workDir, 'downloads', artifactPath(coordinates));
  const base = { coordinates: ref.coordinates, url: deps.maven.url(coordinates), sha512: ref.sha512, size: ref.size, path };
  if ((await sha512Of(path)) === ref.sha512) return { ...base, resumedFrom: 0, reused: true };
  const result = await deps.maven.download(coordinates, path, {
    expectedSha512: ref.sha512,
    expectedSize: ref.size,
    maxBytes: Math.min(MAX_CATALOG_ARCHIVE_BYTES, ref.size),
  });
  return { ...base, resumedFrom: result.resumedFrom, reused: false };
}

function kindFromType(type: string): ArchiveKind | undefined {
  if (type === 'jar') return 'jar';
  if (type === 'zip') return 'zip';
  if (type === 'tar.gz' || type === 'tgz') return 'tar.gz';
  return undefined;
}

/** The catalog names the classes a version provides; the archive must really hold them. */
function checkClasses(entry: CatalogEntry, version: CatalogVersion, inspection: ArchiveInspection): void {
  const found = new Set(inspection.classes.connectors.map((c) => c.class));
  const missing = version.connectorClasses.filter((c) => !found.has(c.class)).map((c) => c.class);
  if (missing.length > 0) {
    throw new ArtifactError('class_mismatch', `Catalog ${entry.id} ${version.version}: the archive does not provide ${missing.join(', ')} (found: ${[...found].join(', ') || 'none'})`);
  }
}

/**
 * Makes a catalog version available as a stored artifact: downloads its file(s) through the Maven
 * client (resuming an interrupted download, checking the catalog's sha512), bundles several jars
 * into one archive, inspects it, stores it by sha256 and records it. Fetching a version already
 * fetched returns the existing artifact without touching the network.
 */
export async function fetchCatalogArtifact(deps: ArtifactDeps, entry: CatalogEntry, version: CatalogVersion | string): Promise<FetchCatalogResult> {
  const chosen = typeof version === 'string' ? entry.versions.find((v) => v.version === version) : version;
  if (!chosen) throw new ArtifactError('not_in_catalog', `Catalog ${entry.id}: no version ${String(version)}`);
  const known = await findCatalogArtifact(deps.db, entry.id, chosen.version);
  if (known && (await deps.store.exists(known.sha256))) return { artifact: known, created: false, files: [] };

  const files = [];
  for (const ref of chosen.artifacts) files.push(await download(deps, parseCoordinates(ref.coordinates), ref));
  const { file, filename, kind } = await archiveFor(deps, entry, chosen, files);

  const inspection = await inspectArchive(file, { filename, kind });
  checkClasses(entry, chosen, inspection);
  const stored = await deps.store.putFile(file, { move: true });
  await Promise.all(files.map((f) => rm(f.path, { force: true })));
  const first = files[0]!;
  const { record, created } = await recordArtifact(deps.db, {
    sha256: stored.sha256,
    name: entry.id,
    version: chosen.version,
    kind: inspection.kind,
    size: stored.size,
    inspection,
    source: {
      kind: 'catalog',
      catalogId: entry.id,
      version: chosen.version,
      coordinates: first.coordinates,
      url: first.url,
      files: files.map(({ coordinates, url, sha512, size }) => ({ coordinates, url, sha512, size })),
    },
  });
  return { artifact: record, created, files: files.map(({ path: _path, ...f }) => f) };
}

/** A single file is the archive; several are bundled into one tar.gz named after the entry. */
async function archiveFor(
  deps: ArtifactDeps,
  entry: CatalogEntry,
  version: CatalogVersion,
  files: (FetchedFile & { path: string })[],
): Promise<{ file: string; filename: string; kind: ArchiveKind }> {
  if (files.length === 1) {
    const only = files[0]!;
    const coordinates = parseCoordinates(only.coordinates);
    const filename = artifactFileName(coordinates);
    return { file: only.path, filename, kind: kindFromType(coordinates.type) ?? (await detectArchiveKind(only.path, filename)) };
  }
  const bundles = join(deps.workDir, 'bundles');
  await mkdir(bundles, { recursive: true });
  const filename = `${entry.id}-${version.version}.tar.gz`;
  const file = join(bundles, filename);
  const parts = files.map((f) => ({ path: f.path, name: artifactFileName(parseCoordinates(f.coordinates)) }));
  await bundleFiles(parts, file, bundles);
  return { file, filename, kind: 'tar.gz' };
}
