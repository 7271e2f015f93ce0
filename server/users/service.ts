/**
 * Local users. Guards keep the instance manageable: nobody deletes, disables or demotes themselves, and the
 * last enabled full administrator (role admin, every cluster) cannot be removed, disabled or demoted.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { recordAudit, type AuditActor } from '../audit/record';
import { hashPassword } from '../auth/passwords';
import type { Principal } from '../auth/principal';
import { resolveClusterScope } from '../auth/cluster-scope';
import { deleteUserSessions } from '../auth/sessions';
import type { Db } from '../db';
import { revokeTokensMadeBy } from '../tokens/service';
import { users } from '../db/tables';
import { ApiError } from '../http/errors';
import type { CreateUserInput, UpdateUserInput, UserView } from './schema';

type UserRow = typeof users.$inferSelect;
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export async function listUsers(db: Db): Promise<UserView[]> {
  return (await db.select().from(users).orderBy(asc(users.username))).map(toView);
}

export async function createUser(db: Db, who: AuditActor, input: CreateUserInput): Promise<UserView> {
  const passwordHash = await hashPassword(input.password);
  const clusters = await resolveClusterScope(db, input.clusters);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({ username: input.username, passwordHash, role: input.role, scopeClusters: clusters })
      .onConflictDoNothing({ target: users.username })
      .returning();
    if (!row) throw ApiError.conflict(`User "${input.username}" already exists`);
    await recordAudit(tx, who, {
      action: 'user.create',
      objectType: 'user',
      objectId: row.id,
      details: { username: row.username, role: row.role, clusters },
    });
    return toView(row);
  });
}

export async function updateUser(db: Db, caller: Principal, who: AuditActor, id: string, input: UpdateUserInput): Promise<UserView> {
  const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
  const clusters = input.clusters === undefined ? undefined : await resolveClusterScope(db, input.clusters);
  return db.transaction(async (tx) => {
    const before = await lockUser(tx, id);
    const after = {
      role: input.role ?? before.role,
      scopeClusters: clusters === undefined ? before.scopeClusters : clusters,
      disabled: input.disabled ?? before.disabled,
    };
    const disabling = after.disabled && !before.disabled;
    if (isFullAdmin(before) && !isFullAdmin(after)) {
      const refusal: Refusal = disabling ? 'disable' : 'demote';
      refuseForSelf(caller, id, refusal);
      await refuseIfLastAdmin(tx, id, refusal);
    } else if (disabling) {
      refuseForSelf(caller, id, 'disable');
    }
    const changed = changedFields(before, after, passwordHash !== undefined);
    if (changed.length === 0) return toView(before); // nothing to change, nothing to audit
    const [row] = await tx
      .update(users)
      .set({ ...after, ...(passwordHash ? { passwordHash } : {}), updatedAt: sql`now()` })
      .where(eq(users.id, id))
      .returning();
    if (after.disabled || passwordHash) {
      const keep = caller.kind === 'user' && caller.id === id && !after.disabled ? caller.session.idHash : undefined;
      await deleteUserSessions(tx, id, keep);
    }
    await recordAudit(tx, who, {
      action: 'user.update',
      objectType: 'user',
      objectId: id,
      details: {
        username: before.username,
        changed,
        role: after.role,
        clusters: after.scopeClusters,
        disabled: after.disabled,
      },
    });
    return toView(row!);
  });
}

export async function deleteUser(db: Db, caller: Principal, who: AuditActor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const user = await lockUser(tx, id);
    refuseForSelf(caller, id, 'delete');
    if (isFullAdmin(user)) await refuseIfLastAdmin(tx, id, 'delete');
    await revokeTokensMadeBy(tx, id);
    await tx.delete(users).where(eq(users.id, id));
    await recordAudit(tx, who, {
      action: 'user.delete',
      objectType: 'user',
      objectId: id,
      details: { username: user.username, role: user.role, clusters: user.scopeClusters },
    });
  });
}

async function lockUser(tx: Tx, id: string): Promise<UserRow> {
  const [user] = await tx.select().from(users).where(eq(users.id, id)).for('update');
  if (!user) throw ApiError.notFound(`User ${id} does not exist`);
  return user;
}

type Refusal = 'delete' | 'disable' | 'demote';

function refuseForSelf(caller: Principal, id: string, what: Refusal): void {
  if (caller.kind === 'user' && caller.id === id) {
    throw ApiError.conflict(`You cannot ${what} your own account: ask another administrator`);
  }
}

/**
 * Locks every enabled full administrator, so two admins demoting each other at the same moment cannot both
 * succeed and leave nobody able to manage users.
 */
async function refuseIfLastAdmin(tx: Tx, id: string, what: Refusal): Promise<void> {
  const admins = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.disabled, false), isNull(users.scopeClusters)))
    .for('update');
  if (admins.every((admin) => admin.id === id)) {
    throw ApiError.conflict(`Cannot ${what} the last enabled administrator with access to every cluster: make another user one first`);
  }
}

function isFullAdmin(user: Pick<UserRow, 'role' | 'disabled' | 'scopeClusters'>): boolean {
  return user.role === 'admin' && !user.disabled && user.scopeClusters === null;
}

function changedFields(before: UserRow, after: Pick<UserRow, 'role' | 'scopeClusters' | 'disabled'>, passwordChanged: boolean): string[] {
  const changed: string[] = [];
  if (after.role !== before.role) changed.push('role');
  if (JSON.stringify(after.scopeClusters) !== JSON.stringify(before.scopeClusters)) changed.push('clusters');
  if (after.disabled !== before.disabled) changed.push('disabled');
  if (passwordChanged) changed.push('password');
  return changed;
}

export function toView(row: UserRow): UserView {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    clusters: row.scopeClusters,
    disabled: row.disabled,
    createdAt: row.createdAt.toISOString(),
  };
}
