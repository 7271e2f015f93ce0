/**
 * Carries out approved proposals. Each pass over a proposal reads it from PostgreSQL, looks at the cluster, and
 * takes the next step (throttles on, finished moves marked, the next batch started, or the end: preferred leaders
 * elected, throttles off), writing what it did before and after it does it. So a pass can be interrupted anywhere:
 * the next server to hold the `rebalance-executor` lease (or this one after a restart) carries on from the database,
 * and removes throttles left by a proposal that ended while their removal failed.
 */
import { recordAudit, SYSTEM_ACTOR } from '../audit/record';
import type { Db } from '../db';
import type { KafkaClient } from '../kafka/client';
import { NO_REASSIGNMENT_IN_PROGRESS } from '../kafka/protocol';
import type { Logger } from '../logger';
import { messageOf } from '../util/errors';
import { getProposalById, unfinishedProposalIds, updateProposal, type Proposal, type ProposalMove } from './store';
import { removeThrottles, setBrokerRates, setThrottles, throttleTargets } from './throttles';

export interface ExecutorSettings {
  /** Moves in flight at once per broker involved (kafka-reassign-partitions has no limit; 5 keeps fetchers sane). */
  movesPerBroker: number;
  /** Pause between passes over a running proposal. */
  passIntervalMs: number;
}

export const DEFAULT_EXECUTOR_SETTINGS: ExecutorSettings = { movesPerBroker: 5, passIntervalMs: 1_000 };

export interface ExecutorDeps {
  db: Db;
  logger: Logger;
  /** The client of a registered cluster, or undefined when it is no longer registered. */
  kafkaFor(kafkaId: string): Promise<KafkaClient | undefined>;
  settings?: Partial<ExecutorSettings>;
}

const REQUEST_TIMEOUT_MS = 30_000;
const UNSETTLED_PASSES = 10;
const key = (m: { topic: string; partition: number }) => `${m.topic}\u0000${m.partition}`;

export class RebalanceExecutor {
  readonly settings: ExecutorSettings;
  readonly #deps: ExecutorDeps;
  readonly #running = new Map<string, Promise<void>>();
  #active = true;

  constructor(deps: ExecutorDeps) {
    this.#deps = deps;
    this.settings = { ...DEFAULT_EXECUTOR_SETTINGS, ...deps.settings };
  }

  /** On while this server holds the executor's lease (or has no background jobs at all, as in tests). */
  activate(): void {
    this.#active = true;
  }

  /** Stops taking steps; running passes end at their next step boundary. Throttles stay for the next holder. */
  async deactivate(): Promise<void> {
    this.#active = false;
    await Promise.all([...this.#running.values()]);
  }

  /** Runs (or joins the run of) one proposal until it ends. Never rejects: failures end up in the proposal. */
  run(id: string): Promise<void> {
    if (!this.#active) return Promise.resolve();
    const existing = this.#running.get(id);
    if (existing) return existing;
    const run = this.#loop(id)
      .catch((error: Error) => this.#deps.logger.error({ err: error, proposal: id }, `rebalance: proposal ${id} stopped: ${error.message}`))
      .finally(() => this.#running.delete(id));
    this.#running.set(id, run);
    return run;
  }

  /** Picks up every running proposal this process does not run yet (left by a stopped server, or accepted by another). */
  async resumeAll(): Promise<string[]> {
    if (!this.#active) return [];
    const ids = (await unfinishedProposalIds(this.#deps.db)).filter((id) => !this.#running.has(id));
    for (const id of ids) void this.run(id);
    return ids;
  }

  async #loop(id: string): Promise<void> {
    while (this.#active) {
      let finished: boolean;
      try {
        finished = await this.step(id);
      } catch (error) {
        // Kafka unreachable or a database hiccup: the proposal stays as it is and the next pass tries again
        this.#deps.logger.warn({ proposal: id }, `rebalance: proposal ${id}: ${messageOf(error)}`);
        finished = false;
      }
      if (finished) return;
      await new Promise((resolve) => setTimeout(resolve, this.settings.passIntervalMs).unref());
    }
  }

  /** One pass; true once the proposal has ended and nothing of it is left on the cluster. */
  async step(id: string): Promise<boolean> {
    const proposal = await getProposalById(this.#deps.db, id);
    if (!proposal) return true;
    if (proposal.state !== 'executing') return this.#cleanUp(proposal);
    const kafka = await this.#deps.kafkaFor(proposal.kafkaId);
    if (!kafka) return this.#end(proposal, undefined, 'failed', `Kafka cluster "${proposal.kafkaId}" is no longer registered`);
    if (proposal.cancelRequested) return this.#cancel(proposal, kafka);
    if (!proposal.throttled && proposal.throttleBytesPerSecond) {
      // recorded before it is set: a restart halfway still knows what to remove
      const throttled = { ...throttleTargets(proposal.moves), rate: proposal.throttleBytesPerSecond };
      await updateProposal(this.#deps.db, id, { throttled });
      await setThrottles(kafka, proposal.moves, proposal.throttleBytesPerSecond);
      return false;
    }
    if (proposal.throttled && proposal.throttleBytesPerSecond && proposal.throttled.rate !== proposal.throttleBytesPerSecond) {
      // the operator changed the throttle mid-flight: only the brokers' rates change, the replica lists stay.
      // Set before it is recorded: a pass interrupted in between sets the same rate again.
      await setBrokerRates(kafka, proposal.throttled.brokers, proposal.throttleBytesPerSecond);
      await updateProposal(this.#deps.db, id, { throttled: { ...proposal.throttled, rate: proposal.throttleBytesPerSecond } });
    }
    const moves = proposal.moves.map((m) => ({ ...m }));
    await this.#settle(kafka, moves);
    const started = await this.#startBatch(kafka, proposal, moves);
    await updateProposal(this.#deps.db, id, { moves });
    if (started || moves.some((m) => m.state === 'pending' || m.state === 'moving')) return false;
    const failed = moves.filter((m) => m.state === 'failed');
    await this.#electPreferred(kafka, moves.filter((m) => m.state === 'done'));
    const error = failed.length > 0 ? `${failed.length} of ${moves.length} moves failed: ${failed.map((m) => `${m.topic}-${m.partition}: ${m.error ?? 'failed'}`).slice(0, 5).join('; ')}` : null;
    return this.#end({ ...proposal, moves }, kafka, failed.length > 0 ? 'failed' : 'done', error);
  }

  /** Moves in flight that the cluster no longer lists have finished, or been cancelled by someone else. */
  async #settle(kafka: KafkaClient, moves: ProposalMove[]): Promise<void> {
    const moving = moves.filter((m) => m.state === 'moving');
    if (moving.length === 0) return;
    const topics = groupByTopic(moving);
    const [listed, metadata] = await Promise.all([
      kafka.listPartitionReassignments({ timeoutMs: REQUEST_TIMEOUT_MS, topics }),
      kafka.metadata(topics.map((t) => t.name)),
    ]);
    const inFlight = new Set(listed.reassignments.map(key));
    const replicas = new Map(metadata.topics.flatMap((t) => t.partitions.map((p) => [key({ topic: t.name, partition: p.partition }), p.replicas.join(',')] as const)));
    const copied = await this.#copiedBytes(kafka, moving);
    for (const move of moving) {
      move.copiedBytes = Math.min(move.bytes, copied.get(key(move)) ?? move.copiedBytes);
      if (inFlight.has(key(move))) continue;
      if (replicas.get(key(move)) === move.to.join(',')) {
        move.state = 'done';
        move.copiedBytes = move.bytes;
      } else if ((move.unsettledPasses = (move.unsettledPasses ?? 0) + 1) >= UNSETTLED_PASSES) {
        // a broker's metadata trails the controller for a moment: only a lasting mismatch is a failure
        move.state = 'failed';
        move.error = `the partition's replicas are ${replicas.get(key(move)) ?? 'unknown'} and no move is in flight (cancelled outside Connectory?)`;
      }
    }
  }

  /** What the new replicas hold so far, from their brokers' log dirs: the copy's progress. */
  async #copiedBytes(kafka: KafkaClient, moving: ProposalMove[]): Promise<Map<string, number>> {
    const byBroker = new Map<number, ProposalMove[]>();
    for (const move of moving) for (const id of move.to.filter((b) => !move.from.includes(b))) byBroker.set(id, [...(byBroker.get(id) ?? []), move]);
    const copied = new Map<string, number>();
    await Promise.all(
      [...byBroker].map(async ([nodeId, list]) => {
        const { logDirs } = await kafka.describeLogDirs(nodeId, { topics: groupByTopic(list).map((t) => ({ topic: t.name, partitions: t.partitions })) }).catch(() => ({ logDirs: [] }));
        for (const dir of logDirs) for (const t of dir.topics) for (const p of t.partitions) {
          const k = key({ topic: t.name, partition: p.partition });
          copied.set(k, (copied.get(k) ?? 0) + p.sizeBytes);
        }
      }),
    );
    return copied;
  }

  /** Starts pending moves while every broker they involve has fewer than `movesPerBroker` in flight. */
  async #startBatch(kafka: KafkaClient, proposal: Proposal, moves: ProposalMove[]): Promise<boolean> {
    const load = new Map<number, number>();
    const involved = (m: ProposalMove) => [...new Set([...m.from, ...m.to])];
    for (const m of moves) if (m.state === 'moving') for (const id of involved(m)) load.set(id, (load.get(id) ?? 0) + 1);
    const batch: ProposalMove[] = [];
    for (const m of moves) {
      if (m.state !== 'pending') continue;
      if (involved(m).some((id) => (load.get(id) ?? 0) >= this.settings.movesPerBroker)) continue;
      for (const id of involved(m)) load.set(id, (load.get(id) ?? 0) + 1);
      batch.push(m);
    }
    if (batch.length === 0) return false;
    for (const m of batch) m.state = 'moving';
    // written first: after a crash between the two the pass finds the move listed (or done) rather than forgotten
    await updateProposal(this.#deps.db, proposal.id, { moves });
    const answer = await kafka.alterPartitionReassignments({ timeoutMs: REQUEST_TIMEOUT_MS, topics: groupByTopic(batch, (m) => ({ partition: m.partition, replicas: m.to })) });
    const refused = new Map(answer.results.filter((r) => r.errorCode !== 0).map((r) => [key(r), r.errorMessage ?? `Kafka error ${r.errorCode}`]));
    if (answer.errorCode !== 0) for (const m of batch) refused.set(key(m), answer.errorMessage ?? `Kafka error ${answer.errorCode}`);
    for (const m of batch) {
      const why = refused.get(key(m));
      if (why) Object.assign(m, { state: 'failed', error: why });
    }
    return true;
  }

  async #electPreferred(kafka: KafkaClient, done: ProposalMove[]): Promise<void> {
    const reordered = done.filter((m) => m.from[0] !== m.to[0]);
    if (reordered.length === 0) return;
    // best effort: a leader not yet in sync is elected by the controller's own preferred-leader check later
    await kafka.electLeaders({ electionType: 'preferred', topics: groupByTopic(reordered).map((t) => ({ name: t.name, partitions: t.partitions })), timeoutMs: REQUEST_TIMEOUT_MS }).catch(() => undefined);
  }

  /** Cancel: in-flight moves reverted (AlterPartitionReassignments with no replicas), the rest never started. */
  async #cancel(proposal: Proposal, kafka: KafkaClient): Promise<boolean> {
    const moves = proposal.moves.map((m) => ({ ...m }));
    const moving = moves.filter((m) => m.state === 'moving');
    if (moving.length > 0) {
      const answer = await kafka.alterPartitionReassignments({ timeoutMs: REQUEST_TIMEOUT_MS, topics: groupByTopic(moving, (m) => ({ partition: m.partition, replicas: null })) });
      const result = new Map(answer.results.map((r) => [key(r), r]));
      for (const m of moving) {
        const r = result.get(key(m));
        // NO_REASSIGNMENT_IN_PROGRESS: it finished just before the cancel
        m.state = r && r.errorCode === NO_REASSIGNMENT_IN_PROGRESS ? 'done' : r && r.errorCode !== 0 ? 'failed' : 'reverted';
        if (m.state === 'done') m.copiedBytes = m.bytes;
        if (r && r.errorCode !== 0 && r.errorCode !== NO_REASSIGNMENT_IN_PROGRESS) m.error = r.errorMessage ?? `Kafka error ${r.errorCode}`;
      }
    }
    for (const m of moves) if (m.state === 'pending') m.state = 'cancelled';
    return this.#end({ ...proposal, moves }, kafka, 'cancelled', null);
  }

  async #end(proposal: Proposal, kafka: KafkaClient | undefined, state: 'done' | 'cancelled' | 'failed', error: string | null): Promise<boolean> {
    await updateProposal(this.#deps.db, proposal.id, { state, moves: proposal.moves, error, finishedAt: new Date() }, 'executing');
    const counts = Object.fromEntries(['done', 'failed', 'reverted', 'cancelled'].map((s) => [s, proposal.moves.filter((m) => m.state === s).length]));
    await recordAudit(this.#deps.db, SYSTEM_ACTOR, {
      action: `rebalance.${state === 'done' ? 'finish' : state === 'cancelled' ? 'cancel' : 'fail'}`,
      clusterId: proposal.kafkaId,
      objectType: 'rebalance-proposal',
      objectId: proposal.id,
      outcome: state === 'failed' ? 'failure' : 'success',
      details: { moves: counts, ...(error ? { error } : {}) },
    });
    this.#deps.logger.info({ proposal: proposal.id, state, moves: counts }, `rebalance: proposal ${proposal.id} ${state}`);
    return this.#cleanUp({ ...proposal, state }, kafka);
  }

  /** Removes the throttles of an ended proposal; true once none are left. */
  async #cleanUp(proposal: Proposal, kafka?: KafkaClient): Promise<boolean> {
    if (!proposal.throttled) return true;
    const client = kafka ?? (await this.#deps.kafkaFor(proposal.kafkaId));
    if (client) await removeThrottles(client, proposal.throttled);
    await updateProposal(this.#deps.db, proposal.id, { throttled: null });
    return true;
  }
}

function groupByTopic<T extends { topic: string; partition: number }>(moves: T[]): { name: string; partitions: number[] }[];
function groupByTopic<T extends { topic: string; partition: number }, P>(moves: T[], partition: (m: T) => P): { name: string; partitions: P[] }[];
function groupByTopic<T extends { topic: string; partition: number }, P>(moves: T[], partition?: (m: T) => P) {
  const topics = new Map<string, unknown[]>();
  for (const m of moves) topics.set(m.topic, [...(topics.get(m.topic) ?? []), partition ? partition(m) : m.partition]);
  return [...topics].map(([name, partitions]) => ({ name, partitions }));
}
