import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { artifactPath, parseCoordinates, type MavenClient } from '../maven';
import type { Catalog } from './catalog';
import type { CatalogEntry, CatalogVersion } from './format';

export interface MirrorOptions {
  catalog: Catalog;
  maven: MavenClient;
  /** Folder that becomes a Maven repository (point MAVEN_BASE_URL at it, served over http). */
  to: string;
  /** Catalog ids to mirror; all when empty. */
  ids?: string[];
  /** Only each entry's newest version. */
  latestOnly?: boolean;
  log?: (line: string) => void;
}

export interface MirroredFile {
  coordinates: string;
  path: string;
  status: 'downloaded' | 'present';
  size: number;
}

async function hashes(file: string): Promise<{ sha512: string; sha1: string } | undefined> {
  const sha512 = createHash('sha512');
  const sha1 = createHash('sha1');
  try {
    for await (const chunk of createReadStream(file)) {
      sha512.update(chunk as Buffer);
      sha1.update(chunk as Buffer);
    }
  } catch {
    return undefined;
  }
  return { sha512: sha512.digest('hex'), sha1: sha1.digest('hex') };
}

function chosenEntries(options: MirrorOptions): CatalogEntry[] {
  const ids = options.ids ?? [];
  const unknown = ids.filter((id) => !options.catalog.get(id));
  if (unknown.length > 0) throw new Error(`Catalog mirror: unknown catalog id(s) ${unknown.join(', ')} (known: ${options.catalog.entries.map((e) => e.id).join(', ')})`);
  return ids.length ? ids.map((id) => options.catalog.get(id)!) : options.catalog.entries;
}

/**
 * Pre-fetches catalog archives into a folder in Maven's layout, each checked against the catalog's
 * sha512 and written with .sha1/.sha512 files beside it (what Maven clients look for), so an
 * air-gapped site can serve the folder and point MAVEN_BASE_URL at it. Files already there and
 * matching are kept; interrupted downloads resume.
 */
export async function mirrorCatalog(options: MirrorOptions): Promise<MirroredFile[]> {
  const log = options.log ?? (() => {});
  const done: MirroredFile[] = [];
  for (const entry of chosenEntries(options)) {
    const versions: CatalogVersion[] = options.latestOnly ? entry.versions.slice(0, 1) : entry.versions;
    for (const version of versions) {
      for (const ref of version.artifacts) {
        const coordinates = parseCoordinates(ref.coordinates);
        const path = join(options.to, artifactPath(coordinates));
        let sums = await hashes(path);
        const present = sums?.sha512 === ref.sha512;
        if (!present) {
          log(`${entry.id} ${version.version}: downloading ${ref.coordinates} (${ref.size} bytes)`);
          await options.maven.download(coordinates, path, { expectedSha512: ref.sha512, expectedSize: ref.size, maxBytes: ref.size });
          sums = await hashes(path);
        } else {
          log(`${entry.id} ${version.version}: ${ref.coordinates} already present`);
        }
        await writeFile(`${path}.sha512`, `${sums!.sha512}\n`);
        await writeFile(`${path}.sha1`, `${sums!.sha1}\n`);
        done.push({ coordinates: ref.coordinates, path, status: present ? 'present' : 'downloaded', size: ref.size });
      }
    }
  }
  return done;
}
