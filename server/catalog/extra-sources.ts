/**
 * Catalog sources beyond the shipped folder, so the catalog grows without a release: folders of entry files and
 * HTTPS URLs serving the same YAML (one entry per document; a URL may serve several documents separated by
 * `---`). Every entry is checked by the shipped format (sha512 pins included) and marked with its source. A bad
 * entry, a duplicate id or an unreachable source is refused with a message naming it, and never hides the good ones.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { z } from 'zod';
import { CatalogEntrySchema, type CatalogEntry } from './format';
import type { CatalogIssue } from './loader';
import { withVersions } from './loader';

export interface ExtraSourcesResult {
  entries: (CatalogEntry & { source: string })[];
  /** Each refusal, by source and file: shown by the catalog API and logged at load. */
  issues: (CatalogIssue & { source: string })[];
}

const FETCH_TIMEOUT_MS = 10_000;
const MAX_BYTES = 4 * 1024 * 1024;

/** Reads every source in order; an id already taken (by the shipped catalog or an earlier source) is refused. */
export async function loadExtraSources(sources: string[], takenIds: ReadonlySet<string>, fetchImpl: typeof fetch = fetch): Promise<ExtraSourcesResult> {
  const taken = new Set(takenIds);
  const result: ExtraSourcesResult = { entries: [], issues: [] };
  for (const source of sources) {
    let documents: { file: string; text: string }[];
    try {
      documents = /^[a-z]+:\/\//.test(source) ? [{ file: source, text: await fetchText(source, fetchImpl) }] : await folderFiles(source);
    } catch (error) {
      result.issues.push({ source, file: source, field: '', message: `cannot be read: ${(error as Error).message}` });
      continue;
    }
    for (const { file, text } of documents) {
      const docs = parseAllDocuments(text, { uniqueKeys: true });
      for (const [index, doc] of docs.entries()) {
        // a file of one entry is named by itself; a stream of several by its document number
        const where = docs.length === 1 ? file : `${file}#${index + 1}`;
        if (doc.errors.length) {
          result.issues.push({ source, file: where, field: '', message: `invalid YAML: ${doc.errors[0]!.message.split('\n')[0]}` });
          continue;
        }
        const parsed = CatalogEntrySchema.safeParse(doc.toJS());
        if (!parsed.success) {
          result.issues.push(...issuesOf(parsed.error).map((issue) => ({ source, file: where, ...issue })));
          continue;
        }
        if (taken.has(parsed.data.id)) {
          result.issues.push({ source, file: where, field: 'id', message: `"${parsed.data.id}" is already in the catalog: an extra source cannot replace an entry` });
          continue;
        }
        taken.add(parsed.data.id);
        result.entries.push({ ...withVersions(parsed.data), source });
      }
    }
  }
  return result;
}

async function folderFiles(dir: string): Promise<{ file: string; text: string }[]> {
  const names = (await readdir(dir)).filter((name) => /\.ya?ml$/.test(name) && name !== 'catalog.yaml').sort();
  return Promise.all(names.map(async (name) => ({ file: name, text: await readFile(join(dir, name), 'utf8') })));
}

async function fetchText(url: string, fetchImpl: typeof fetch): Promise<string> {
  if (!url.startsWith('https://')) throw new Error('only https:// URLs: entries pin archives by checksum, and so must the channel they come over');
  const response = await fetchImpl(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const text = await response.text();
  if (text.length > MAX_BYTES) throw new Error(`larger than ${MAX_BYTES} bytes`);
  return text;
}

function issuesOf(error: z.ZodError): Omit<CatalogIssue, 'file'>[] {
  return error.issues.map((issue) => ({ field: issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '['), message: issue.message }));
}
