import { inArray } from 'drizzle-orm';
import type { Db } from '../db';
import { connectClusters, kafkaClusters } from '../db/tables';
import { normalizeClusters } from './schema';
import { clusterGrantEntry, splitEntry, type ClusterKind } from './permissions';

/**
 * A grant's clusters as stored: every bare id that names a registered cluster becomes `kafka:<id>` and/or
 * `connect:<id>`, so the grant says which kind it reaches and a Connect cluster registered later under a Kafka
 * cluster's id is not unlocked by it. A bare id naming no registered cluster is kept as given.
 */
export async function resolveClusterScope(db: Db, clusters: readonly string[] | null | undefined): Promise<string[] | null> {
  const normalized = normalizeClusters(clusters);
  if (normalized === null) return null;
  const bare = normalized.filter((entry) => splitEntry(entry)[0] === undefined);
  if (bare.length === 0) return normalized;
  const [kafka, connect] = await Promise.all([
    db.select({ id: kafkaClusters.id }).from(kafkaClusters).where(inArray(kafkaClusters.id, bare)),
    db.select({ id: connectClusters.id }).from(connectClusters).where(inArray(connectClusters.id, bare)),
  ]);
  const kinds = new Map<string, ClusterKind[]>();
  for (const [kind, rows] of [['kafka', kafka], ['connect', connect]] as const) {
    for (const { id } of rows) kinds.set(id, [...(kinds.get(id) ?? []), kind]);
  }
  return normalizeClusters(normalized.flatMap((entry) => kinds.get(entry)?.map((kind) => clusterGrantEntry(kind, entry)) ?? [entry]));
}
