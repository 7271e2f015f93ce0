/**
 * Applying a desired state: plan again against the live cluster, refuse (409) when the live state is not the
 * one the reviewed plan was made against, refuse (400) when any config is invalid, then carry the changes out
 * in the plan's order through the same write paths as the REST API (validated, recorded in history, audited).
 */
import { audited } from '../audit/audited';
import type { AuditActor } from '../audit/record';
import type { ConnectServices, OpenedCluster } from '../connect/services';
import { FieldsError } from '../connect/field-errors';
import { changeState, restartConnector, type StateChange } from '../connectors/operate';
import { askKafka } from '../kafka/api-errors';
import { createConnector, deleteConnector, putConnector } from '../connectors/write';
import { ApiError } from '../http/errors';
import { applyAutoRestart } from './auto-restart';
import type { DesiredState } from './format';
import { openTargets, planWith, readLiveState, type GitopsServices, type Targets } from './desired';
import type { DesiredClusterState, DesiredConnector, Plan, PlannedChange } from './plan';
import { applyTopicChange, type PlannedTopicChange } from './topics';

export interface ApplyRequest extends DesiredClusterState {
  /** The fingerprint of the plan that was reviewed. */
  fingerprint: string;
  /** That plan's per-connector hashes: lets a refusal name what moved. */
  observed?: Record<string, string>;
}

export interface AppliedChange {
  name: string;
  action: PlannedChange['action'];
  /** `topic` for a topic change; absent for a connector. */
  kind?: 'topic';
}

export interface ApplyResult {
  connect: string | null;
  kafka: string | null;
  applied: AppliedChange[];
  plan: Plan;
}

/**
 * Applies to one Connect cluster run one after another on this server, so the second sees what the first did and
 * is refused as stale rather than interleaving with it. (Servers behind one load balancer do not share this.)
 */
const applying = new Map<string, Promise<unknown>>();

export async function applyDesired(services: GitopsServices, who: AuditActor, request: ApplyRequest): Promise<ApplyResult> {
  const targets = await openTargets(services, request);
  // One queue per cluster touched: two applies sharing a Connect or a Kafka cluster never interleave.
  const keys = [targets.opened ? `connect:${targets.opened.cluster.id}` : null, targets.kafka ? `kafka:${targets.kafka.clusterId}` : null].filter((key): key is string => key !== null);
  const before = Promise.all(keys.map((key) => applying.get(key) ?? Promise.resolve()));
  const run = before.catch(() => undefined).then(() => applyNow(services, targets, who, request));
  for (const key of keys) applying.set(key, run);
  try {
    return await run;
  } finally {
    for (const key of keys) if (applying.get(key) === run) applying.delete(key);
  }
}

async function applyNow(services: GitopsServices, targets: Targets, who: AuditActor, request: ApplyRequest): Promise<ApplyResult> {
  const { opened, kafka } = targets;
  const scope = opened?.cluster.id ?? kafka!.clusterId;
  const label = [opened ? `Connect cluster "${opened.cluster.id}"` : null, kafka ? `Kafka cluster "${kafka.clusterId}"` : null].filter(Boolean).join(' and ');
  const live = await readLiveState(services, targets, request);
  if (live.fingerprint !== request.fingerprint) throw staleError(label, request.observed, live.observed);
  const plan = await planWith(services, targets, request, live);
  const missing = plan.plugins.filter((plugin) => plugin.action === 'install');
  if (missing.length > 0) {
    throw new ApiError(
      409,
      'plugins_not_installed',
      `Plugin${missing.length === 1 ? '' : 's'} ${missing.map((plugin) => `"${plugin.name}"${plugin.version ? ` ${plugin.version}` : ''}`).join(', ')} must be on every worker of Connect cluster "${plan.connect}" first: install with POST /api/v1/connect/${plan.connect}/installs (the CLI's apply does) and apply again; nothing was applied`,
      'plugins',
    );
  }
  const badTopic = plan.topics.find((topic) => topic.errors?.length);
  if (badTopic) {
    throw new FieldsError(400, 'invalid_topic', `Topic "${badTopic.name}" cannot be applied as described; nothing was applied (${plan.topicSummary.invalid} topic(s) in all)`, badTopic.errors!);
  }
  const invalid = plan.changes.find((change) => change.errors?.length);
  if (invalid) {
    throw new FieldsError(400, 'invalid_config', `The config of connector "${invalid.name}" is invalid; nothing was applied (${plan.summary.invalid} invalid in all)`, invalid.errors!);
  }
  const topicTodo = plan.topics.filter((change) => change.action !== 'noop');
  const todo = plan.changes.filter((change) => change.action !== 'noop');
  const desired = new Map(request.connectors.map((connector) => [connector.name, connector]));
  const desiredTopics = new Map((request.topics ?? []).map((topic) => [topic.name, topic]));
  const entry = {
    action: 'gitops.apply',
    clusterId: scope,
    objectType: opened ? 'connect-cluster' : 'kafka-cluster',
    objectId: scope,
    details: {
      fingerprint: request.fingerprint,
      kafka: kafka?.clusterId ?? null,
      prefix: request.prefix ?? null,
      prune: request.prune ?? false,
      topics: topicTodo.map(({ name, action }) => ({ name, action })),
      changes: todo.map(({ name, action }) => ({ name, action })),
    },
  };
  const total = topicTodo.length + todo.length;
  const applied = await audited(services.connect.db, who, entry, async () => {
    const done: AppliedChange[] = [];
    // Topics before connectors: a connector may need its topic to exist (a sink's, a compacted history topic).
    for (const change of topicTodo) {
      try {
        await askKafka(kafka!.clusterId, () => applyTopicChange(services.topics, kafka!, who, change, desiredTopics.get(change.name)));
      } catch (error) {
        throw partialFailure(error, change, 'topic', done, total);
      }
      done.push({ name: change.name, action: change.action, kind: 'topic' });
    }
    for (const change of todo) {
      try {
        await throughRebalances(() => carryOut(services.connect, opened!, who, change, desired.get(change.name)));
      } catch (error) {
        throw partialFailure(error, change, 'connector', done, total);
      }
      done.push({ name: change.name, action: change.action });
    }
    return done;
  });
  return { connect: plan.connect, kafka: plan.kafka, applied, plan };
}

async function carryOut(services: ConnectServices, opened: OpenedCluster, who: AuditActor, change: PlannedChange, desired: DesiredConnector | undefined): Promise<void> {
  await carryOutConnector(services, opened, who, change, desired);
  // After the connector exists, so a create that Connect refused leaves no policy behind.
  if (change.autoRestart) await applyAutoRestart(services.db, who, opened.cluster.id, change.name, desired?.autoRestart);
}

async function carryOutConnector(services: ConnectServices, opened: OpenedCluster, who: AuditActor, change: PlannedChange, desired: DesiredConnector | undefined): Promise<void> {
  const wanted = desired?.state ?? 'RUNNING';
  switch (change.action) {
    case 'create':
      await createConnector(services, opened, who, change.name, desired!.config, wanted === 'RUNNING' ? undefined : wanted);
      return;
    case 'update':
      // No config fields: only the auto-restart policy changes, and Connect's config is not written again.
      if (change.fields.length > 0) await putConnector(services, opened, who, change.name, desired!.config);
      if (change.state) await changeState(services, opened, who, change.name, stateCall(wanted), 'plan/apply');
      return;
    case 'state':
      await changeState(services, opened, who, change.name, stateCall(wanted), 'plan/apply');
      return;
    case 'restart':
      await restartConnector(services, opened, who, change.name, { includeTasks: true, onlyFailed: true }, 'plan/apply: failed instances of a connector meant to run');
      return;
    case 'delete':
      await deleteConnector(services, opened, who, change.name);
      return;
    case 'noop':
      return;
  }
}

/**
 * The Connect client already rides out a short rebalance (about 5 s). An apply changes many connectors in a row,
 * each change starting another rebalance, and on a busy cluster one can outlast that: wait longer here rather
 * than leave the cluster half applied. Every step is idempotent or refused before it was done, so asking again is safe.
 */
const REBALANCE_WAITS_MS = [1_000, 2_000, 4_000, 8_000];

async function throughRebalances(step: () => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      const wait = REBALANCE_WAITS_MS[attempt];
      if (wait === undefined || !(error instanceof ApiError && error.status === 409 && /rebalanc/i.test(error.message))) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

function stateCall(state: DesiredState): StateChange {
  return state === 'RUNNING' ? 'resume' : state === 'PAUSED' ? 'pause' : 'stop';
}

/** 409 naming each connector that appeared, disappeared or changed since the plan (when the plan's hashes came along). */
export function staleError(scope: string /* e.g. `Connect cluster "local"` */, planned: Record<string, string> | undefined, now: Record<string, string>): ApiError {
  const base = `The live state of ${scope} changed since the plan was made; nothing was applied. Plan again and review the changes`;
  if (!planned) return new ApiError(409, 'plan_stale', base);
  const names = [...new Set([...Object.keys(planned), ...Object.keys(now)])].sort();
  const moved = names.flatMap((name) => {
    if (!(name in now)) return [`${name} (deleted)`];
    if (!(name in planned)) return [`${name} (created)`];
    return planned[name] === now[name] ? [] : [`${name} (changed)`];
  });
  return new ApiError(409, 'plan_stale', moved.length > 0 ? `${base}. Moved: ${moved.join(', ')}` : base, 'fingerprint');
}

/** A failure part-way: the error keeps its status and code, and says what was already done. */
function partialFailure(error: unknown, change: PlannedChange | PlannedTopicChange, kind: 'topic' | 'connector', done: AppliedChange[], total: number): unknown {
  if (!(error instanceof ApiError)) return error;
  const progress =
    done.length === 0 ? 'nothing was applied before it' : `${done.length} of ${total} changes were applied before it (${done.map((item) => `${item.action} ${item.kind ?? 'connector'} ${item.name}`).join(', ')})`;
  const wrapped = new ApiError(error.status, error.code, `${change.action} of ${kind} "${change.name}" failed: ${error.message}; ${progress}`, error.field);
  return wrapped;
}
