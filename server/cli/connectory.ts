/**
 * `connectory`: Connect clusters as code. `plan`, `apply`, `diff` and `export` against a Connectory server
 * (`CONNECTORY_URL`, `CONNECTORY_TOKEN`). Exit codes fit CI: 0 no changes (or applied), 2 changes planned,
 * 1 an error. Secrets in the files are `${env:NAME}` / `${file:path}` references resolved here, sent to the
 * server over the API and compared there; no output of this tool ever shows a secret's value.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { connectorToYaml, FormatError, pluginToYaml, readDesiredFiles, topicToYaml, type ConnectorDocument, type FileAutoRestart, type PluginDocument, type TopicDocument } from '../gitops/format';
import type { Plan } from '../gitops/plan';
import { literalSecrets, resolveReferences, secretVariableName } from '../gitops/references';
import { SECRET_MASK } from '../secrets/masking';
import { apiClient, CliApiError, type ApiClient } from './api';
import { followInstall, type InstallOperation } from './installs';
import { hasChanges, invalidCount, painter, renderDiff, renderPlan, type Paint } from './render';

export const EXIT = { ok: 0, error: 1, changes: 2 } as const;

export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
  fetch?: typeof fetch;
  /** Asks "apply?" on a terminal; tests and pipelines pass --auto-approve instead. */
  confirm?: (question: string) => Promise<boolean>;
  cwd?: string;
  /** Waits between polls of an install (tests may shorten it). */
  sleep?: (ms: number) => Promise<void>;
}

const USAGE = `Usage: connectory <command> [options]

Commands:
  plan   -f PATH [--prune] [--prefix P] [--connect ID] [--kafka ID]   show what apply would change (exit 2 when something would)
  apply  -f PATH [--prune] [--prefix P] [--connect ID] [--kafka ID] [--auto-approve] [--fingerprint SHA]
         installs missing plugins first (one worker at a time, with progress), then topics, then connectors
  diff   -f PATH [--prune] [--prefix P] [--connect ID] [--kafka ID]   live state (-) against the files (+), field by field
  export --connect ID [--kafka ID] [-d DIR] [--prefix P]  write the live connectors, plugins (and topics) as files

Options:
  -f, --file PATH       a YAML file or a folder (read recursively)
  --prune               also delete live connectors (and topics) the files do not name (within --prefix);
                        never Kafka's internal topics, "_"-named topics or Connect's own
  --prefix P            manage only connectors and topics whose name starts with P
  --connect ID          the Connect cluster (export; plan/apply/diff: include it even when no file names it)
  --kafka ID            the Kafka cluster of the topics (export; plan/apply/diff: include it even when no file names it)
  --fingerprint SHA     apply only if the live state is still the one that plan saw (from plan --output json)
  --output json         machine-readable output
  --no-color            plain output (also NO_COLOR)

Environment: CONNECTORY_URL, CONNECTORY_TOKEN (an API token with the operator role).
Exit codes: 0 no changes (or applied), 2 changes planned, 1 error.
`;

const OPTIONS = {
  file: { type: 'string', short: 'f' },
  dir: { type: 'string', short: 'd' },
  prune: { type: 'boolean', default: false },
  prefix: { type: 'string' },
  connect: { type: 'string' },
  kafka: { type: 'string' },
  'auto-approve': { type: 'boolean', default: false },
  fingerprint: { type: 'string' },
  output: { type: 'string' },
  'no-color': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Options = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

class UsageError extends Error {}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let json = argv.includes('--output=json') || argv.join(' ').includes('--output json');
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    if (values.output !== undefined && values.output !== 'json') throw new UsageError(`--output takes "json" (or leave it out for human output), not "${values.output}"`);
    json = values.output === 'json';
    const command = positionals[0];
    if (values.help || !command) {
      io.stdout.write(USAGE);
      return command || values.help ? EXIT.ok : EXIT.error;
    }
    if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
    const paint = painter(!values['no-color'] && !io.env.NO_COLOR && (Boolean(io.env.FORCE_COLOR) || Boolean(io.stdout.isTTY)));
    const context = { io, values, json, paint };
    switch (command) {
      case 'plan':
      case 'diff':
        return await planCommand(context, command);
      case 'apply':
        return await applyCommand(context);
      case 'export':
        return await exportCommand(context);
      default:
        throw new UsageError(`unknown command "${command}" (plan, apply, diff or export)`);
    }
  } catch (error) {
    return reportError(io, json, error);
  }
}

interface Context {
  io: CliIo;
  values: Options;
  json: boolean;
  paint: Paint;
}

interface DesiredBody {
  connect?: string;
  kafka?: string;
  connectors: { name: string; state: string; config: Record<string, string>; autoRestart?: FileAutoRestart | null }[];
  topics: { name: string; partitions?: number; replicationFactor?: number; config: Record<string, string> }[];
  plugins: ({ catalog: { id: string; version: string } } | { artifact: string; name?: string })[];
  prune: boolean;
  prefix?: string;
}

/**
 * The files, resolved, as the bodies plan and apply take: one per Connect cluster (its plugins and connectors)
 * and one per Kafka cluster (its topics), so apply can run installs, then topics, then connectors.
 */
async function desiredBodies(context: Context): Promise<DesiredBody[]> {
  const { values, io } = context;
  if (!values.file) throw new UsageError('-f PATH is required: the YAML file or folder with the desired state');
  const files = await readDesiredFiles(path.resolve(io.cwd ?? process.cwd(), values.file));
  for (const literal of literalSecrets(files.connectors)) {
    io.stderr.write(`warning: ${literal.source.file}:${literal.source.line}: connector "${literal.name}" holds "${literal.key}" as a literal value; keep secrets out of git with \${env:NAME} or \${file:path}\n`);
  }
  const resolved = resolveReferences(files.connectors, io.env);
  const common = { prune: values.prune ?? false, ...(values.prefix ? { prefix: values.prefix } : {}) };
  const connects = new Map<string, { connectors: ConnectorDocument[]; plugins: PluginDocument[] }>();
  const connectOf = (id: string) => connects.get(id) ?? connects.set(id, { connectors: [], plugins: [] }).get(id)!;
  if (values.connect) connectOf(values.connect);
  for (const doc of resolved) connectOf(doc.connect).connectors.push(doc);
  for (const doc of files.plugins) connectOf(doc.connect).plugins.push(doc);
  const kafkas = new Map<string, TopicDocument[]>();
  if (values.kafka) kafkas.set(values.kafka, []);
  for (const doc of files.topics) kafkas.set(doc.kafka, [...(kafkas.get(doc.kafka) ?? []), doc]);
  if (connects.size === 0 && kafkas.size === 0) throw new UsageError(`${values.file} describes nothing (and no --connect or --kafka was given)`);
  return [
    ...[...kafkas.entries()].map(([kafka, docs]) => ({
      kafka,
      connectors: [],
      topics: docs.map((doc) => ({ name: doc.name, ...(doc.partitions !== undefined ? { partitions: doc.partitions } : {}), ...(doc.replicationFactor !== undefined ? { replicationFactor: doc.replicationFactor } : {}), config: doc.config })),
      plugins: [],
      ...common,
    })),
    ...[...connects.entries()].map(([connect, docs]) => ({
      connect,
      connectors: docs.connectors.map((doc) => ({ name: doc.name, state: doc.state, config: doc.config, ...(doc.autoRestart !== undefined ? { autoRestart: doc.autoRestart } : {}) })),
      topics: [],
      plugins: docs.plugins.map((doc) => ('catalog' in doc ? { catalog: { id: doc.catalog, version: doc.version } } : { artifact: doc.sha256, ...(doc.name ? { name: doc.name } : {}) })),
      ...common,
    })),
  ];
}

async function planAll(context: Context): Promise<{ plans: Plan[]; bodies: Awaited<ReturnType<typeof desiredBodies>> }> {
  const bodies = await desiredBodies(context);
  const api = apiClient(context.io.env, context.io.fetch);
  const plans: Plan[] = [];
  for (const body of bodies) plans.push(await api.post<Plan>('/plan', body));
  return { plans, bodies };
}


async function planCommand(context: Context, command: 'plan' | 'diff'): Promise<number> {
  const { plans } = await planAll(context);
  const changes = plans.some(hasChanges);
  if (context.json) context.io.stdout.write(`${JSON.stringify({ changes, plans }, null, 2)}\n`);
  else {
    const render = command === 'diff' ? (plan: Plan) => renderDiff(plan, context.paint) : (plan: Plan) => renderPlan(plan, context.paint);
    context.io.stdout.write(`${plans.map(render).join('\n\n')}\n`);
  }
  if (invalidCount(plans) > 0) {
    context.io.stderr.write(`error: ${invalidCount(plans)} connector config(s) or topic(s) are invalid (see above)\n`);
    return EXIT.error;
  }
  return changes ? EXIT.changes : EXIT.ok;
}

async function applyCommand(context: Context): Promise<number> {
  const { io, values, json, paint } = context;
  const { plans, bodies } = await planAll(context);
  if (values.fingerprint && plans.length !== 1) throw new UsageError('--fingerprint needs the files to describe exactly one Connect cluster');
  if (!json) io.stdout.write(`${plans.map((plan) => renderPlan(plan, paint)).join('\n\n')}\n`);
  if (invalidCount(plans) > 0) throw new UsageError(`${invalidCount(plans)} connector config(s) or topic(s) are invalid; nothing was applied`);
  if (!plans.some(hasChanges)) {
    if (json) io.stdout.write(`${JSON.stringify({ applied: [], plans }, null, 2)}\n`);
    return EXIT.ok;
  }
  if (!values['auto-approve']) {
    const approved = io.confirm ? await io.confirm('Apply these changes? Only "yes" applies: ') : false;
    if (!io.confirm) throw new UsageError('apply needs --auto-approve when it cannot ask on a terminal; nothing was applied');
    if (!approved) {
      io.stderr.write('Apply cancelled; nothing was changed.\n');
      return EXIT.error;
    }
  }
  const api = apiClient(io.env, io.fetch);
  // 1. Plugins, one install operation at a time per Connect cluster, followed to its end with a line per worker step.
  const installs: { connect: string; plugin: string; operation: string; state: string }[] = [];
  for (const plan of plans) {
    for (const plugin of plan.plugins.filter((change) => change.action === 'install')) {
      const started = await api.post<InstallOperation>(`/connect/${encodeURIComponent(plan.connect!)}/installs`, plugin.install);
      if (!json) io.stdout.write(`Installing plugin ${plugin.name}${plugin.version ? ` ${plugin.version}` : ''} on Connect cluster "${plan.connect}" (operation ${started.id})\n`);
      const done = await followInstall(api, started, (line) => !json && io.stdout.write(`  ${line}\n`), io.sleep);
      installs.push({ connect: plan.connect!, plugin: plugin.name, operation: done.id, state: done.state });
      if (done.state !== 'succeeded') {
        throw new CliApiError(`Install of plugin ${plugin.name} on Connect cluster "${plan.connect}" ended ${done.state}${done.error ? `: ${done.error}` : ''}; topics and connectors were not applied (see GET /api/v1/installs/${done.id})`, 0, 'install_failed');
      }
    }
  }
  // 2. Topics (the Kafka bodies come first), then 3. connectors.
  const results = [];
  for (const [index, plan] of plans.entries()) {
    if (!hasChanges(plan)) continue;
    const fingerprint = values.fingerprint ?? plan.fingerprint;
    const body = { ...bodies[index]!, fingerprint, observed: plan.observed };
    // With a pinned fingerprint the server names what moved against the plan we just made, close enough to say who changed it.
    const result = await applyThroughRestarts(api, body, installs.some((install) => install.connect === plan.connect), io.sleep);
    results.push({ connect: plan.connect, kafka: plan.kafka, applied: result.applied });
    if (!json) io.stdout.write(`${paint('green', `Applied ${result.applied.length} change${result.applied.length === 1 ? '' : 's'} on ${planTarget(plan)}.`)}\n`);
  }
  if (json) io.stdout.write(`${JSON.stringify({ installs, results }, null, 2)}\n`);
  return EXIT.ok;
}

function planTarget(plan: Plan): string {
  return plan.connect ? `Connect cluster "${plan.connect}"` : `Kafka cluster "${plan.kafka}"`;
}

/**
 * Right after a plugin install restarted the workers, a connector can show UNASSIGNED for a while (counted as
 * RUNNING), so its paused or stopped state looks moved: the reviewed state comes back once the group settles.
 * Only then is a plan_stale retried, for up to a minute; otherwise it is the answer.
 */
async function applyThroughRestarts(api: ApiClient, body: unknown, afterInstall: boolean, sleep: (ms: number) => Promise<void> = defaultSleep) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await api.post<{ applied: { name: string; action: string; kind?: string }[] }>('/apply', body);
    } catch (error) {
      if (!afterInstall || !(error instanceof CliApiError) || error.code !== 'plan_stale' || Date.now() > deadline) throw error;
      await sleep(2_000);
    }
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function exportCommand(context: Context): Promise<number> {
  const { io, values, json } = context;
  if (!values.connect) throw new UsageError('export needs --connect ID (the Connect cluster to export)');
  const api = apiClient(io.env, io.fetch);
  const query = new URLSearchParams({ ...(values.prefix ? { prefix: values.prefix } : {}), ...(values.kafka ? { kafka: values.kafka } : {}) }).toString();
  const exported = await api.get<{
    connect: string;
    connectors: { name: string; state: 'RUNNING' | 'PAUSED' | 'STOPPED'; config: Record<string, string>; autoRestart?: FileAutoRestart }[];
    kafka: string | null;
    topics: { name: string; partitions: number; replicationFactor: number; config: Record<string, string> }[];
    plugins: ({ catalog: string; version: string } | { sha256: string; name: string })[];
  }>(`/connect/${encodeURIComponent(values.connect)}/export${query ? `?${query}` : ''}`);
  const variables: string[] = [];
  // Plugins first in the output: a reader sees what the connectors need before the connectors.
  const documents = [
    ...exported.plugins.map((plugin) => ({
      folder: path.join(fileSafe(exported.connect), 'plugins'),
      name: 'catalog' in plugin ? plugin.catalog : plugin.name,
      yaml: pluginToYaml({ connect: exported.connect, ...plugin }),
    })),
    ...exported.topics.map((topic) => ({ folder: path.join('topics', fileSafe(exported.kafka!)), name: topic.name, yaml: topicToYaml({ kafka: exported.kafka!, ...topic }) })),
    ...exported.connectors.map((connector) => {
      const config = Object.fromEntries(
        Object.entries(connector.config).map(([key, value]) => {
          if (value !== SECRET_MASK) return [key, value];
          const variable = secretVariableName(connector.name, key);
          variables.push(variable);
          return [key, `\${env:${variable}}`];
        }),
      );
      return { folder: fileSafe(exported.connect), name: connector.name, yaml: connectorToYaml({ connect: exported.connect, name: connector.name, state: connector.state, ...(connector.autoRestart ? { autoRestart: connector.autoRestart } : {}), config }) };
    }),
  ];
  const written: string[] = [];
  if (values.dir) {
    for (const doc of documents) {
      const folder = path.resolve(io.cwd ?? process.cwd(), values.dir, doc.folder);
      await mkdir(folder, { recursive: true });
      const file = path.join(folder, `${fileSafe(doc.name)}.yaml`);
      await writeFile(file, doc.yaml);
      written.push(file);
    }
  }
  const counts = `${exported.connectors.length} connector(s), ${exported.plugins.length} plugin(s)${exported.kafka ? ` and ${exported.topics.length} topic(s)` : ''}`;
  if (json) io.stdout.write(`${JSON.stringify({ connect: exported.connect, kafka: exported.kafka, files: written, variables }, null, 2)}\n`);
  else if (values.dir) io.stdout.write(`Wrote ${written.length} file${written.length === 1 ? '' : 's'} (${counts}) under ${values.dir}\n`);
  else io.stdout.write(documents.map((doc) => doc.yaml).join('---\n'));
  if (variables.length > 0) io.stderr.write(`Secrets were written as references; set these variables before plan/apply: ${variables.join(', ')}\n`);
  return EXIT.ok;
}

/** A connector name as a file name: anything but letters, digits, `.`, `_` and `-` becomes `_`. */
function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
}

function reportError(io: CliIo, json: boolean, error: unknown): number {
  const body =
    error instanceof CliApiError
      ? { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}), ...(error.fields ? { fields: error.fields } : {}), status: error.status }
      : error instanceof FormatError
        ? { code: 'invalid_files', message: error.message }
        : error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
          ? { code: 'usage', message: (error as Error).message }
          : { code: 'internal', message: error instanceof Error ? error.message : String(error) };
  if (json) io.stderr.write(`${JSON.stringify({ error: body })}\n`);
  else {
    io.stderr.write(`error: ${body.message}\n`);
    for (const field of (body as { fields?: { name: string; errors: string[] }[] }).fields ?? []) io.stderr.write(`  ${field.name}: ${field.errors.join('; ')}\n`);
    if (body.code === 'usage') io.stderr.write('Run "connectory --help" for the commands and options.\n');
  }
  return EXIT.error;
}

/** A terminal prompt; without a terminal there is nobody to ask. */
export function terminalConfirm(): CliIo['confirm'] {
  if (!process.stdin.isTTY) return undefined;
  return async (question) => {
    const prompt = createInterface({ input: process.stdin, output: process.stdout });
    try {
      return (await prompt.question(question)).trim() === 'yes';
    } finally {
      prompt.close();
    }
  };
}
