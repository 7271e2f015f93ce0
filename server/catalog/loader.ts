import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { CatalogEntrySchema, CatalogMetaSchema, type CatalogEntry, type CatalogEntryInput, type CatalogMeta } from './format';
import { compareVersions, isPrerelease, toSemver } from './versions';

/** The catalog shipped with Connectory: data files at the repository root. */
export const CATALOG_DIR = fileURLToPath(new URL('../../catalog', import.meta.url));
export const META_FILE = 'catalog.yaml';

export interface CatalogIssue {
  /** e.g. "catalog/debezium-mysql.yaml" */
  file: string;
  /** e.g. "versions[0].artifacts[0].sha512"; empty for the file as a whole. */
  field: string;
  message: string;
}

/** Every problem in the catalog at once, each naming its file and field. */
export class CatalogError extends Error {
  override name = 'CatalogError';
  constructor(readonly issues: CatalogIssue[]) {
    super(`Catalog: ${issues.length} problem(s):\n${issues.map((i) => `  ${i.file}${i.field ? `: ${i.field}` : ''}: ${i.message}`).join('\n')}`);
  }
}

export interface LoadedCatalog {
  meta: CatalogMeta;
  /** Sorted by id; each entry's versions newest first. */
  entries: CatalogEntry[];
}

function fieldPath(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

function zodIssues(file: string, error: z.ZodError): CatalogIssue[] {
  return error.issues.map((issue) => ({ file, field: fieldPath(issue.path), message: issue.message }));
}

/** YAML syntax errors carry their line; duplicate keys are errors too. */
function parseYaml(file: string, text: string, issues: CatalogIssue[]): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    issues.push(...doc.errors.map((e) => ({ file, field: '', message: `invalid YAML: ${e.message.split('\n')[0]}` })));
    return undefined;
  }
  return doc.toJS();
}

export function withVersions(entry: CatalogEntryInput): CatalogEntry {
  const versions = entry.versions
    .map((v) => ({ ...v, semver: toSemver(v.version)!, prerelease: isPrerelease(v.version) }))
    .sort((a, b) => compareVersions(b.version, a.version));
  return { ...entry, versions };
}

/**
 * Reads and validates catalog.yaml and every other *.yaml in the folder (one connector each,
 * named after its id). Throws a CatalogError listing every problem found.
 */
export async function loadCatalog(dir: string = CATALOG_DIR): Promise<LoadedCatalog> {
  const folder = basename(dir);
  const names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  const issues: CatalogIssue[] = [];
  let meta: CatalogMeta | undefined;
  const entries: CatalogEntry[] = [];
  if (!names.includes(META_FILE)) issues.push({ file: `${folder}/${META_FILE}`, field: '', message: 'is missing' });

  for (const name of names) {
    const file = `${folder}/${name}`;
    const raw = parseYaml(file, await readFile(join(dir, name), 'utf8'), issues);
    if (raw === undefined) continue;
    if (name === META_FILE) {
      const parsed = CatalogMetaSchema.safeParse(raw);
      if (parsed.success) meta = parsed.data;
      else issues.push(...zodIssues(file, parsed.error));
      continue;
    }
    const parsed = CatalogEntrySchema.safeParse(raw);
    if (!parsed.success) {
      issues.push(...zodIssues(file, parsed.error));
      continue;
    }
    const stem = name.replace(/\.ya?ml$/, '');
    if (parsed.data.id !== stem) issues.push({ file, field: 'id', message: `"${parsed.data.id}" must match the file name "${stem}"` });
    if (entries.some((e) => e.id === parsed.data.id)) issues.push({ file, field: 'id', message: `"${parsed.data.id}" is used by another file` });
    entries.push(withVersions(parsed.data));
  }
  if (issues.length > 0 || !meta) throw new CatalogError(issues);
  return { meta, entries: entries.sort((a, b) => a.id.localeCompare(b.id)) };
}
