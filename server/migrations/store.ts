/** Migrations in PostgreSQL; the service is the one writer. */
import { and, desc, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '../db';
import { migrations } from '../db/tables';

export type Migration = typeof migrations.$inferSelect;
export type NewMigration = typeof migrations.$inferInsert;

export async function insertMigration(db: Db, values: NewMigration): Promise<Migration> {
  const [row] = await db.insert(migrations).values(values).returning();
  return row!;
}

export async function getMigration(db: Db, id: string): Promise<Migration | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const [row] = await db.select().from(migrations).where(eq(migrations.id, id));
  return row;
}

export async function listMigrations(db: Db, limit = 100): Promise<Migration[]> {
  return db.select().from(migrations).orderBy(desc(migrations.createdAt)).limit(limit);
}

export async function updateMigration(db: Db, id: string, set: Partial<NewMigration>): Promise<Migration> {
  const [row] = await db.update(migrations).set({ ...set, updatedAt: new Date() }).where(eq(migrations.id, id)).returning();
  return row!;
}

/** Takes an installing migration's ended install for this caller alone: two servers (or a page and the monitor) never both create its connectors. */
export async function claimInstall(db: Db, id: string, operationId: string): Promise<Migration | undefined> {
  const [row] = await db
    .update(migrations)
    .set({ installOperationId: null, updatedAt: new Date() })
    .where(and(eq(migrations.id, id), eq(migrations.installOperationId, operationId)))
    .returning();
  return row;
}

/** Ids of the other installing or running migrations to the same target cluster. */
export async function otherActiveMigrationsTo(db: Db, migration: Migration): Promise<string[]> {
  const rows = await db
    .select({ id: migrations.id })
    .from(migrations)
    .where(and(eq(migrations.targetKafkaId, migration.targetKafkaId), ne(migrations.id, migration.id), inArray(migrations.state, ['installing', 'running'])));
  return rows.map((row) => row.id);
}
