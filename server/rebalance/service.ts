/**
 * Proposals: planned from the cluster as it is, stored for the operator to read, approved (after a stale check)
 * into the executor's hands, cancelled. Routes call these; tests too.
 */
import { recordAudit, type AuditActor } from '../audit/record';
import type { Db } from '../db';
import { ApiError } from '../http/errors';
import type { KafkaClient } from '../kafka/client';
import { checkErrorCode } from '../kafka/protocol';
import type { SecretBox } from '../secrets/secret-box';
import { capacityOverrides } from './broker-hosts';
import type { RebalanceExecutor } from './executor';
import { assignmentFingerprint, loadClusterModel } from './load';
import type { Plan, RebalanceMode } from './model';
import { planRebalance } from './planner';
import { planReplicationFactor } from './replication-factor';
import { getProposal, insertProposal, updateProposal, type Proposal } from './store';

export interface RebalanceRequest {
  mode: RebalanceMode;
  brokers?: number[];
  excludeTopics?: string[];
  maxMoves?: number;
  diskThreshold?: number;
  capacityLimit?: number;
}

export interface RebalanceDeps {
  db: Db;
  /** Decrypts the tokens of the agents beside brokers (capacity from their disks). */
  secrets?: SecretBox;
  executor: RebalanceExecutor;
}

/** The operator's and agents' capacities, when the deps can read them (the executor-only tests do not need them). */
const capacitiesFor = (deps: RebalanceDeps, kafkaId: string) => (deps.secrets ? capacityOverrides({ db: deps.db, secrets: deps.secrets }, kafkaId) : Promise.resolve(new Map<number, number>()));

const audit = (db: Db, who: AuditActor, action: string, proposal: Pick<Proposal, 'id' | 'kafkaId'>, details: Record<string, unknown>) =>
  recordAudit(db, who, { action, clusterId: proposal.kafkaId, objectType: 'rebalance-proposal', objectId: proposal.id, details });

async function store(db: Db, who: AuditActor, kafkaId: string, kind: Proposal['kind'], request: Record<string, unknown>, plan: Plan, fingerprint: string): Promise<Proposal> {
  const proposal = await insertProposal(db, { kafkaId, kind, request, plan, fingerprint, createdBy: who.actor });
  await audit(db, who, 'rebalance.propose', proposal, { kind, request, moves: plan.moves.length, totalBytes: plan.totalBytes });
  return proposal;
}

export async function proposeRebalance(deps: RebalanceDeps, kafka: KafkaClient, kafkaId: string, request: RebalanceRequest, who: AuditActor): Promise<Proposal> {
  const model = await loadClusterModel(kafka, await capacitiesFor(deps, kafkaId));
  const known = new Set(model.brokers.map((b) => b.id));
  const unknown = (request.brokers ?? []).filter((id) => !known.has(id));
  if (unknown.length > 0) throw ApiError.badRequest(`no broker ${unknown.join(', ')} in the cluster (brokers: ${[...known].join(', ')})`, 'brokers');
  if (request.mode === 'drain' && request.brokers!.length >= known.size) throw ApiError.badRequest('a drain must leave at least one broker', 'brokers');
  const plan = planRebalance(model, request);
  return store(deps.db, who, kafkaId, 'rebalance', { ...request }, plan, assignmentFingerprint(model, plan.moves));
}

export async function proposeReplicationFactor(
  deps: RebalanceDeps,
  kafka: KafkaClient,
  kafkaId: string,
  topic: string,
  body: { replicationFactor: number; confirm?: boolean },
  who: AuditActor,
): Promise<Proposal> {
  const model = await loadClusterModel(kafka, await capacitiesFor(deps, kafkaId));
  if (!model.partitions.some((p) => p.topic === topic)) throw ApiError.notFound(`topic "${topic}" does not exist on Kafka cluster "${kafkaId}"`);
  const { replicationFactor } = body;
  if (replicationFactor > model.brokers.length) {
    throw ApiError.badRequest(`replication factor ${replicationFactor} is more than the ${model.brokers.length} broker(s) of the cluster`, 'replicationFactor');
  }
  const minInsync = await topicMinInsyncReplicas(kafka, topic);
  if (minInsync !== undefined && replicationFactor < minInsync && body.confirm !== true) {
    throw ApiError.badRequest(
      `replication factor ${replicationFactor} is below the topic's min.insync.replicas (${minInsync}): producers with acks=all will fail; send "confirm": true to do it anyway`,
      'replicationFactor',
    );
  }
  const plan = planReplicationFactor(model, topic, replicationFactor);
  return store(deps.db, who, kafkaId, 'replication-factor', { topic, replicationFactor }, plan, assignmentFingerprint(model, plan.moves));
}

async function topicMinInsyncReplicas(kafka: KafkaClient, topic: string): Promise<number | undefined> {
  const { resources } = await kafka.describeConfigs('any', { resources: [{ type: 'topic', name: topic, configNames: ['min.insync.replicas'] }], includeSynonyms: false, includeDocumentation: false });
  const resource = resources[0];
  if (!resource) return undefined;
  checkErrorCode(resource.errorCode, `topic ${topic}`, resource.errorMessage);
  const value = resource.configs.find((c) => c.name === 'min.insync.replicas')?.value;
  return value ? Number(value) : undefined;
}

export async function requireProposal(db: Db, kafkaId: string, id: string): Promise<Proposal> {
  const proposal = await getProposal(db, kafkaId, id);
  if (!proposal) throw ApiError.notFound(`no rebalance proposal ${id} on Kafka cluster "${kafkaId}"`);
  return proposal;
}

/** Hands a proposal to the executor, unless the cluster's assignment changed under it (409 proposal_stale). */
export async function approveProposal(deps: RebalanceDeps, kafka: KafkaClient, proposal: Proposal, throttleBytesPerSecond: number, who: AuditActor): Promise<Proposal> {
  if (proposal.state !== 'proposed') throw ApiError.conflict(`proposal ${proposal.id} is ${proposal.state}, only a proposed one can be approved`);
  const model = await loadClusterModel(kafka);
  if (assignmentFingerprint(model, proposal.moves) !== proposal.fingerprint) {
    const current = new Map(model.partitions.map((p) => [`${p.topic}-${p.partition}`, p.replicas.join(',')]));
    const changed = proposal.moves.filter((m) => current.get(`${m.topic}-${m.partition}`) !== m.from.join(',')).map((m) => `${m.topic}-${m.partition}`);
    const what = changed.length > 0 ? `the replicas of ${changed.slice(0, 10).join(', ')}${changed.length > 10 ? ` and ${changed.length - 10} more` : ''} changed` : 'the brokers changed';
    throw new ApiError(409, 'proposal_stale', `the cluster changed since this plan was made (${what}): make a new proposal`);
  }
  const updated = await updateProposal(deps.db, proposal.id, { state: 'executing', throttleBytesPerSecond, approvedBy: who.actor, approvedAt: new Date() }, 'proposed');
  if (!updated) throw ApiError.conflict(`proposal ${proposal.id} was approved or cancelled meanwhile`);
  await audit(deps.db, who, 'rebalance.approve', proposal, { throttleBytesPerSecond, moves: proposal.moves.length, totalBytes: proposal.summary.totalBytes });
  void deps.executor.run(proposal.id);
  return (await getProposal(deps.db, proposal.kafkaId, proposal.id))!;
}

/**
 * A new throttle for a running proposal: recorded here, put on the brokers by the executor's next pass (it is the one
 * writer of the throttle configs, so a change racing the plan's end cannot leave a rate behind).
 */
export async function changeThrottle(deps: RebalanceDeps, proposal: Proposal, throttleBytesPerSecond: number, who: AuditActor): Promise<Proposal> {
  const changed = proposal.state === 'executing' && (await updateProposal(deps.db, proposal.id, { throttleBytesPerSecond }, 'executing'));
  if (!changed) throw ApiError.conflict(`proposal ${proposal.id} is ${proposal.state}: only a running proposal's throttle can change`);
  await audit(deps.db, who, 'rebalance.throttle', proposal, { from: proposal.throttleBytesPerSecond, to: throttleBytesPerSecond });
  void deps.executor.run(proposal.id);
  return (await getProposal(deps.db, proposal.kafkaId, proposal.id))!;
}

/** A proposed plan is cancelled at once; a running one is cancelled by the executor, which reverts moves in flight. */
export async function cancelProposal(deps: RebalanceDeps, proposal: Proposal, who: AuditActor, reason?: string): Promise<Proposal> {
  const done = proposal.state === 'proposed'
    ? await updateProposal(deps.db, proposal.id, { state: 'cancelled', finishedAt: new Date() }, 'proposed')
    : proposal.state === 'executing' && (await updateProposal(deps.db, proposal.id, { cancelRequested: true }, 'executing'));
  if (!done) throw ApiError.conflict(`proposal ${proposal.id} is ${proposal.state}: nothing to cancel`);
  await audit(deps.db, who, 'rebalance.cancel', proposal, { state: proposal.state, ...(reason ? { reason } : {}) });
  if (proposal.state === 'executing') void deps.executor.run(proposal.id);
  return (await getProposal(deps.db, proposal.kafkaId, proposal.id))!;
}

/** The API's view: the stored plan with totals, progress and an estimate at the throttle. */
export function proposalView(proposal: Proposal, throttle?: number) {
  const { moves } = proposal;
  const rate = proposal.throttleBytesPerSecond ?? throttle ?? null;
  return {
    id: proposal.id,
    kafkaId: proposal.kafkaId,
    kind: proposal.kind,
    state: proposal.state,
    cancelRequested: proposal.cancelRequested,
    request: proposal.request,
    moves: moves.map(({ unsettledPasses: _, ...move }) => move),
    before: proposal.before,
    after: proposal.after,
    totalBytes: proposal.summary.totalBytes,
    diskMaxOverMean: proposal.summary.diskMaxOverMean,
    unplaced: proposal.summary.unplaced,
    throttleBytesPerSecond: proposal.throttleBytesPerSecond,
    estimatedSeconds: rate ? Math.ceil(proposal.summary.totalBytes / rate) : null,
    progress: {
      moves: moves.length,
      done: moves.filter((m) => m.state === 'done').length,
      failed: moves.filter((m) => m.state === 'failed').length,
      bytes: proposal.summary.totalBytes,
      copiedBytes: moves.reduce((sum, m) => sum + Math.min(m.bytes, m.copiedBytes), 0),
    },
    throttlesSet: proposal.throttled !== null,
    throttleAppliedBytesPerSecond: proposal.throttled?.rate ?? null,
    error: proposal.error,
    createdBy: proposal.createdBy,
    approvedBy: proposal.approvedBy,
    createdAt: proposal.createdAt.toISOString(),
    approvedAt: proposal.approvedAt?.toISOString() ?? null,
    finishedAt: proposal.finishedAt?.toISOString() ?? null,
  };
}
