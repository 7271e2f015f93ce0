/**
 * Leases in PostgreSQL (or PGlite): a row per job naming the server process that runs it and until when.
 * Every comparison uses the database's clock (`now()`), never a server's, so servers whose clocks drift
 * still agree on when a lease has run out. Each call is one statement, atomic on its own.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { jobLeases } from '../db/tables';

export interface LeaseRow {
  name: string;
  holder: string;
  acquiredAt: Date;
  expiresAt: Date;
}

/** A holder id for this server process, readable in the table and the logs: `<host>:<pid>:<random>`. */
export function processHolderId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

function expiryIn(leaseMs: number): SQL {
  return sql`now() + ${Math.max(1, Math.round(leaseMs))}::integer * interval '1 millisecond'`;
}

/**
 * Takes the lease when nobody holds it, its holder let it run out, or `holder` has it already.
 * Resolves with whether `holder` holds it now.
 */
export async function acquireLease(db: Db, name: string, holder: string, leaseMs: number): Promise<boolean> {
  const rows = await db
    .insert(jobLeases)
    .values({ name, holder, expiresAt: expiryIn(leaseMs) })
    .onConflictDoUpdate({
      target: jobLeases.name,
      set: { holder, acquiredAt: sql`now()`, expiresAt: expiryIn(leaseMs) },
      setWhere: sql`${jobLeases.expiresAt} < now() or ${jobLeases.holder} = ${holder}`,
    })
    .returning({ holder: jobLeases.holder });
  return rows.length === 1;
}

/**
 * Extends the lease if `holder` still has it. Even a lease past its expiry is renewed while nobody took it
 * over: no one else ran the job in between, so the holder carrying on overlaps with nobody.
 */
export async function renewLease(db: Db, name: string, holder: string, leaseMs: number): Promise<boolean> {
  const rows = await db
    .update(jobLeases)
    .set({ expiresAt: expiryIn(leaseMs) })
    .where(and(eq(jobLeases.name, name), eq(jobLeases.holder, holder)))
    .returning({ name: jobLeases.name });
  return rows.length === 1;
}

/** Gives the lease up (if `holder` has it), so another server takes the job at its next attempt. */
export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.delete(jobLeases).where(and(eq(jobLeases.name, name), eq(jobLeases.holder, holder)));
}

/** Drops every lease: only for a database no other server can open (embedded PGlite), at start. */
export async function clearLeases(db: Db): Promise<void> {
  await db.delete(jobLeases);
}

/** Every lease, expired or not: who runs what (tests, diagnostics). */
export async function listLeases(db: Db): Promise<LeaseRow[]> {
  return db.select().from(jobLeases).orderBy(jobLeases.name);
}
