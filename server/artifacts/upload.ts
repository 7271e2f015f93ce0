import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { detectArchiveKind, inspectArchive, isValidPluginName, toPluginName, type ArchiveInspection } from '../../plugins/archive';
import { toSemver } from '../catalog/versions';
import { getArtifact, recordArtifact, setArtifactIdentity, type ArtifactRecord } from './records';
import type { ArtifactDeps } from './service';
import { ArtifactStoreError, hashingMeter } from './store';

/** What the API must still ask for before the upload can be installed. */
export type MissingIdentity = 'name' | 'version';

export interface UploadResult {
  artifact: ArtifactRecord;
  /** False when the same bytes were uploaded before. */
  created: boolean;
  /** Empty when the archive's manifest named it; otherwise what to ask (then call `nameUpload`). */
  needs: MissingIdentity[];
}

export interface UploadOptions {
  maxBytes: number;
  uploadedBy?: string;
}

/** Name and version from a Confluent Hub manifest, when it has usable ones. */
function identityFrom(inspection: ArchiveInspection): { name?: string; version?: string } {
  const manifest = inspection.manifest;
  if (!manifest) return {};
  const version = manifest.version && toSemver(manifest.version) ? manifest.version : undefined;
  return { name: toPluginName(manifest.name), ...(version ? { version } : {}) };
}

/** An upload needs a version until someone gives one; the name too unless a manifest gave it. */
export function missingIdentity(record: ArtifactRecord): MissingIdentity[] {
  if (record.version !== null) return [];
  return record.inspection.manifest?.name ? ['version'] : ['name', 'version'];
}

/**
 * Takes an uploaded archive (zip, tar.gz or jar) as a stream: written to a work file while hashed
 * and held to `maxBytes`, inspected (hostile archives are refused with an ArchiveError and leave
 * nothing behind), then stored by sha256 and recorded. Without a manifest naming it, the record
 * keeps a provisional name from the file name and `needs` says what to ask.
 */
export async function storeUpload(deps: ArtifactDeps, stream: Readable, filename: string, options: UploadOptions): Promise<UploadResult> {
  const safeName = basename(filename.replace(/\\/g, '/'));
  const work = await deps.store.tempPath('.upload');
  try {
    const meter = hashingMeter(options.maxBytes, (limit) => new ArtifactStoreError('too_large', `Artifact upload "${safeName}": larger than the ${limit}-byte limit`));
    await pipeline(stream, meter.stream, createWriteStream(work, { flags: 'wx' }));
    const { sha256, size } = meter.result();
    const existing = await getArtifact(deps.db, sha256);
    if (existing && (await deps.store.exists(sha256))) return { artifact: existing, created: false, needs: missingIdentity(existing) };

    const kind = await detectArchiveKind(work, safeName);
    const inspection = await inspectArchive(work, { filename: safeName, kind });
    const identity = identityFrom(inspection);
    await deps.store.putFile(work, { move: true });
    const { record, created } = await recordArtifact(deps.db, {
      sha256,
      name: identity.name ?? toPluginName(safeName.replace(/\.(tar\.gz|tgz|zip|jar)$/i, '')),
      version: identity.name && identity.version ? identity.version : null,
      kind: inspection.kind,
      size,
      inspection,
      source: { kind: 'upload', filename: safeName, ...(options.uploadedBy ? { uploadedBy: options.uploadedBy } : {}) },
    });
    return { artifact: record, created, needs: missingIdentity(record) };
  } finally {
    await rm(work, { force: true });
  }
}

export class IdentityError extends Error {
  override name = 'IdentityError';
  constructor(
    readonly field: MissingIdentity,
    message: string,
  ) {
    super(message);
  }
}

/** Sets the plugin name and version an upload's archive did not give. */
export async function nameUpload(deps: Pick<ArtifactDeps, 'db'>, sha256: string, identity: { name: string; version: string }): Promise<ArtifactRecord | undefined> {
  if (!isValidPluginName(identity.name)) {
    throw new IdentityError('name', `Plugin name "${identity.name}" must be lower-case letters, digits, ".", "_" or "-", starting with a letter or digit`);
  }
  if (!toSemver(identity.version)) throw new IdentityError('version', `Version "${identity.version}" has no semver reading (e.g. 1.2.0 or 1.2.0.Final)`);
  return setArtifactIdentity(deps.db, sha256, identity);
}
