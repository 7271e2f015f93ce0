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
 *   autoRestart:                  # optional: its own auto-restart policy (absent: left alone; `null`: none of its own)
 *     enabled: true
 *     maxRestarts: 5              # optional, default 7
 *     backoffUnitSeconds: 60      # optional, default 60
 *     backoffScheduleSeconds: [60, 300, 900]   # optional: instead of the formula
 *   config:
 *     connector.class: org.apache.kafka.connect.file.FileStreamSourceConnector
 *     file: /data/orders.txt
 *     topic: orders
 *     database.password: ${env:ORDERS_DB_PASSWORD}   # resolved by the CLI, never written in the file
 *   ---
 *   apiVersion: connectory/v1
 *   kind: Topic                   # a topic on a Kafka cluster
 *   kafka: local                  # the Kafka cluster's id in Connectory
 *   name: orders
 *   partitions: 3                 # optional: the broker's default on create, left alone on update
 *   replicationFactor: 1          # optional, likewise
 *   config: { cleanup.policy: compact }   # the topic-level overrides; anything not listed is the cluster default
 *   ---
 *   apiVersion: connectory/v1
 *   kind: Plugin                  # a plugin every worker of a Connect cluster must have
 *   connect: local
 *   catalog: debezium-mariadb     # a catalog entry and version…
 *   version: 3.5.0.Final
 *   # sha256: 9f…                 # …or an uploaded artifact (POST /api/v1/artifacts), optionally with `name`
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, LineCounter, parseAllDocuments, stringify, type Document, type Node } from 'yaml';
import { z } from 'zod';

export const API_VERSION = 'connectory/v1';
export const DESIRED_STATES = ['RUNNING', 'PAUSED', 'STOPPED'] as const;
export type DesiredState = (typeof DESIRED_STATES)[number];

const whole = (what: string, min: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]{1,9}$/, `${what} must be a whole number`)
    .transform(Number)
    .pipe(z.number().min(min, `${what} must be at least ${min}`).max(max, `${what} must be at most ${max}`));

/** The body of PUT …/auto-restart, read from YAML's strings; defaults are the server's. */
const AutoRestartSchema = z
  .object({
    enabled: z.enum(['true', 'false'], { error: 'must be true or false' }).transform((value) => value === 'true'),
    maxRestarts: whole('maxRestarts', 1, 100).optional(),
    backoffUnitSeconds: whole('backoffUnitSeconds', 1, 3600).optional(),
    backoffScheduleSeconds: z.array(whole('a wait', 1, 86_400), { error: 'must be a list of waits in seconds' }).min(1).max(100).optional(),
  })
  .strict();

// `null` (and YAML's other spellings of it, which the failsafe schema reads as text): no policy of its own.
const NullableAutoRestartSchema = z.preprocess((value) => (value === 'null' || value === '~' || value === '' ? null : value), AutoRestartSchema.nullable());

export type FileAutoRestart = z.output<typeof AutoRestartSchema>;

const ConnectorDocumentSchema = z
  .object({
    apiVersion: z.literal(API_VERSION, { error: `must be "${API_VERSION}"` }),
    kind: z.literal('Connector', { error: 'must be "Connector", "Topic" or "Plugin"' }),
    connect: z.string().min(1, 'names the Connect cluster (its id in Connectory)'),
    name: z.string().min(1, 'a connector needs a name').max(249),
    state: z.enum(DESIRED_STATES, { error: 'must be RUNNING, PAUSED or STOPPED' }).default('RUNNING'),
    autoRestart: NullableAutoRestartSchema.optional(),
    config: z.record(z.string(), z.string({ error: 'a config value must be a single value, not a list or a map' })),
  })
  .strict();

const count = (what: string) => z.string().regex(/^[1-9][0-9]{0,5}$/, `${what} must be a whole number from 1`).transform(Number);

const TopicDocumentSchema = z
  .object({
    apiVersion: z.literal(API_VERSION, { error: `must be "${API_VERSION}"` }),
    kind: z.literal('Topic'),
    kafka: z.string().min(1, 'names the Kafka cluster (its id in Connectory)'),
    name: z.string().min(1, 'a topic needs a name').max(249),
    partitions: count('partitions').optional(),
    replicationFactor: count('replicationFactor').optional(),
    config: z.record(z.string(), z.string({ error: 'a topic config value must be a single value, not a list or a map' })).default({}),
  })
  .strict();

const PluginDocumentSchema = z
  .object({
    apiVersion: z.literal(API_VERSION, { error: `must be "${API_VERSION}"` }),
    kind: z.literal('Plugin'),
    connect: z.string().min(1, 'names the Connect cluster (its id in Connectory)'),
    catalog: z.string().min(1).optional(),
    version: z.string().min(1).optional(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be an uploaded artifact\'s sha256 (64 lower-case hex characters)').optional(),
    name: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((doc, context) => {
    if (doc.sha256 !== undefined) {
      if (doc.catalog !== undefined || doc.version !== undefined) context.addIssue({ code: 'custom', path: ['sha256'], message: 'a plugin is either `catalog` + `version` or `sha256`, not both' });
    } else {
      if (doc.catalog === undefined) context.addIssue({ code: 'custom', path: ['catalog'], message: 'a plugin needs `catalog` + `version` (a catalog entry) or `sha256` (an uploaded artifact)' });
      else if (doc.version === undefined) context.addIssue({ code: 'custom', path: ['version'], message: `plugin "${doc.catalog}" needs the catalog version to install` });
      if (doc.name !== undefined) context.addIssue({ code: 'custom', path: ['name'], message: 'a catalog plugin is named after its catalog entry; `name` is for uploaded artifacts' });
    }
  });

const KNOWN_FIELDS: Record<string, string> = {
  Connector: 'apiVersion, kind, connect, name, state, autoRestart, config',
  Topic: 'apiVersion, kind, kafka, name, partitions, replicationFactor, config',
  Plugin: 'apiVersion, kind, connect, catalog, version, sha256, name',
};

export interface TopicDocument {
  kafka: string;
  name: string;
  partitions?: number;
  replicationFactor?: number;
  config: Record<string, string>;
  source: SourceLocation;
}

export type PluginDocument = { connect: string; source: SourceLocation } & ({ catalog: string; version: string } | { sha256: string; name?: string });

/** Everything a folder of files describes. */
export interface DesiredFiles {
  connectors: ConnectorDocument[];
  topics: TopicDocument[];
  plugins: PluginDocument[];
}

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export interface ConnectorDocument {
  connect: string;
  name: string;
  state: DesiredState;
  /** Absent: not managed; null: no policy of its own. */
  autoRestart?: FileAutoRestart | null;
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
export async function readDesiredFiles(target: string): Promise<DesiredFiles> {
  const files = await yamlFilesIn(target);
  const all: DesiredFiles = { connectors: [], topics: [], plugins: [] };
  const errors: FormatError[] = [];
  for (const file of files) {
    const parsed = parseConnectorFile(file, await readFile(file, 'utf8'));
    all.connectors.push(...parsed.documents);
    all.topics.push(...parsed.topics);
    all.plugins.push(...parsed.plugins);
    errors.push(...parsed.errors);
  }
  errors.push(
    ...duplicates(all.connectors, (doc) => [doc.connect, doc.name], (doc) => `connector "${doc.name}" on Connect cluster "${doc.connect}"`),
    ...duplicates(all.topics, (doc) => [doc.kafka, doc.name], (doc) => `topic "${doc.name}" on Kafka cluster "${doc.kafka}"`),
    ...duplicates(all.plugins, (doc) => [doc.connect, pluginKey(doc)], (doc) => `plugin "${pluginKey(doc)}" on Connect cluster "${doc.connect}"`),
  );
  if (errors.length > 0) throw new FormatErrors(errors);
  return all;
}

/** Connectors only (the first version of the format). */
export async function readDesiredState(target: string): Promise<ConnectorDocument[]> {
  return (await readDesiredFiles(target)).connectors;
}

/** What names a plugin in the files: its catalog id, or its artifact. */
export function pluginKey(doc: PluginDocument): string {
  return 'catalog' in doc ? doc.catalog : (doc.name ?? doc.sha256);
}

/** Several mistakes at once: the message lists each on its own line. */
export class FormatErrors extends FormatError {
  constructor(readonly errors: FormatError[]) {
    super(errors.map((error) => error.message).join('\n'));
    this.name = 'FormatErrors';
  }
}

export function parseConnectorFile(file: string, text: string): { documents: ConnectorDocument[]; topics: TopicDocument[]; plugins: PluginDocument[]; errors: FormatError[] } {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: true, lineCounter, prettyErrors: false });
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  if (!Array.isArray(parsed)) return { documents: [], topics: [], plugins: [], errors: [] };
  const documents: ConnectorDocument[] = [];
  const topics: TopicDocument[] = [];
  const plugins: PluginDocument[] = [];
  const errors: FormatError[] = [];
  for (const doc of parsed) {
    if (doc.errors.length > 0) {
      errors.push(...doc.errors.map((error) => new FormatError(firstLine(error.message), at(error.pos[0]))));
      continue;
    }
    // An empty document (a trailing `---`, or only comments) describes nothing.
    if (doc.contents === null || (isScalar(doc.contents) && (doc.contents.value === '' || doc.contents.value === null))) continue;
    const start = at(doc.contents.range?.[0] ?? 0);
    const raw = doc.toJS() as unknown;
    const kind = raw && typeof raw === 'object' ? (raw as { kind?: unknown }).kind : undefined;
    if (kind === 'Topic') {
      const result = TopicDocumentSchema.safeParse(raw);
      if (!result.success) errors.push(...result.error.issues.map((issue) => issueError(issue, doc, at, start, 'Topic')));
      else topics.push({ ...result.data, source: start });
      continue;
    }
    if (kind === 'Plugin') {
      const result = PluginDocumentSchema.safeParse(raw);
      if (!result.success) errors.push(...result.error.issues.map((issue) => issueError(issue, doc, at, start, 'Plugin')));
      else {
        const { connect, catalog, version, sha256, name } = result.data;
        plugins.push(sha256 !== undefined ? { connect, sha256, ...(name ? { name } : {}), source: start } : { connect, catalog: catalog!, version: version!, source: start });
      }
      continue;
    }
    if (kind !== undefined && kind !== 'Connector') {
      // An unknown kind: its other fields mean nothing to any schema, so that is the one error.
      errors.push(new FormatError('kind: must be "Connector", "Topic" or "Plugin"', locate(doc, [], 'kind', at) ?? start));
      continue;
    }
    const result = ConnectorDocumentSchema.safeParse(raw);
    if (!result.success) {
      errors.push(...result.error.issues.map((issue) => issueError(issue, doc, at, start, 'Connector')));
      continue;
    }
    const { connect, name, state, config, autoRestart } = result.data;
    documents.push({ connect, name, state, ...(autoRestart !== undefined ? { autoRestart } : {}), config, source: start });
  }
  errors.sort((a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0));
  return { documents, topics, plugins, errors };
}

function issueError(issue: z.core.$ZodIssue, doc: Document, at: (offset: number) => SourceLocation, fallback: SourceLocation, kind: string): FormatError {
  const where = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const known = where[0] === 'autoRestart' ? 'autoRestart has enabled, maxRestarts, backoffUnitSeconds, backoffScheduleSeconds' : `a ${kind.toLowerCase()} document has ${KNOWN_FIELDS[kind]}`;
    return new FormatError(`unknown field "${[...where, key].join('.')}" (${known})`, locate(doc, where, key, at) ?? fallback);
  }
  if (where.join('.') === 'kind') return new FormatError('kind: must be "Connector", "Topic" or "Plugin"', locate(doc, [], 'kind', at) ?? fallback);
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

function duplicates<T extends { source: SourceLocation }>(documents: T[], keyOf: (doc: T) => string[], describe: (doc: T) => string): FormatError[] {
  const seen = new Map<string, SourceLocation>();
  const errors: FormatError[] = [];
  for (const doc of documents) {
    const key = keyOf(doc).join('\u0000');
    const first = seen.get(key);
    if (first) errors.push(new FormatError(`${describe(doc)} is also described at ${first.file}:${first.line}`, doc.source));
    else seen.set(key, doc.source);
  }
  return errors;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/** One connector as a YAML document, in the order a reader expects; config keys sorted so exports diff cleanly. */
export function connectorToYaml(connector: { connect: string; name: string; state: DesiredState; autoRestart?: FileAutoRestart; config: Record<string, string> }): string {
  const config = Object.fromEntries(Object.keys(connector.config).sort().map((key) => [key, connector.config[key]]));
  const { connect, name, state, autoRestart } = connector;
  return stringify({ apiVersion: API_VERSION, kind: 'Connector', connect, name, state, ...(autoRestart ? { autoRestart } : {}), config }, { lineWidth: 0 });
}

/** One topic as a YAML document; configs sorted. */
export function topicToYaml(topic: { kafka: string; name: string; partitions: number; replicationFactor: number; config: Record<string, string> }): string {
  const config = Object.fromEntries(Object.keys(topic.config).sort().map((key) => [key, topic.config[key]]));
  const doc = { apiVersion: API_VERSION, kind: 'Topic', kafka: topic.kafka, name: topic.name, partitions: topic.partitions, replicationFactor: topic.replicationFactor, config };
  return stringify(doc, { lineWidth: 0 });
}

/** One plugin as a YAML document. */
export function pluginToYaml(plugin: { connect: string } & ({ catalog: string; version: string } | { sha256: string; name?: string })): string {
  const { connect, ...rest } = plugin;
  return stringify({ apiVersion: API_VERSION, kind: 'Plugin', connect, ...rest }, { lineWidth: 0 });
}
