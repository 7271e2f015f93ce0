/** Templates in the database; every change is audited in its transaction. */
import { asc, eq } from 'drizzle-orm';
import { recordAudit, type AuditActor } from '../audit/record';
import type { Db } from '../db';
import { connectorTemplates } from '../db/tables';
import { ApiError } from '../http/errors';
import type { Template, TemplateBody } from './schema';

type Row = typeof connectorTemplates.$inferSelect;

export function templateView(row: Row) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    connectorClass: row.connectorClass,
    config: row.config,
    placeholders: row.placeholders,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listTemplates(db: Db): Promise<Row[]> {
  return db.select().from(connectorTemplates).orderBy(asc(connectorTemplates.name), asc(connectorTemplates.id));
}

export async function getTemplate(db: Db, id: string): Promise<Row> {
  const [row] = await db.select().from(connectorTemplates).where(eq(connectorTemplates.id, id));
  if (!row) throw ApiError.notFound(`Template "${id}" does not exist`);
  return row;
}

const details = (template: TemplateBody) => ({
  name: template.name,
  connectorClass: template.connectorClass,
  placeholders: template.placeholders.map((placeholder) => placeholder.name),
});

export async function createTemplate(db: Db, who: AuditActor, template: Template): Promise<Row> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(connectorTemplates).values(template).onConflictDoNothing().returning();
    if (!row) throw new ApiError(409, 'conflict', `Template "${template.id}" already exists`, 'id');
    await recordAudit(tx, who, { action: 'template.create', objectType: 'template', objectId: row.id, details: details(template) });
    return row;
  });
}

export async function updateTemplate(db: Db, who: AuditActor, id: string, template: TemplateBody): Promise<Row> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(connectorTemplates)
      .set({ ...template, updatedAt: new Date() })
      .where(eq(connectorTemplates.id, id))
      .returning();
    if (!row) throw ApiError.notFound(`Template "${id}" does not exist`);
    await recordAudit(tx, who, { action: 'template.update', objectType: 'template', objectId: id, details: details(template) });
    return row;
  });
}

export async function deleteTemplate(db: Db, who: AuditActor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.delete(connectorTemplates).where(eq(connectorTemplates.id, id)).returning({ name: connectorTemplates.name });
    if (!row) throw ApiError.notFound(`Template "${id}" does not exist`);
    await recordAudit(tx, who, { action: 'template.delete', objectType: 'template', objectId: id, details: { name: row.name } });
  });
}
