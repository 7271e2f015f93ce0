/** API tokens for automation: created by an admin, shown once, stored as a hash, revocable at once. */
import { and, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { AuditActor } from '../audit/record';
import { recordAudit } from '../audit/record';
import { grantWithin, ROLE_ORDER, type Grant } from '../auth/permissions';
import type { Principal, TokenPrincipal } from '../auth/principal';
import { resolveClusterScope } from '../auth/cluster-scope';
import type { Db } from '../db';
import { apiTokens, users, type Role } from '../db/tables';
import { ApiError } from '../http/errors';
import { iso } from '../util/iso';
import type { CreatedTokenView, CreateTokenInput, TokenView } from './schema';
import { generateToken, looksLikeToken, tokenHash } from './token-format';

/** `last_used_at` is a hint for humans, so it is written at most this often per token rather than per request. */
const LAST_USED_RESOLUTION = '1 minute';

export async function createToken(db: Db, creator: Principal, who: AuditActor, input: CreateTokenInput): Promise<CreatedTokenView> {
  const grant = { role: input.role, clusters: await resolveClusterScope(db, input.clusters) };
  if (!grantWithin(grant, creator)) {
    throw ApiError.forbidden('A token cannot have a stronger role or reach more clusters than whoever creates it');
  }
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt.getTime() <= Date.now()) throw ApiError.badRequest('expiresAt must be in the future', 'expiresAt');
  const token = generateToken();
  const createdBy = creator.kind === 'user' ? creator.id : creator.createdBy;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ name: input.name, tokenHash: tokenHash(token), role: grant.role, scopeClusters: grant.clusters, expiresAt, createdBy })
      .returning();
    await recordAudit(tx, who, {
      action: 'token.create',
      objectType: 'token',
      objectId: row!.id,
      details: { name: row!.name, role: row!.role, clusters: row!.scopeClusters, expiresAt: iso(row!.expiresAt) },
    });
    return { ...baseView(row!), token };
  });
}

export async function listTokens(db: Db): Promise<TokenView[]> {
  const rows = await db
    .select({ token: apiTokens, createdBy: users.username })
    .from(apiTokens)
    .leftJoin(users, eq(users.id, apiTokens.createdBy))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
  return rows.map(({ token, createdBy }) => ({
    ...baseView(token),
    createdBy,
    lastUsedAt: iso(token.lastUsedAt),
    revokedAt: iso(token.revokedAt),
  }));
}

/** Revoking twice is not an error; only the first revocation is a change (and an audit entry). */
export async function revokeToken(db: Db, who: AuditActor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(apiTokens)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id, name: apiTokens.name });
    if (revoked) {
      await recordAudit(tx, who, { action: 'token.revoke', objectType: 'token', objectId: id, details: { name: revoked.name } });
      return;
    }
    const [exists] = await tx.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.id, id));
    if (!exists) throw ApiError.notFound(`API token ${id} does not exist`);
  });
}

/**
 * The caller behind a Bearer token, if the token exists, is not revoked, has not expired, and the user who made
 * it still exists and is enabled. The token acts with the weaker of its own grant and its maker's grant today,
 * so demoting a user, narrowing their clusters, disabling or deleting them takes their tokens along at once.
 */
export async function findTokenPrincipal(db: Db, token: string): Promise<TokenPrincipal | undefined> {
  if (!looksLikeToken(token)) return undefined;
  const now = new Date();
  const [row] = await db
    .select({ token: apiTokens, maker: { role: users.role, clusters: users.scopeClusters } })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.createdBy))
    .where(
      and(
        eq(apiTokens.tokenHash, tokenHash(token)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
        eq(users.disabled, false),
      ),
    );
  if (!row) return undefined;
  await touchLastUsed(db, row.token.id);
  const grant = narrowestGrant({ role: row.token.role, clusters: row.token.scopeClusters }, row.maker);
  return { kind: 'token', id: row.token.id, name: row.token.name, ...grant, createdBy: row.token.createdBy };
}

/** What both grants allow: the weaker role, and only clusters both reach. */
export function narrowestGrant(a: Grant, b: Grant): { role: Role; clusters: string[] | null } {
  const role = ROLE_ORDER[Math.min(ROLE_ORDER.indexOf(a.role), ROLE_ORDER.indexOf(b.role))]!;
  if (a.clusters === null) return { role, clusters: b.clusters === null ? null : [...b.clusters] };
  if (b.clusters === null) return { role, clusters: [...a.clusters] };
  return { role, clusters: a.clusters.filter((id) => b.clusters!.includes(id)) };
}

/** A deleted user's tokens are revoked with them (the use-time check refuses them anyway: their maker is gone). */
export async function revokeTokensMadeBy(tx: Pick<Db, 'update'>, userId: string): Promise<void> {
  await tx.update(apiTokens).set({ revokedAt: sql`now()` }).where(and(eq(apiTokens.createdBy, userId), isNull(apiTokens.revokedAt)));
}

async function touchLastUsed(db: Db, id: string): Promise<void> {
  await db
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(apiTokens.id, id),
        or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, sql`now() - ${LAST_USED_RESOLUTION}::interval`)),
      ),
    );
}

function baseView(row: typeof apiTokens.$inferSelect) {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    clusters: row.scopeClusters,
    expiresAt: iso(row.expiresAt),
    createdAt: row.createdAt.toISOString(),
  };
}
