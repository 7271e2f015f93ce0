/** Proposals in PostgreSQL: read and written whole; the executor is the one writer of a running proposal. */
import { and, desc, eq, isNotNull, or } from 'drizzle-orm';
import type { Db } from '../db';
import { rebalanceProposals, type ProposalState, type RebalanceKind, type ThrottledTargets } from '../db/tables';
import type { BrokerLoad, Plan, PlannedMove } from './model';

export type MoveState = 'pending' | 'moving' | 'done' | 'failed' | 'cancelled' | 'reverted';

export interface ProposalMove extends PlannedMove {
  state: MoveState;
  /** Bytes the new replicas hold so far (from their brokers' log dirs). */
  copiedBytes: number;
  error?: string;
  /** Passes that found the move neither listed nor done (metadata trailing the controller). */
  unsettledPasses?: number;
}

export interface Proposal {
  id: string;
  kafkaId: string;
  kind: RebalanceKind;
  state: ProposalState;
  cancelRequested: boolean;
  request: Record<string, unknown>;
  moves: ProposalMove[];
  before: BrokerLoad[];
  after: BrokerLoad[];
  summary: { totalBytes: number; diskMaxOverMean: Plan['diskMaxOverMean']; unplaced: Plan['unplaced'] };
  fingerprint: string;
  throttleBytesPerSecond: number | null;
  throttled: ThrottledTargets | null;
  error: string | null;
  createdBy: string;
  approvedBy: string | null;
  createdAt: Date;
  approvedAt: Date | null;
  finishedAt: Date | null;
}

type Row = typeof rebalanceProposals.$inferSelect;

function fromRow(row: Row): Proposal {
  const { summary, ...request } = row.request as Record<string, unknown> & { summary: Proposal['summary'] };
  return {
    id: row.id,
    kafkaId: row.kafkaClusterId,
    kind: row.kind,
    state: row.state,
    cancelRequested: row.cancelRequested,
    request,
    moves: row.moves as ProposalMove[],
    before: row.before as BrokerLoad[],
    after: row.after as BrokerLoad[],
    summary,
    fingerprint: row.fingerprint,
    throttleBytesPerSecond: row.throttleBytesPerSecond,
    throttled: row.throttled,
    error: row.error,
    createdBy: row.createdBy,
    approvedBy: row.approvedBy,
    createdAt: row.createdAt,
    approvedAt: row.approvedAt,
    finishedAt: row.finishedAt,
  };
}

export async function insertProposal(
  db: Db,
  values: { kafkaId: string; kind: RebalanceKind; request: Record<string, unknown>; plan: Plan; fingerprint: string; createdBy: string },
): Promise<Proposal> {
  const { plan } = values;
  const moves: ProposalMove[] = plan.moves.map((move) => ({ ...move, state: 'pending', copiedBytes: 0 }));
  const summary = { totalBytes: plan.totalBytes, diskMaxOverMean: plan.diskMaxOverMean, unplaced: plan.unplaced };
  const [row] = await db
    .insert(rebalanceProposals)
    .values({
      kafkaClusterId: values.kafkaId,
      kind: values.kind,
      request: { ...values.request, summary },
      moves,
      before: plan.before,
      after: plan.after,
      fingerprint: values.fingerprint,
      createdBy: values.createdBy,
    })
    .returning();
  return fromRow(row!);
}

export async function getProposal(db: Db, kafkaId: string, id: string): Promise<Proposal | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const [row] = await db.select().from(rebalanceProposals).where(and(eq(rebalanceProposals.id, id), eq(rebalanceProposals.kafkaClusterId, kafkaId)));
  return row ? fromRow(row) : undefined;
}

export async function getProposalById(db: Db, id: string): Promise<Proposal | undefined> {
  const [row] = await db.select().from(rebalanceProposals).where(eq(rebalanceProposals.id, id));
  return row ? fromRow(row) : undefined;
}

export async function listProposals(db: Db, kafkaId: string, limit = 50): Promise<Proposal[]> {
  const rows = await db.select().from(rebalanceProposals).where(eq(rebalanceProposals.kafkaClusterId, kafkaId)).orderBy(desc(rebalanceProposals.createdAt)).limit(limit);
  return rows.map(fromRow);
}

/** Running proposals, and ended ones whose throttles are still to be removed. */
export async function unfinishedProposalIds(db: Db): Promise<string[]> {
  const rows = await db
    .select({ id: rebalanceProposals.id })
    .from(rebalanceProposals)
    .where(or(eq(rebalanceProposals.state, 'executing'), isNotNull(rebalanceProposals.throttled)));
  return rows.map((row) => row.id);
}

export type ProposalUpdate = Partial<Pick<typeof rebalanceProposals.$inferInsert, 'state' | 'cancelRequested' | 'moves' | 'throttleBytesPerSecond' | 'throttled' | 'error' | 'approvedBy' | 'approvedAt' | 'finishedAt'>>;

/** Updates the proposal if it is still in `expected` state; returns whether it was. */
export async function updateProposal(db: Db, id: string, update: ProposalUpdate, expected?: ProposalState): Promise<boolean> {
  const rows = await db
    .update(rebalanceProposals)
    .set({ ...update, updatedAt: new Date() })
    .where(expected ? and(eq(rebalanceProposals.id, id), eq(rebalanceProposals.state, expected)) : eq(rebalanceProposals.id, id))
    .returning({ id: rebalanceProposals.id });
  return rows.length === 1;
}
