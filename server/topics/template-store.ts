/**
 * Topic templates of users' own, in the database, beside the built-in ones (code, read-only). Every change is
 * audited in its transaction, as connector templates are.
 */
import { asc, eq, isNull, or } from 'drizzle-orm';
import { recordAudit, type AuditActor } from '../audit/record';
import type { Db } from '../db';
import { topicTemplates } from '../db/tables';
import { ApiError } from '../http/errors';
import { usableOn, type Scope } from '../templates/scope';
import type { NewTopicTemplate, TopicTemplateUpdate, TopicTemplateView } from './template-schema';
import { findTemplate, TOPIC_TEMPLATES, type TopicTemplate } from './templates';

type Row = typeof topicTemplates.$inferSelect;

export function builtInView(template: TopicTemplate): TopicTemplateView {
  return { ...template, configs: { ...template.configs }, rationale: { ...template.rationale }, builtIn: true, kafkaClusterId: null, createdAt: null, updatedAt: null };
}

/** A stored template sets exactly what was saved: no min.insync.replicas derived from the replication factor. */
export function storedTemplate(row: Row): TopicTemplate {
  return { id: row.id, name: row.name, description: row.description, partitions: row.partitions, replicationFactor: row.replicationFactor, minInsyncFromReplication: false, configs: row.configs, rationale: {} };
}

export function storedView(row: Row): TopicTemplateView {
  return {
    ...storedTemplate(row),
    configs: { ...row.configs },
    rationale: {},
    builtIn: false,
    kafkaClusterId: row.kafkaClusterId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Stored templates by name, or with `usableOn` only the global ones and that Kafka cluster's. */
export async function listStoredTopicTemplates(db: Db, usableOn?: string): Promise<Row[]> {
  const where = usableOn === undefined ? undefined : or(isNull(topicTemplates.kafkaClusterId), eq(topicTemplates.kafkaClusterId, usableOn));
  return db.select().from(topicTemplates).where(where).orderBy(asc(topicTemplates.name), asc(topicTemplates.id));
}

export async function getStoredTopicTemplate(db: Db, id: string): Promise<Row | undefined> {
  const [row] = await db.select().from(topicTemplates).where(eq(topicTemplates.id, id));
  return row;
}

/** Built-in templates cannot be changed: 409, as for a write that conflicts with what exists. */
export function refuseBuiltIn(id: string): void {
  if (findTemplate(id)) throw new ApiError(409, 'conflict', `Topic template "${id}" is built in and cannot be changed or deleted; save a copy under another id`, 'id');
}

/**
 * The template a topic on `kafkaId` is created from: a built-in one, or a stored one that is global or that
 * cluster's. Anything else is a 400 naming `template`, listing what would do.
 */
export async function resolveTopicTemplate(db: Db, id: string, kafkaId: string): Promise<TopicTemplate> {
  const builtIn = findTemplate(id);
  if (builtIn) return builtIn;
  const row = await getStoredTopicTemplate(db, id);
  if (row && usableOn(row.kafkaClusterId, kafkaId)) return storedTemplate(row);
  if (row) throw ApiError.badRequest(`Topic template "${id}" is for Kafka cluster "${row.kafkaClusterId}" only`, 'template');
  const known = [...TOPIC_TEMPLATES.map((template) => template.id), ...(await listStoredTopicTemplates(db, kafkaId)).map((stored) => stored.id)];
  throw ApiError.badRequest(`Unknown topic template "${id}" (known: ${known.join(', ')})`, 'template');
}

const details = (template: TopicTemplateUpdate, scope: Scope) => ({
  name: template.name,
  partitions: template.partitions,
  replicationFactor: template.replicationFactor,
  configs: template.configs,
  kafkaClusterId: scope,
});

export async function createTopicTemplate(db: Db, who: AuditActor, template: NewTopicTemplate): Promise<Row> {
  refuseBuiltIn(template.id);
  const scope = template.kafkaClusterId ?? null;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(topicTemplates)
      .values({ ...template, kafkaClusterId: scope })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new ApiError(409, 'conflict', `Topic template "${template.id}" already exists`, 'id');
    await recordAudit(tx, who, { action: 'topic-template.create', clusterId: scope, objectType: 'topic-template', objectId: row.id, details: details(template, scope) });
    return row;
  });
}

/** Replaces the template; a body without `kafkaClusterId` keeps the scope it had. */
export async function updateTopicTemplate(db: Db, who: AuditActor, id: string, template: TopicTemplateUpdate): Promise<Row> {
  refuseBuiltIn(id);
  return db.transaction(async (tx) => {
    const { kafkaClusterId, ...body } = template;
    const [row] = await tx
      .update(topicTemplates)
      .set({ ...body, ...(kafkaClusterId === undefined ? {} : { kafkaClusterId }), updatedAt: new Date() })
      .where(eq(topicTemplates.id, id))
      .returning();
    if (!row) throw ApiError.notFound(`Topic template "${id}" does not exist`);
    await recordAudit(tx, who, {
      action: 'topic-template.update',
      clusterId: row.kafkaClusterId,
      objectType: 'topic-template',
      objectId: id,
      details: details(template, row.kafkaClusterId),
    });
    return row;
  });
}

export async function deleteTopicTemplate(db: Db, who: AuditActor, id: string): Promise<void> {
  refuseBuiltIn(id);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(topicTemplates)
      .where(eq(topicTemplates.id, id))
      .returning({ name: topicTemplates.name, kafkaClusterId: topicTemplates.kafkaClusterId });
    if (!row) throw ApiError.notFound(`Topic template "${id}" does not exist`);
    await recordAudit(tx, who, { action: 'topic-template.delete', clusterId: row.kafkaClusterId, objectType: 'topic-template', objectId: id, details: { name: row.name } });
  });
}
