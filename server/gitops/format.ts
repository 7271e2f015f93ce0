/**
 * The GitOps file format: YAML documents describing the desired state of Connect clusters. One or many
 * documents per file, a folder read recursively. Every scalar is read as a string (YAML's failsafe schema), so
 * `tasks.max: 1` and `flag: yes` reach Connect exactly as written. Unknown fields are errors that name the file,
 * line and column, so a typo never silently drops a setting.
 *
 *   apiVersion: connectory/v1
 *   kind: Connector
 *   connect: local                # the Connect cluster's id in Connectory
 *   name: orders-source
 *   state: RUNNING                # RUNNING (default), PAUSED or STOPPED
 *   config:
 *     connector.class: org.apache.kafka.connect.file.FileStreamSourceConnector
 *     file: /data/orders.txt
 *     topic: orders
 *     database.password: ${env:ORDERS_DB_PASSWORD}   # resolved by the CLI, never written in the file
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, LineCounter, parseAllDocuments, stringify, type Document, type Node } from 'yaml';
import { z } from 'zod';

export const API_VERSION = 'connectory/v1';
export const DESIRED_STATES = ['RUNNING', 'PAUSED', 'STOPPED'] as const;
export type DesiredState = (typeof DESIRED_STATES)[number];

const ConnectorDocumentSchema = z
  .object({
    apiVersion: z.literal(API_VERSION, { error: `must be "${API_VERSION}"` }),
    kind: z.literal('Connector', { error: 'must be "Connector" (the only kind this version knows)' }),
    connect: z.string().min(1, 'names the Connect cluster (its id in Connectory)'),
    name: z.string().min(1, 'a connector needs a name').max(249),
    state: z.enum(DESIRED_STATES, { error: 'must be RUNNING, PAUSED or STOPPED' }).default('RUNNING'),
    config: z.record(z.string(), z.string({ error: 'a config value must be a single value, not a list or a map' })),
  })
  .strict();

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export interface ConnectorDocument {
  connect: string;
  name: string;
  state: DesiredState;
  /** Values as written: references such as `${env:NAME}` are not resolved here. */
  config: Record<string, string>;
  source: SourceLocation;
}

/** A mistake in the files, with where it is. */
export class FormatError extends Error {
  constructor(
    message: string,
    readonly location?: SourceLocation,
  ) {
    super(location ? `${location.file}:${location.line}:${location.column}: ${message}` : message);
    this.name = 'FormatError';
  }
}

/** Every `.yaml`/`.yml` file under `target` (or `target` itself), sorted so the order never depends on the file system. */
export async function yamlFilesIn(target: string): Promise<string[]> {
  const info = await stat(target).catch(() => {
    throw new FormatError(`${target}: no such file or folder`);
  });
  if (info.isFile()) return [target];
  const entries = await readdir(target, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.ya?ml$/i.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** Reads every YAML file under `target`; all mistakes of all files are collected, then thrown together. */
export async function readDesiredState(target: string): Promise<ConnectorDocument[]> {
  const files = await yamlFilesIn(target);
  const documents: ConnectorDocument[] = [];
  const errors: FormatError[] = [];
  for (const file of files) {
    const parsed = parseConnectorFile(file, await readFile(file, 'utf8'));
    documents.push(...parsed.documents);
    errors.push(...parsed.errors);
  }
  errors.push(...duplicates(documents));
  if (errors.length > 0) throw new FormatErrors(errors);
  return documents;
}

/** Several mistakes at once: the message lists each on its own line. */
export class FormatErrors extends FormatError {
  constructor(readonly errors: FormatError[]) {
    super(errors.map((error) => error.message).join('\n'));
    this.name = 'FormatErrors';
  }
}

export function parseConnectorFile(file: string, text: string): { documents: ConnectorDocument[]; errors: FormatError[] } {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: true, lineCounter, prettyErrors: false });
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  if (!Array.isArray(parsed)) return { documents: [], errors: [] };
  const documents: ConnectorDocument[] = [];
  const errors: FormatError[] = [];
  for (const doc of parsed) {
    if (doc.errors.length > 0) {
      errors.push(...doc.errors.map((error) => new FormatError(firstLine(error.message), at(error.pos[0]))));
      continue;
    }
    // An empty document (a trailing `---`, or only comments) describes nothing.
    if (doc.contents === null || (isScalar(doc.contents) && (doc.contents.value === '' || doc.contents.value === null))) continue;
    const start = at(doc.contents.range?.[0] ?? 0);
    const result = ConnectorDocumentSchema.safeParse(doc.toJS());
    if (!result.success) {
      errors.push(...result.error.issues.map((issue) => issueError(issue, doc, at, start)));
      continue;
    }
    const { connect, name, state, config } = result.data;
    documents.push({ connect, name, state, config, source: start });
  }
  errors.sort((a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0));
  return { documents, errors };
}

function issueError(issue: z.core.$ZodIssue, doc: Document, at: (offset: number) => SourceLocation, fallback: SourceLocation): FormatError {
  const where = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const known = 'apiVersion, kind, connect, name, state, config';
    return new FormatError(`unknown field "${[...where, key].join('.')}" (a connector document has ${known})`, locate(doc, where, key, at) ?? fallback);
  }
  const field = where.join('.') || 'document';
  return new FormatError(`${field}: ${issue.message}`, locate(doc, where.slice(0, -1), where.at(-1), at) ?? fallback);
}

/** Where the key `key` of the map at `parent` is written (or the map itself). */
function locate(doc: Document, parent: string[], key: string | undefined, at: (offset: number) => SourceLocation): SourceLocation | undefined {
  const node = (parent.length === 0 ? doc.contents : doc.getIn(parent, true)) as Node | null | undefined;
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
    const keyNode = pair?.key as Node | undefined;
    if (keyNode?.range) return at(keyNode.range[0]);
  }
  return node?.range ? at(node.range[0]) : undefined;
}

function duplicates(documents: ConnectorDocument[]): FormatError[] {
  const seen = new Map<string, SourceLocation>();
  const errors: FormatError[] = [];
  for (const doc of documents) {
    const key = `${doc.connect}\u0000${doc.name}`;
    const first = seen.get(key);
    if (first) errors.push(new FormatError(`connector "${doc.name}" on Connect cluster "${doc.connect}" is also described at ${first.file}:${first.line}`, doc.source));
    else seen.set(key, doc.source);
  }
  return errors;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/** One connector as a YAML document, in the order a reader expects; config keys sorted so exports diff cleanly. */
export function connectorToYaml(connector: { connect: string; name: string; state: DesiredState; config: Record<string, string> }): string {
  const config = Object.fromEntries(Object.keys(connector.config).sort().map((key) => [key, connector.config[key]]));
  return stringify({ apiVersion: API_VERSION, kind: 'Connector', connect: connector.connect, name: connector.name, state: connector.state, config }, { lineWidth: 0 });
}
