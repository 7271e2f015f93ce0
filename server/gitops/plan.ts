/**
 * Planning: the changes that would bring a Connect cluster to a desired state, worked out against ONE listing
 * of the cluster (`GET /connectors?expand=status&expand=info`). Secrets arrive resolved from the CLI and are
 * compared here, on the server, against what Connect holds; the plan says only whether a secret changed.
 * The plan carries a fingerprint of the live state it was made against, so apply can refuse a stale plan.
 */
import { createHash } from 'node:crypto';
import { askConnect } from '../connect/api-errors';
import type { FieldError } from '../connect/field-errors';
import { FieldsError } from '../connect/field-errors';
import type { ConnectServices, OpenedCluster } from '../connect/services';
import type { ConnectorConfig, ConnectorListing } from '../connect/types';
import { validateConfig } from '../connect/validation';
import { ApiError } from '../http/errors';
import { isSecretKey, mergeMasked, UnknownPasswordKeys, type PasswordKeys } from '../secrets/masking';
import type { SecretBox } from '../secrets/secret-box';
import { canonicalConfig, configHash, sameConfig } from '../connectors/canonical';
import type { Db } from '../db';
import type { AutoRestartPolicy } from '../connectors/auto-restart/policy';
import { clusterPolicies } from '../connectors/auto-restart/store';
import { planAutoRestart, policyText, type PlannedAutoRestart } from './auto-restart';
import type { DesiredState } from './format';
import type { DesiredPlugin, PlannedPluginChange } from './plugins';
import type { DesiredTopic, PlannedTopicChange } from './topics';

export interface DesiredConnector {
  name: string;
  state?: DesiredState;
  config: Record<string, string>;
  /** Its own auto-restart policy; absent: not managed, null: none of its own (the cluster's default applies). */
  autoRestart?: AutoRestartPolicy | null;
}

export interface DesiredClusterState {
  /** The Connect cluster whose connectors (and plugins) are described; absent: topics only. */
  connect?: string;
  connectors: DesiredConnector[];
  /** The Kafka cluster whose topics are described; absent: topics are not managed. */
  kafka?: string;
  topics?: DesiredTopic[];
  plugins?: DesiredPlugin[];
  /** Delete live connectors the desired state does not name (within `prefix`). */
  prune?: boolean;
  /** Manage only connectors whose name starts with this: others are not planned, pruned or fingerprinted. */
  prefix?: string;
}

export type PlanAction = 'create' | 'update' | 'state' | 'restart' | 'delete' | 'noop';

export interface FieldChange {
  key: string;
  change: 'added' | 'removed' | 'changed';
  /** Absent for secrets: their values are never shown. */
  before?: string;
  after?: string;
  secret?: boolean;
}

export interface PlannedChange {
  action: PlanAction;
  name: string;
  class: string | null;
  /** Field-level differences (create: every field added; delete: none). */
  fields: FieldChange[];
  /** When the state changes (or a create starts in a state other than RUNNING). */
  state?: { from: DesiredState | null; to: DesiredState | null };
  /** The plugin's validation errors of the new config; a plan with any cannot be applied. */
  errors?: FieldError[];
  /** The class comes with a plugin the plan installs first: the config is validated after that install. */
  afterPlugin?: string;
  /** restart: the failed instances Connect will restart (`restart?includeTasks=true&onlyFailed=true`). */
  failed?: string[];
  /**
   * A change of the connector's own auto-restart policy, with any action. A policy-only change is an `update`
   * with no `fields`: apply writes the policy and leaves the config on Connect alone.
   */
  autoRestart?: PlannedAutoRestart;
}

export interface Plan {
  connect: string | null;
  kafka: string | null;
  prefix: string | null;
  prune: boolean;
  /** sha256 over the live state (configs and states) of the managed connectors when the plan was made. */
  fingerprint: string;
  /** Each managed live connector's own short hash, so a refused apply can name what moved. */
  observed: Record<string, string>;
  changes: PlannedChange[];
  summary: Record<PlanAction | 'invalid', number>;
  /** Installs run first (through plugin delivery), then topics, then connectors. */
  plugins: PlannedPluginChange[];
  topics: PlannedTopicChange[];
  topicSummary: Record<PlannedTopicChange['action'] | 'invalid', number>;
  pluginSummary: Record<PlannedPluginChange['action'], number>;
}

/** The connector part of a plan, before plugins and topics join it (the fingerprint comes from the live state read). */
export type ConnectorPlan = Pick<Plan, 'changes' | 'summary'>;

/** A live connector within the plan's scope. */
export interface LiveConnector {
  name: string;
  config: ConnectorConfig;
  state: DesiredState;
  /** FAILED instances of a connector meant to run: `connector`, `task 0`, … */
  failed: string[];
  /** Its own auto-restart policy, when it has one. */
  autoRestart?: AutoRestartPolicy;
}

const ACTION_ORDER: Record<PlanAction, number> = { create: 0, update: 1, state: 2, restart: 3, delete: 4, noop: 5 };
const VALIDATION_CONCURRENCY = 4;

/** The live state and its fingerprint, for apply's staleness check before it plans again. */
export async function readLive(db: Db, opened: OpenedCluster, prefix: string | undefined): Promise<Map<string, LiveConnector>> {
  // Every policy of the cluster in one query beside the one listing: the plan stays two reads at any size.
  const [listings, policies] = await Promise.all([askConnect(opened.cluster.id, () => opened.client.listConnectors()), clusterPolicies(db, opened.cluster.id)]);
  const inScope = listings.filter((listing) => !prefix || listing.name.startsWith(prefix));
  const live = await Promise.all(inScope.map((listing) => completeListing(opened, listing)));
  return new Map(
    live
      .filter((entry): entry is LiveConnector => entry !== undefined)
      .map((entry) => {
        const policy = policies.connectors.get(entry.name);
        return [entry.name, policy ? { ...entry, autoRestart: policy } : entry];
      }),
  );
}

/** Mid-rebalance an entry may lack its info or status: ask for that connector alone. Gone since the listing → skipped. */
async function completeListing(opened: OpenedCluster, listing: ConnectorListing): Promise<LiveConnector | undefined> {
  const { client, cluster } = opened;
  const config = listing.info?.config ?? (await askConnect(cluster.id, () => client.findConnectorConfig(listing.name)));
  if (!config) return undefined;
  const status = listing.status ?? (await askConnect(cluster.id, () => client.connectorStatus(listing.name)).catch(() => undefined));
  const failed = status ? [...(status.connector.state === 'FAILED' ? ['connector'] : []), ...status.tasks.filter((task) => task.state === 'FAILED').map((task) => `task ${task.id}`)] : [];
  return { name: listing.name, config, state: targetStateOf(status?.connector.state), failed };
}

/**
 * Connect reports what an instance is doing, not what it was asked to do: FAILED, UNASSIGNED and RESTARTING
 * connectors are meant to run, so they count as RUNNING. Only a pause or a stop is a deliberate state.
 */
export function targetStateOf(state: string | undefined): DesiredState {
  return state === 'PAUSED' || state === 'STOPPED' ? state : 'RUNNING';
}

/** Keyed (see SecretBox.mac): the live configs hold secrets, and a plain hash of a config could be brute-forced for them. */
export function fingerprintOf(secrets: SecretBox, live: Map<string, LiveConnector>, prefix: string | undefined): { fingerprint: string; observed: Record<string, string> } {
  const observed: Record<string, string> = {};
  const memo = observedMemoOf(secrets);
  for (const name of [...live.keys()].sort()) {
    const entry = live.get(name)!;
    // A connector without a policy of its own hashes as before policies were planned: older plans still apply.
    const policy = entry.autoRestart ? `\n${policyText(entry.autoRestart)}` : '';
    const input = `${JSON.stringify(entry.config)}\n${entry.state}${policy}`;
    const known = memo.get(name);
    if (known?.input === input) {
      observed[name] = known.hash;
      continue;
    }
    observed[name] = secrets.mac(`${configHash(name, entry.config)}\n${entry.state}${policy}`).slice(0, 16);
    if (memo.size >= OBSERVED_MEMO_LIMIT) memo.clear();
    memo.set(name, { input, hash: observed[name] });
  }
  const lines = [`prefix=${prefix ?? ''}`, ...Object.entries(observed).map(([name, hash]) => `${name}=${hash}`)];
  return { fingerprint: createHash('sha256').update(lines.join('\n')).digest('hex'), observed };
}

/**
 * Each connector's fingerprint hash, remembered against its config as Connect sent it, its state and its policy:
 * plans and applies of 1,000 unchanged connectors then cost a JSON.stringify each instead of a sort, a sha256 and
 * an HMAC (about 20 ms a fingerprint). Keyed by name alone: a name on two clusters only recomputes.
 */
const observedMemos = new WeakMap<SecretBox, Map<string, { input: string; hash: string }>>();
const OBSERVED_MEMO_LIMIT = 50_000;

function observedMemoOf(secrets: SecretBox): Map<string, { input: string; hash: string }> {
  let memo = observedMemos.get(secrets);
  if (!memo) observedMemos.set(secrets, (memo = new Map()));
  return memo;
}

/** Classes provided by plugins the plan installs first, by class → plugin name. */
export type PendingClasses = ReadonlyMap<string, string>;

export async function planAgainst(
  services: ConnectServices,
  opened: OpenedCluster,
  desired: DesiredClusterState,
  live: Map<string, LiveConnector>,
  pending: PendingClasses = new Map(),
): Promise<ConnectorPlan> {
  const wanted = new Set(desired.connectors.map((connector) => connector.name));
  const planned = await mapLimited(desired.connectors, VALIDATION_CONCURRENCY, (connector) => planOne(services, opened, connector, live.get(connector.name), pending));
  const deletes: PlannedChange[] = desired.prune
    ? [...live.values()].filter((entry) => !wanted.has(entry.name)).map((entry) => ({
        action: 'delete' as const,
        name: entry.name,
        class: entry.config['connector.class'] ?? null,
        fields: [],
      }))
    : [];
  const changes = [...planned, ...deletes].sort((a, b) => ACTION_ORDER[a.action] - ACTION_ORDER[b.action] || a.name.localeCompare(b.name));
  const summary = { create: 0, update: 0, state: 0, restart: 0, delete: 0, noop: 0, invalid: 0 };
  for (const change of changes) {
    summary[change.action] += 1;
    if (change.errors?.length) summary.invalid += 1;
  }
  return { changes, summary };
}

async function planOne(services: ConnectServices, opened: OpenedCluster, connector: DesiredConnector, current: LiveConnector | undefined, pending: PendingClasses): Promise<PlannedChange> {
  const { name } = connector;
  const wantedState = connector.state ?? 'RUNNING';
  // A mask in the files (copied from the UI) means "keep what Connect holds", as with PUT.
  const merged = mergeMasked(connector.config, current?.config ?? {}) as ConnectorConfig;
  const connectorClass = merged['connector.class'] ?? null;
  const policyChange = planAutoRestart(current?.autoRestart, connector.autoRestart);
  const withPolicy = policyChange ? { autoRestart: policyChange } : {};
  if (current && sameConfig(name, current.config, merged)) {
    if (current.state !== wantedState) return { action: 'state', name, class: connectorClass, fields: [], state: { from: current.state, to: wantedState }, ...withPolicy };
    // Connect reports a FAILED task of a running connector as RUNNING's business: only a restart brings it back.
    if (wantedState === 'RUNNING' && current.failed.length > 0) return { action: 'restart', name, class: connectorClass, fields: [], failed: current.failed, ...withPolicy };
    // The policy alone: an update without config fields, so nothing is validated or written to Connect.
    return { action: policyChange ? 'update' : 'noop', name, class: connectorClass, fields: [], ...withPolicy };
  }
  const config = canonicalConfig(name, merged);
  const afterPlugin = connectorClass ? pending.get(connectorClass) : undefined;
  // Its plugin is not on the workers yet: Connect cannot validate it now; apply validates it after the install.
  const validated = afterPlugin ? { passwordKeys: new UnknownPasswordKeys() as PasswordKeys, errors: [] } : await validate(services, opened, name, config);
  const { errors } = validated;
  // A changed class: the old plugin's secrets must stay hidden in the `before` side too.
  const oldClass = current?.config['connector.class'];
  const passwordKeys =
    current && oldClass !== connectorClass ? eitherOf(validated.passwordKeys, await services.passwordKeys.get(opened.cluster.id, opened.client, oldClass)) : validated.passwordKeys;
  const before = current ? canonicalConfig(name, current.config) : {};
  const fields = fieldChanges(before, config, passwordKeys);
  const stateChange = current ? current.state !== wantedState : wantedState !== 'RUNNING';
  return {
    action: current ? 'update' : 'create',
    name,
    class: connectorClass,
    fields,
    ...(stateChange ? { state: { from: current?.state ?? null, to: wantedState } } : {}),
    ...(errors.length > 0 ? { errors } : {}),
    ...(afterPlugin ? { afterPlugin } : {}),
    ...withPolicy,
  };
}

/** The plugin's verdict on a new or changed config, collected rather than thrown: the plan shows every problem at once. */
async function validate(services: ConnectServices, opened: OpenedCluster, name: string, config: ConnectorConfig): Promise<{ passwordKeys: PasswordKeys; errors: FieldError[] }> {
  try {
    const validation = await validateConfig(services, opened, config);
    const passwordKeys = new Set(validation.fields.filter((field) => field.definition.type === 'PASSWORD').map((field) => field.name));
    const errors = validation.fields.filter((field) => field.errors.length > 0).map((field) => ({ name: field.name, errors: field.errors }));
    if (errors.length === 0 && validation.errorCount > 0) errors.push({ name: 'config', errors: ['the plugin reports errors without naming a field'] });
    return { passwordKeys, errors };
  } catch (error) {
    // No definition to tell secrets apart (an unknown class): every key but Connect's own counts as secret.
    if (error instanceof FieldsError) return { passwordKeys: new UnknownPasswordKeys(), errors: error.fields };
    services.logger.debug({ connector: name }, 'plan: validation failed');
    throw error;
  }
}

/** Key-by-key differences; a secret is compared by its real value but shown only as changed or unchanged. */
export function fieldChanges(before: ConnectorConfig, after: ConnectorConfig, passwordKeys: PasswordKeys): FieldChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const changes: FieldChange[] = [];
  for (const key of keys) {
    if (key === 'name') continue; // always the connector's own name, which the change already names
    const had = Object.hasOwn(before, key);
    const has = Object.hasOwn(after, key);
    if (had && has && before[key] === after[key]) continue;
    const change = had && !has ? 'removed' : !had && has ? 'added' : 'changed';
    if (isSecretKey(key, passwordKeys)) changes.push({ key, change, secret: true });
    else changes.push({ key, change, ...(had ? { before: before[key] } : {}), ...(has ? { after: after[key] } : {}) });
  }
  return changes;
}

export function checkDesired(desired: DesiredClusterState): void {
  if (!desired.connect && (desired.connectors.length > 0 || (desired.plugins?.length ?? 0) > 0)) {
    throw ApiError.badRequest('Connectors and plugins need `connect`: the Connect cluster they belong to', 'connect');
  }
  if (!desired.kafka && (desired.topics?.length ?? 0) > 0) throw ApiError.badRequest('Topics need `kafka`: the Kafka cluster they belong to', 'kafka');
  if (!desired.connect && !desired.kafka) throw ApiError.badRequest('Name the Connect cluster (`connect`), the Kafka cluster (`kafka`), or both', 'connect');
  const topicNames = new Set<string>();
  (desired.topics ?? []).forEach((topic, index) => {
    if (topicNames.has(topic.name)) throw ApiError.badRequest(`Topic "${topic.name}" is described twice`, `topics.${index}.name`);
    topicNames.add(topic.name);
    if (desired.prefix && !topic.name.startsWith(desired.prefix)) throw ApiError.badRequest(`Topic "${topic.name}" is outside the managed prefix "${desired.prefix}"`, `topics.${index}.name`);
  });
  const seen = new Set<string>();
  desired.connectors.forEach((connector, index) => {
    if (seen.has(connector.name)) throw ApiError.badRequest(`Connector "${connector.name}" is described twice`, `connectors.${index}.name`);
    seen.add(connector.name);
    if (desired.prefix && !connector.name.startsWith(desired.prefix)) {
      throw ApiError.badRequest(`Connector "${connector.name}" is outside the managed prefix "${desired.prefix}"`, `connectors.${index}.name`);
    }
    const named = connector.config.name;
    if (named !== undefined && named !== connector.name) {
      throw ApiError.badRequest(`Connector "${connector.name}" has config "name" = "${named}": leave it out or make it the connector's name`, `connectors.${index}.config.name`);
    }
  });
}

/** Secret for either plugin (isSecretKey asks only `has`, as UnknownPasswordKeys relies on too). */
class EitherPasswordKeys extends Set<string> {
  constructor(
    readonly first: PasswordKeys,
    readonly second: PasswordKeys,
  ) {
    super();
  }

  override has(key: string): boolean {
    return this.first.has(key) || this.second.has(key);
  }
}

function eitherOf(first: PasswordKeys, second: PasswordKeys): PasswordKeys {
  return new EitherPasswordKeys(first, second);
}

async function mapLimited<T, R>(items: T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
