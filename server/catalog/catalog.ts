import { loadExtraSources } from './extra-sources';
import { loadCatalog, type CatalogIssue, type LoadedCatalog } from './loader';
import type { CatalogEntry, CatalogMeta, CatalogVersion } from './format';
import { compareVersions, kafkaSatisfies, toSemver } from './versions';

export interface VersionFilter {
  /** Only versions whose `kafka` range includes this Kafka version. */
  kafkaVersion?: string;
  /** Alphas, betas and release candidates count too (default false). */
  includePrereleases?: boolean;
}

export interface UpdateCheck {
  installed: string;
  /** Newer versions that pass the filter, newest first. */
  newer: CatalogVersion[];
  /** The one to offer: newest of `newer`, or null when up to date. */
  latest: CatalogVersion | null;
  updateAvailable: boolean;
  /** False when the installed version is not in the catalog (installed from an upload, or since removed). */
  installedKnown: boolean;
}

function passes(version: CatalogVersion, filter: VersionFilter): boolean {
  if (version.prerelease && !filter.includePrereleases) return false;
  return filter.kafkaVersion === undefined || kafkaSatisfies(filter.kafkaVersion, version.kafka);
}

/** Lookups over a loaded catalog. Plain data in, plain data out; nothing here talks to the network. */
export class Catalog {
  private readonly byId: Map<string, CatalogEntry>;

  constructor(
    private readonly loaded: LoadedCatalog,
    /** Entries of extra sources refused at load time, each naming its source, file and field. */
    readonly problems: (CatalogIssue & { source: string })[] = [],
  ) {
    this.byId = new Map(loaded.entries.map((e) => [e.id, e]));
  }

  /** The shipped catalog, plus the entries of extra sources (folders, https URLs) that pass the same checks. */
  static async load(dir?: string, extraSources: string[] = []): Promise<Catalog> {
    const shipped = await loadCatalog(dir);
    if (extraSources.length === 0) return new Catalog(shipped);
    const extra = await loadExtraSources(extraSources, new Set(shipped.entries.map((e) => e.id)));
    const entries = [...shipped.entries, ...extra.entries].sort((a, b) => a.id.localeCompare(b.id));
    return new Catalog({ ...shipped, entries }, extra.issues);
  }

  get meta(): CatalogMeta {
    return this.loaded.meta;
  }

  get entries(): CatalogEntry[] {
    return this.loaded.entries;
  }

  get(id: string): CatalogEntry | undefined {
    return this.byId.get(id);
  }

  /** By the exact string, or failing that by the same semver reading ("3.6.1" finds "3.6.1.Final"). */
  getVersion(id: string, version: string): CatalogVersion | undefined {
    const entry = this.byId.get(id);
    if (!entry) return undefined;
    const exact = entry.versions.find((v) => v.version === version);
    if (exact) return exact;
    const wanted = toSemver(version);
    return wanted === null ? undefined : entry.versions.find((v) => v.semver === wanted);
  }

  /** Newest version passing the filter (versions are kept newest first). */
  latest(id: string, filter: VersionFilter = {}): CatalogVersion | undefined {
    return this.byId.get(id)?.versions.find((v) => passes(v, filter));
  }

  /** Entries and versions that provide a connector class: maps what a worker runs back to the catalog. */
  findByConnectorClass(className: string): { entry: CatalogEntry; versions: CatalogVersion[] }[] {
    return this.entries.flatMap((entry) => {
      const versions = entry.versions.filter((v) => v.connectorClasses.some((c) => c.class === className));
      return versions.length ? [{ entry, versions }] : [];
    });
  }

  /**
   * Whether something newer than `installed` is in the catalog. A pre-release installed opts in to
   * newer pre-releases; a Kafka version limits the offer to versions that support it.
   */
  checkForUpdate(id: string, installed: string, filter: VersionFilter = {}): UpdateCheck {
    const entry = this.byId.get(id);
    const versions = entry?.versions ?? [];
    const includePrereleases = filter.includePrereleases ?? versions.some((v) => v.version === installed && v.prerelease);
    const newer = versions.filter((v) => compareVersions(v.version, installed) > 0 && passes(v, { ...filter, includePrereleases }));
    return {
      installed,
      newer,
      latest: newer[0] ?? null,
      updateAvailable: newer.length > 0,
      installedKnown: this.getVersion(id, installed) !== undefined,
    };
  }
}
