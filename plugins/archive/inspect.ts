import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { combineFindings, emptyClassSets, mergeInto, type ClassSource, type PluginClasses } from './classes';
import { detectArchiveKind, type ArchiveKind } from './detect';
import { readAll, type ArchiveEntry, type WalkSummary } from './entries';
import { ArchiveError, describe } from './errors';
import { scanJar, type JarFindings } from './jar-scan';
import { withDefaults, type ArchiveLimits } from './limits';
import { parseConfluentManifest, type ConfluentManifest } from './manifest';
import { walkTarGz } from './tar-reader';
import { walkZip } from './zip-reader';

export interface JarInfo {
  /** Path inside the archive (the archive's own file name for a single jar). */
  path: string;
  size: number;
}

/** What an archive holds, as stored with an artifact and shown before anything is installed. */
export interface ArchiveInspection {
  kind: ArchiveKind;
  entries: number;
  uncompressedBytes: number;
  /** The one top-level folder every entry sits in (stripped on extraction), or null. */
  root: string | null;
  jars: JarInfo[];
  classes: PluginClasses;
  /** How the connector classes were found: declared in META-INF/services, or guessed from names. */
  classSource: ClassSource;
  /** A Confluent Hub manifest.json at the top (or in the root folder). */
  manifest: ConfluentManifest | null;
  /** Things worth knowing that did not stop the inspection (a jar too large to read, a bad manifest). */
  warnings: string[];
}

export interface InspectOptions {
  /** The name it was uploaded or downloaded as: decides jar vs zip, and names things in messages. */
  filename?: string;
  /** Skip detection when the caller already knows. */
  kind?: ArchiveKind;
  limits?: Partial<ArchiveLimits>;
}

/** Per-walk state while the entries go by. */
class Findings {
  readonly declared = emptyClassSets();
  readonly guessed = emptyClassSets();
  readonly jars: JarInfo[] = [];
  readonly warnings: string[] = [];
  readonly topLevel = new Set<string>();
  private readonly files = new Set<string>();
  private readonly dirs = new Set<string>();
  fileAtTop = false;
  looksLikeJar = false;
  manifest: ConfluentManifest | null = null;

  addJar(path: string, size: number, found?: JarFindings): void {
    this.jars.push({ path, size });
    if (!found) return;
    mergeInto(this.declared, found.declared);
    mergeInto(this.guessed, found.guessed);
  }

  /**
   * Two entries for one path, or a file where another entry needs a folder, would make extraction
   * depend on entry order (which copy wins?): refused up front.
   */
  claim(label: string, entry: ArchiveEntry): void {
    const segments = entry.path.split('/');
    const ancestors = segments.slice(0, -1).map((_, i) => segments.slice(0, i + 1).join('/'));
    const clash = (entry.type === 'file' && (this.files.has(entry.path) || this.dirs.has(entry.path))) ||
      (entry.type === 'directory' && this.files.has(entry.path)) ||
      ancestors.some((a) => this.files.has(a));
    if (clash) {
      throw new ArchiveError('duplicate_entry', `${describe(label, entry.rawPath)}: clashes with another entry of the same path`, entry.rawPath);
    }
    ancestors.forEach((a) => this.dirs.add(a));
    (entry.type === 'file' ? this.files : this.dirs).add(entry.path);
  }

  root(): string | null {
    const [only] = this.topLevel;
    return this.topLevel.size === 1 && !this.fileAtTop && only !== undefined ? only : null;
  }
}

const isManifestPath = (path: string) => path === 'manifest.json' || /^[^/]+\/manifest\.json$/.test(path);

async function visitEntry(label: string, limits: ArchiveLimits, entry: ArchiveEntry, found: Findings): Promise<void> {
  found.claim(label, entry);
  const segments = entry.path.split('/');
  found.topLevel.add(segments[0]!);
  if (segments.length === 1 && entry.type === 'file') found.fileAtTop = true;
  if (entry.type !== 'file') return;
  if (entry.path.endsWith('.class') || entry.path === 'META-INF/MANIFEST.MF') found.looksLikeJar = true;
  if (/\.jar$/i.test(entry.path)) return visitJar(label, limits, entry, found);
  if (isManifestPath(entry.path)) return visitManifest(label, limits, entry, found);
}

async function visitJar(label: string, limits: ArchiveLimits, entry: ArchiveEntry, found: Findings): Promise<void> {
  if (entry.size > limits.maxNestedJarBytes) {
    found.warnings.push(`${entry.path}: ${entry.size} bytes is over the ${limits.maxNestedJarBytes}-byte limit for reading a jar; its classes were not inspected`);
    return found.addJar(entry.path, entry.size);
  }
  const tooLarge = () => new ArchiveError('too_large', `${describe(label, entry.rawPath)}: larger than declared`, entry.rawPath);
  const bytes = await readAll(await entry.open(), limits.maxNestedJarBytes, tooLarge);
  try {
    found.addJar(entry.path, bytes.length, await scanJar(bytes, `${label}!${entry.path}`, limits));
  } catch (error) {
    // a jar Kafka would choke on is worth reporting, but it does not make the archive hostile
    found.warnings.push(`${entry.path}: not a readable jar (${(error as Error).message})`);
    found.addJar(entry.path, bytes.length);
  }
}

async function visitManifest(label: string, limits: ArchiveLimits, entry: ArchiveEntry, found: Findings): Promise<void> {
  const tooLarge = () => new ArchiveError('too_large', `${describe(label, entry.rawPath)}: larger than ${limits.maxTextFileBytes} bytes`, entry.rawPath);
  const parsed = parseConfluentManifest((await readAll(await entry.open(), limits.maxTextFileBytes, tooLarge)).toString('utf8'));
  if ('problem' in parsed) found.warnings.push(`${entry.path}: ${parsed.problem}`);
  else if (!found.manifest || entry.path === 'manifest.json') found.manifest = parsed.manifest;
}

async function inspectSingleJar(file: string, label: string, limits: ArchiveLimits): Promise<ArchiveInspection> {
  const size = (await stat(file)).size;
  const scanned = await scanJar(file, label, limits);
  const { classes, classSource } = combineFindings(scanned.declared, scanned.guessed);
  return {
    kind: 'jar',
    entries: scanned.entries,
    uncompressedBytes: size,
    root: null,
    jars: [{ path: basename(label), size }],
    classes,
    classSource,
    manifest: null,
    warnings: [],
  };
}

export function walkArchive(file: string, kind: 'zip' | 'tar.gz', label: string, limits: ArchiveLimits, visit: (entry: ArchiveEntry) => Promise<void>): Promise<WalkSummary> {
  return kind === 'zip' ? walkZip(file, label, limits, visit) : walkTarGz(file, label, limits, visit);
}

/**
 * Lists an archive's jars and the plugin classes they provide, refusing (ArchiveError) anything
 * unsafe to extract: the same checks extraction makes, so what inspects clean extracts clean.
 */
export async function inspectArchive(file: string, options: InspectOptions = {}): Promise<ArchiveInspection> {
  const label = options.filename ?? basename(file);
  const limits = withDefaults(options.limits);
  const kind = options.kind ?? (await detectArchiveKind(file, options.filename));
  if (kind === 'jar') return inspectSingleJar(file, label, limits);

  const found = new Findings();
  const summary = await walkArchive(file, kind, label, limits, (entry) => visitEntry(label, limits, entry, found));
  if (found.jars.length === 0) {
    if (kind === 'zip' && found.looksLikeJar) return inspectSingleJar(file, label, limits);
    throw new ArchiveError('no_jar', `${describe(label)}: no .jar file anywhere in the archive, so there is no plugin to install`);
  }
  const { classes, classSource } = combineFindings(found.declared, found.guessed);
  return {
    kind,
    entries: summary.entries,
    uncompressedBytes: summary.uncompressedBytes,
    root: found.root(),
    jars: found.jars.sort((a, b) => a.path.localeCompare(b.path)),
    classes,
    classSource,
    manifest: found.manifest,
    warnings: found.warnings,
  };
}
