/** Templates in the database; every change is audited in its transaction. */
import { asc, eq, isNull, or } from 'drizzle-orm';
import { recordAudit, type AuditActor } from '../audit/record';
import type { Db } from '../db';
import { connectorTemplates } from '../db/tables';
import { ApiError } from '../http/errors';
import type { NewTemplate, TemplateBody, TemplateUpdate } from './schema';
import type { Scope } from './scope';

type Row = typeof connectorTemplates.$inferSelect;

export function templateView(row: Row) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    connectorClass: row.connectorClass,
    config: row.config,
    placeholders: row.placeholders,
    connectClusterId: row.connectClusterId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Every template, or with `usableOn` only those usable on that Connect cluster: global ones and its own. */
export async function listTemplates(db: Db, usableOn?: string): Promise<Row[]> {
  const where = usableOn === undefined ? undefined : or(isNull(connectorTemplates.connectClusterId), eq(connectorTemplates.connectClusterId, usableOn));
  return db.select().from(connectorTemplates).where(where).orderBy(asc(connectorTemplates.name), asc(connectorTemplates.id));
}

export async function getTemplate(db: Db, id: string): Promise<Row> {
  const [row] = await db.select().from(connectorTemplates).where(eq(connectorTemplates.id, id));
  if (!row) throw ApiError.notFound(`Template "${id}" does not exist`);
  return row;
}

const details = (template: TemplateBody, scope: Scope) => ({
  name: template.name,
  connectorClass: template.connectorClass,
  placeholders: template.placeholders.map((placeholder) => placeholder.name),
  connectClusterId: scope,
});

export async function createTemplate(db: Db, who: AuditActor, template: NewTemplate): Promise<Row> {
  const scope = template.connectClusterId ?? null;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(connectorTemplates)
      .values({ ...template, connectClusterId: scope })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new ApiError(409, 'conflict', `Template "${template.id}" already exists`, 'id');
    await recordAudit(tx, who, { action: 'template.create', clusterId: scope, objectType: 'template', objectId: row.id, details: details(template, scope) });
    return row;
  });
}

/** Replaces the template; a body without `connectClusterId` keeps the scope it had. */
export async function updateTemplate(db: Db, who: AuditActor, id: string, template: TemplateUpdate): Promise<Row> {
  return db.transaction(async (tx) => {
    const { connectClusterId, ...body } = template;
    const [row] = await tx
      .update(connectorTemplates)
      .set({ ...body, ...(connectClusterId === undefined ? {} : { connectClusterId }), updatedAt: new Date() })
      .where(eq(connectorTemplates.id, id))
      .returning();
    if (!row) throw ApiError.notFound(`Template "${id}" does not exist`);
    await recordAudit(tx, who, {
      action: 'template.update',
      clusterId: row.connectClusterId,
      objectType: 'template',
      objectId: id,
      details: details(template, row.connectClusterId),
    });
    return row;
  });
}

export async function deleteTemplate(db: Db, who: AuditActor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(connectorTemplates)
      .where(eq(connectorTemplates.id, id))
      .returning({ name: connectorTemplates.name, connectClusterId: connectorTemplates.connectClusterId });
    if (!row) throw ApiError.notFound(`Template "${id}" does not exist`);
    await recordAudit(tx, who, { action: 'template.delete', clusterId: row.connectClusterId, objectType: 'template', objectId: id, details: { name: row.name } });
  });
}
