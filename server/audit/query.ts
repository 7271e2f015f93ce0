import { and, count, desc, eq, gte, like, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { auditLog } from '../db/tables';
import type { AuditEntryView, AuditQuery } from './schema';

export async function queryAudit(db: Db, query: AuditQuery): Promise<{ items: AuditEntryView[]; total: number }> {
  const where = and(...conditions(query));
  const [rows, [counted]] = await Promise.all([
    db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(query.size)
      .offset((query.page - 1) * query.size),
    db.select({ total: count() }).from(auditLog).where(where),
  ]);
  return { items: rows.map(toView), total: counted?.total ?? 0 };
}

function conditions(query: AuditQuery): SQL[] {
  const found: SQL[] = [];
  if (query.actor) found.push(eq(auditLog.actor, query.actor));
  if (query.action) found.push(query.action.endsWith('.') ? like(auditLog.action, `${escapeLike(query.action)}%`) : eq(auditLog.action, query.action));
  if (query.clusterId) found.push(eq(auditLog.clusterId, query.clusterId));
  if (query.objectType) found.push(eq(auditLog.objectType, query.objectType));
  if (query.outcome) found.push(eq(auditLog.outcome, query.outcome));
  if (query.from) found.push(gte(auditLog.at, new Date(query.from)));
  if (query.to) found.push(lt(auditLog.at, new Date(query.to)));
  return found;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function toView(row: typeof auditLog.$inferSelect): AuditEntryView {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor: row.actor,
    actorKind: row.actorKind,
    sourceIp: row.sourceIp,
    action: row.action,
    clusterId: row.clusterId,
    objectType: row.objectType,
    objectId: row.objectId,
    details: row.details,
    outcome: row.outcome,
  };
}
