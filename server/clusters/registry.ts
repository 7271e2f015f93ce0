import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { connectClusters, connectWorkers, kafkaClusters } from '../db/tables';

export type KafkaCluster = typeof kafkaClusters.$inferSelect;
export type ConnectWorker = typeof connectWorkers.$inferSelect;
export type ConnectCluster = typeof connectClusters.$inferSelect & { workers: ConnectWorker[] };

export async function listKafkaClusters(db: Db): Promise<KafkaCluster[]> {
  return db.select().from(kafkaClusters).orderBy(asc(kafkaClusters.id));
}

export async function getKafkaCluster(db: Db, id: string): Promise<KafkaCluster | undefined> {
  const [row] = await db.select().from(kafkaClusters).where(eq(kafkaClusters.id, id));
  return row;
}

/** Connect clusters with their workers, in a stable order (cluster id, then worker URL). */
export async function listConnectClusters(db: Db): Promise<ConnectCluster[]> {
  const [clusters, workers] = await Promise.all([
    db.select().from(connectClusters).orderBy(asc(connectClusters.id)),
    db.select().from(connectWorkers).orderBy(asc(connectWorkers.url)),
  ]);
  return clusters.map((cluster) => ({
    ...cluster,
    workers: workers.filter((worker) => worker.connectClusterId === cluster.id),
  }));
}

export async function getConnectCluster(db: Db, id: string): Promise<ConnectCluster | undefined> {
  const [cluster] = await db.select().from(connectClusters).where(eq(connectClusters.id, id));
  if (!cluster) return undefined;
  const workers = await db
    .select()
    .from(connectWorkers)
    .where(eq(connectWorkers.connectClusterId, id))
    .orderBy(asc(connectWorkers.url));
  return { ...cluster, workers };
}
