/**
 * Every catalog entry's newest version is real: each of its artifacts resolves through the stack's Maven mirror
 * (which serves the Maven cache test/stack/archives/pom.xml fills, so CI downloads each archive once), matches the
 * sha512 and size the catalog pins, and the archive holds every connector class the catalog promises. One pass,
 * several downloads at a time. Installing each on the workers is the install tests' part (catalog-delivery, cdc,
 * pipeline-jdbc); this one is what a user's first install of any entry relies on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectArchive } from '../../plugins/archive';
import { loadCatalog } from '../../server/catalog/loader';
import { artifactFileName, MavenClient, parseCoordinates } from '../../server/maven';
import { requireStack } from '../stack';
import { archiveItems } from '../stack/archives/items';

const work = mkdtempSync(join(tmpdir(), 'catalog-pins-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** At most `size` at a time, results in input order: a few archives of up to 70 MB hashed and read in parallel. */
async function inBatches<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return results;
}

describe('the catalog pins real archives', () => {
  it('resolves the newest version of every entry, matching its sha512, size and connector classes', async () => {
    const stack = requireStack();
    const { entries } = await loadCatalog();
    const newest = entries.map((entry) => ({ entry, version: entry.versions[0]! }));
    // the stack's mirror serves what the archives pom fetched: an entry missing there would fail below as "not found"
    const fetched = new Set(archiveItems().map((item) => item.coordinates));
    for (const { entry, version } of newest) {
      for (const artifact of version.artifacts) expect(fetched, `${entry.id} ${version.version} in test/stack/archives/pom.xml`).toContain(artifact.coordinates);
    }
    const maven = new MavenClient({ baseUrl: stack.mavenMirror.url });
    const results = await inBatches(newest, 3, async ({ entry, version }) => {
      const classes = new Set<string>();
      for (const artifact of version.artifacts) {
        const coordinates = parseCoordinates(artifact.coordinates);
        const file = join(work, `${entry.id}-${artifactFileName(coordinates)}`);
        // the download itself refuses a sha512 or size other than the pinned ones
        const downloaded = await maven.download(coordinates, file, { expectedSha512: artifact.sha512, expectedSize: artifact.size, resume: false });
        expect(downloaded.sha512).toBe(artifact.sha512);
        const inspection = await inspectArchive(file, { filename: artifactFileName(coordinates) });
        inspection.classes.connectors.forEach((k) => classes.add(k.class));
        rmSync(file, { force: true });
      }
      return { id: entry.id, version: version.version, promised: version.connectorClasses.map((k) => k.class), found: classes };
    });
    for (const result of results) {
      for (const promised of result.promised) expect(result.found, `${result.id} ${result.version} holds ${promised}`).toContain(promised);
    }
    expect(results.map((r) => r.id)).toEqual(entries.map((e) => e.id));
  }, 300_000);
});
