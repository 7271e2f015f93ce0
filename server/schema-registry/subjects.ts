/**
 * Subjects at the scale of thousands: a page is drawn from an index built by bulk calls (every subject name, and
 * every subject's latest version in one listing), cached for a few seconds per registry, never one request per
 * subject. Consoles that ask per subject take minutes at 3,000 subjects.
 */
import type { SchemaRegistryClient, SchemaType } from './client';

interface Latest {
  version: number;
  id: number | null;
  schemaType: SchemaType | null;
}

interface SubjectIndex {
  names: string[];
  latest: Map<string, Latest>;
  globalCompatibility: string | null;
}

export const INDEX_TTL_MS = 5_000;
/** How old an index may be and still be shown while a new one is built. */
export const INDEX_STALE_MS = 60_000;
/** Apicurio's native search pages through versions; this many per request. */
const APICURIO_PAGE = 1_000;

const schemaTypeOf = (value: unknown): SchemaType | null =>
  value === 'AVRO' || value === 'PROTOBUF' || value === 'JSON' ? value : value === undefined || value === null ? 'AVRO' : null;

export class SubjectIndexes {
  readonly #cache = new Map<string, { at: number; index: Promise<SubjectIndex>; refreshing?: boolean; ready?: boolean }>();
  readonly #ttlMs: number;
  readonly #staleMs: number;

  /**
   * Fresh for `ttlMs`; after that, for up to `staleMs`, a page is served from the index in hand while a new one is
   * built in the background (a page never waits on the bulk calls then). Older than that, a page waits for a new one.
   */
  constructor(ttlMs = INDEX_TTL_MS, staleMs = INDEX_STALE_MS) {
    this.#ttlMs = ttlMs;
    this.#staleMs = staleMs;
  }

  /** After a write to the registry: the next page reads it afresh. */
  invalidate(registryId: string): void {
    this.#cache.delete(registryId);
  }

  /** Starts building a registry's index in the background (after a first page drawn without it), for the next pages and searches. */
  warm(client: SchemaRegistryClient): void {
    this.#index(client).catch(() => undefined);
  }

  async page(client: SchemaRegistryClient, query: { search?: string | undefined; page: number; size: number }) {
    const before = client.requests;
    const needle = query.search?.trim().toLowerCase();
    // A registry with no index in hand: its first page comes from one sorted listing rather than waiting for the
    // whole index (five 1,000-version listings at 5,000 subjects, which took 0.3-0.8 s on a loaded machine);
    // the index is built after that page is answered, for the next pages and searches.
    if (!needle && query.page === 1 && client.apicurioRoot && !this.#usable(client.registryId)) {
      const quick = await apicurioFirstPage(client, client.apicurioRoot, query.size).catch(() => undefined);
      if (quick) {
        const registryRequests = client.requests - before;
        this.warm(client);
        return { ...quick, page: query.page, size: query.size, registryRequests };
      }
    }
    const index = await this.#index(client);
    const names = needle ? index.names.filter((name) => name.toLowerCase().includes(needle)) : index.names;
    const start = (query.page - 1) * query.size;
    return {
      items: names.slice(start, start + query.size).map((subject) => summary(subject, index.latest.get(subject))),
      total: names.length,
      page: query.page,
      size: query.size,
      globalCompatibility: index.globalCompatibility,
      registryRequests: client.requests - before,
    };
  }

  /** A built index fresh or young enough to be served (one still being built is not: the first page does not wait for it). */
  #usable(registryId: string): boolean {
    const cached = this.#cache.get(registryId);
    return cached?.ready === true && Date.now() - cached.at < this.#staleMs;
  }

  #index(client: SchemaRegistryClient): Promise<SubjectIndex> {
    const cached = this.#cache.get(client.registryId);
    const age = cached ? Date.now() - cached.at : Infinity;
    if (cached && age < this.#ttlMs) return cached.index;
    if (cached && age < this.#staleMs) {
      if (!cached.refreshing) {
        cached.refreshing = true;
        const next = buildIndex(client);
        next.then(
          () => this.#cache.get(client.registryId) === cached && this.#cache.set(client.registryId, { at: Date.now(), index: next, ready: true }),
          () => (cached.refreshing = false),
        );
      }
      return cached.index;
    }
    // one build at a time per registry: concurrent pages share it
    const index = buildIndex(client);
    const entry: { at: number; index: Promise<SubjectIndex>; ready?: boolean } = { at: Date.now(), index };
    this.#cache.set(client.registryId, entry);
    index.then(
      () => (entry.ready = true),
      () => this.#cache.get(client.registryId) === entry && this.#cache.delete(client.registryId),
    );
    return index;
  }
}

const summary = (subject: string, latest: Latest | undefined) => ({
  subject,
  latestVersion: latest?.version ?? null,
  schemaId: latest?.id ?? null,
  schemaType: latest?.schemaType ?? null,
});

/**
 * Subject names in UTF-16 code unit order, the order Apicurio's default storage sorts artifact ids in, so the
 * first page drawn from its sorted listing is the first page of the index too.
 */
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

async function buildIndex(client: SchemaRegistryClient): Promise<SubjectIndex> {
  const global = client.compatibility().catch(() => undefined);
  if (client.apicurioRoot) {
    // Apicurio's Confluent API lists at most 1,000 subjects (apicurio.ccompat.max-subjects): its own search lists all
    const latest = await apicurioLatest(client, client.apicurioRoot);
    return { names: [...latest.keys()].sort(byCodeUnit), latest, globalCompatibility: (await global) ?? null };
  }
  const [names, latest] = await Promise.all([client.subjects(), confluentLatest(client)]);
  return { names: [...names].sort(byCodeUnit), latest, globalCompatibility: (await global) ?? null };
}

/** Confluent, Karapace and Redpanda list each subject's latest schema with its subject, version and id in one call. */
async function confluentLatest(client: SchemaRegistryClient): Promise<Map<string, Latest>> {
  const latest = new Map<string, Latest>();
  for (const entry of await client.latestSchemas()) {
    if (!entry.subject || entry.version === undefined) continue;
    const seen = latest.get(entry.subject);
    if (seen && seen.version >= entry.version) continue;
    latest.set(entry.subject, { version: entry.version, id: entry.id ?? null, schemaType: schemaTypeOf(entry.schemaType) });
  }
  return latest;
}

interface ApicurioVersion {
  groupId?: string | null;
  artifactId: string;
  version: string;
  contentId?: number;
  artifactType?: string;
  state?: string;
}

/**
 * Apicurio's Confluent API lists latest schemas without their subjects (and at most 1,000 subjects), so its own
 * search API gives every version (artifact = subject) a thousand per request. The Confluent API's schema id is Apicurio's content id.
 */
async function apicurioLatest(client: SchemaRegistryClient, root: string): Promise<Map<string, Latest>> {
  const latest = new Map<string, Latest>();
  const page = (offset: number) =>
    client.getAbsolute<{ count: number; versions: ApicurioVersion[] }>(`${root}/apis/registry/v3/search/versions?offset=${offset}&limit=${APICURIO_PAGE}`);
  const first = await page(0);
  // the first page says how many there are; the rest are asked at once rather than one after another
  const offsets: number[] = [];
  for (let offset = APICURIO_PAGE; offset < first.count; offset += APICURIO_PAGE) offsets.push(offset);
  const rest = await Promise.all(offsets.map(page));
  addLatest(latest, [first, ...rest].flatMap((p) => p.versions));
  return latest;
}

/** Each subject's latest live version, in the order the versions are listed. */
function addLatest(latest: Map<string, Latest>, versions: ApicurioVersion[]): void {
  for (const v of versions) {
    // the Confluent API shows the default group only; a disabled version is a soft-deleted one
    if (v.state === 'DISABLED' || (v.groupId && v.groupId !== 'default')) continue;
    const version = Number(v.version);
    if (!Number.isInteger(version)) continue;
    const seen = latest.get(v.artifactId);
    if (seen && seen.version >= version) continue;
    latest.set(v.artifactId, { version, id: v.contentId ?? null, schemaType: schemaTypeOf(v.artifactType) });
  }
}

/**
 * The first page without the index: the first versions sorted by subject (four per subject on the page: a smaller
 * answer is a faster one), the number of subjects, and the global level, asked at once (three requests, whatever
 * the number of subjects). The last subject listed may have
 * more versions past the listing, so it is left out; undefined when too few whole subjects remain for the page.
 * The total counts soft-deleted subjects too until the index is built (Apicurio's artifact count has no state filter).
 */
async function apicurioFirstPage(client: SchemaRegistryClient, root: string, size: number) {
  const search = `${root}/apis/registry/v3/search`;
  const [listing, artifacts, global] = await Promise.all([
    client.getAbsolute<{ count: number; versions: ApicurioVersion[] }>(`${search}/versions?groupId=default&orderby=artifactId&order=asc&offset=0&limit=${Math.min(APICURIO_PAGE, size * 4)}`),
    client.getAbsolute<{ count: number }>(`${search}/artifacts?groupId=default&offset=0&limit=1`),
    client.compatibility().catch(() => undefined),
  ]);
  const complete = listing.versions.length >= listing.count;
  const latest = new Map<string, Latest>();
  addLatest(latest, listing.versions);
  if (!complete) latest.delete(listing.versions[listing.versions.length - 1]?.artifactId ?? '');
  const names = [...latest.keys()].sort(byCodeUnit);
  if (!complete && names.length < size) return undefined;
  return {
    items: names.slice(0, size).map((subject) => summary(subject, latest.get(subject))),
    total: complete ? names.length : artifacts.count,
    globalCompatibility: global ?? null,
  };
}

/** Schemas pretty-printed for reading and diffing: JSON ones indented, Protobuf as written. */
export function prettySchema(schema: string, schemaType: SchemaType): string {
  if (schemaType === 'PROTOBUF') return schema;
  try {
    return JSON.stringify(JSON.parse(schema), null, 2);
  } catch {
    return schema;
  }
}

export interface DiffLine {
  kind: 'same' | 'added' | 'removed';
  left: string | null;
  right: string | null;
}

/** A line diff (longest common subsequence) for a side-by-side view; schemas are small. */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length * b.length > 4_000_000) {
    return [...a.map((left): DiffLine => ({ kind: 'removed', left, right: null })), ...b.map((right): DiffLine => ({ kind: 'added', left: null, right }))];
  }
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push({ kind: 'same', left: a[i]!, right: b[j]! });
      i++;
      j++;
    } else if (j < b.length && (i >= a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      lines.push({ kind: 'added', left: null, right: b[j]! });
      j++;
    } else {
      lines.push({ kind: 'removed', left: a[i]!, right: null });
      i++;
    }
  }
  return lines;
}
