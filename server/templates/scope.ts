/**
 * Where a template may be used: on every cluster (scope null, "global") or on one registered cluster.
 *
 * The scope key is the id of the kind of cluster the template is used on, not one "cluster" for both kinds.
 * Connectory registers Kafka clusters and Connect clusters separately: a Connect cluster only optionally names
 * the Kafka cluster it uses, and a Kafka and a Connect cluster may share an id (`local`) while being different
 * systems, which is why cluster grants name the kind (`kafka:<id>`, `connect:<id>`). A connector template becomes
 * a connector on a Connect cluster (`/connect/{connectId}/connectors`), so it is scoped by Connect cluster id; a
 * topic template is applied on a Kafka cluster (`/clusters/{kafkaId}/topics`), so by Kafka cluster id. One shared
 * key would either need every Connect cluster to have a Kafka cluster, or let a grant on Kafka `x` reach Connect
 * `x`'s templates.
 *
 * Deleting a cluster deletes the templates scoped to it (ON DELETE CASCADE) rather than making them global: a
 * template saved for one cluster carries that cluster's hosts, topics and sizing, and offering it on every other
 * cluster without anyone asking would widen its reach by surprise. The cluster's delete audit entry names them.
 */
import { eq } from 'drizzle-orm';
import { assertClusterAccess } from '../auth/authorize';
import { grantCoversCluster, type ClusterKind, type Grant } from '../auth/permissions';
import type { Principal } from '../auth/principal';
import type { Db } from '../db';
import { connectClusters, connectorTemplates, kafkaClusters, topicTemplates } from '../db/tables';
import { ApiError } from '../http/errors';

/** A template's scope: a cluster id of the template's kind, or null for every cluster. */
export type Scope = string | null;

const KIND_NAME: Record<ClusterKind, string> = { kafka: 'Kafka', connect: 'Connect' };

/** Refuses (400 naming `field`) a scope that names no registered cluster of this kind. */
export async function assertScopeRegistered(db: Db, kind: ClusterKind, clusterId: Scope, field: string): Promise<void> {
  if (clusterId === null) return;
  const [row] =
    kind === 'kafka'
      ? await db.select({ id: kafkaClusters.id }).from(kafkaClusters).where(eq(kafkaClusters.id, clusterId))
      : await db.select({ id: connectClusters.id }).from(connectClusters).where(eq(connectClusters.id, clusterId));
  if (!row) throw ApiError.badRequest(`${KIND_NAME[kind]} cluster "${clusterId}" is not registered`, field);
}

/** Global templates are for everyone; a cluster's only for callers whose grant reaches that cluster. */
export function scopeVisible(grant: Grant, kind: ClusterKind, scope: Scope): boolean {
  return scope === null || grantCoversCluster(grant, kind, scope);
}

/** 403 unless the caller may see (and, with the route's permission, change) templates of this scope. */
export function assertScopeAccess(principal: Principal, kind: ClusterKind, scope: Scope): void {
  if (scope !== null) assertClusterAccess(principal, kind, scope);
}

/** Whether a template of `scope` may be used on cluster `clusterId`. */
export const usableOn = (scope: Scope, clusterId: string): boolean => scope === null || scope === clusterId;

/** The ids of the templates that go when the cluster is deleted, for its audit entry. */
export async function templatesScopedTo(db: Pick<Db, 'select'>, kind: ClusterKind, clusterId: string): Promise<string[]> {
  const rows =
    kind === 'connect'
      ? await db.select({ id: connectorTemplates.id }).from(connectorTemplates).where(eq(connectorTemplates.connectClusterId, clusterId))
      : await db.select({ id: topicTemplates.id }).from(topicTemplates).where(eq(topicTemplates.kafkaClusterId, clusterId));
  return rows.map((row) => row.id).sort();
}
