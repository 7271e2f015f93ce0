/**
 * Who may do what: every permission Connectory checks, and the one table that grants them to roles.
 * Routes name the permission they need (see api-route.ts); nothing else decides access.
 */
import type { Role } from '../db/tables';

export const PERMISSIONS = {
  /** See the caller's own identity and permissions (`GET /api/v1/me`). */
  profileRead: 'profile:read',
  /** Read clusters, connectors, topics, groups, plugins, catalog and installs; never secrets (those are masked for everyone). */
  clusterRead: 'cluster:read',
  /** Pause, resume, stop and restart connectors and tasks. */
  connectorOperate: 'connector:operate',
  /** Create, edit and delete connectors, reset offsets, roll back configs. */
  connectorWrite: 'connector:write',
  /** Create, edit and delete topics. */
  topicWrite: 'topic:write',
  /** Create, edit and delete connector and topic templates of your own. */
  templateWrite: 'template:write',
  /** Register schema versions and set compatibility levels in a schema registry. */
  schemaWrite: 'schema:write',
  /** Delete schema registry subjects (soft and hard): admin only by default, as consumers may still need them. */
  schemaDelete: 'schema:delete',
  /** Upload artifacts, install, upgrade and remove plugins. */
  pluginManage: 'plugin:manage',
  /** Create and delete a Kafka cluster's ACLs (who may read and write its topics): admin only by default. */
  aclManage: 'acl:manage',
  /** Register, edit and remove Kafka and Connect clusters. */
  clusterManage: 'cluster:manage',
  /** Create personal alert channels, subscribe oneself to rules and mute them ("My alerts"): every signed-in user. */
  alertSubscribe: 'alert:subscribe',
  /** Create and edit alert rules, silences and acknowledgements for the clusters one may operate. */
  alertWrite: 'alert:write',
  /** Manage shared alert channels (everyone's notifications go through them): admin only. */
  alertManage: 'alert:manage',
  userManage: 'user:manage',
  tokenManage: 'token:manage',
  auditRead: 'audit:read',
} as const;

export type Permission = (typeof PERMISSIONS)[keyof typeof PERMISSIONS];
export const ALL_PERMISSIONS: readonly Permission[] = Object.values(PERMISSIONS);

const VIEWER: readonly Permission[] = [PERMISSIONS.profileRead, PERMISSIONS.clusterRead, PERMISSIONS.alertSubscribe];
const OPERATOR: readonly Permission[] = [
  ...VIEWER,
  PERMISSIONS.connectorOperate,
  PERMISSIONS.connectorWrite,
  PERMISSIONS.topicWrite,
  PERMISSIONS.templateWrite,
  PERMISSIONS.alertWrite,
  PERMISSIONS.schemaWrite,
];

export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  viewer: new Set(VIEWER),
  operator: new Set(OPERATOR),
  admin: new Set(ALL_PERMISSIONS),
};

/**
 * Permissions over Connectory itself rather than over one cluster. A grant limited to some clusters never holds
 * them: a cluster-scoped admin who could manage users or tokens could hand out an unscoped grant.
 */
export const GLOBAL_PERMISSIONS: ReadonlySet<Permission> = new Set([
  PERMISSIONS.clusterManage,
  PERMISSIONS.userManage,
  PERMISSIONS.tokenManage,
  PERMISSIONS.auditRead,
  PERMISSIONS.alertManage,
]);

/** Roles from weakest to strongest; a role holds every permission of the roles before it. */
export const ROLE_ORDER: readonly Role[] = ['viewer', 'operator', 'admin'];

export interface Grant {
  role: Role;
  /**
   * Clusters the grant covers, each `kafka:<id>` or `connect:<id>`; null covers every cluster. A bare `<id>` is
   * the form from before grants named the kind: it covers a cluster of either kind with that id.
   */
  clusters: readonly string[] | null;
}

/** A Kafka and a Connect cluster may share an id (`local`): a grant on one must never unlock the other. */
export type ClusterKind = 'kafka' | 'connect';
export const CLUSTER_KINDS: readonly ClusterKind[] = ['kafka', 'connect'];

export function clusterGrantEntry(kind: ClusterKind, clusterId: string): string {
  return `${kind}:${clusterId}`;
}

export function grantHolds(grant: Grant, permission: Permission): boolean {
  if (!ROLE_PERMISSIONS[grant.role].has(permission)) return false;
  return grant.clusters === null || !GLOBAL_PERMISSIONS.has(permission);
}

export function grantCoversCluster(grant: Grant, kind: ClusterKind, clusterId: string): boolean {
  return grant.clusters === null || grant.clusters.includes(clusterGrantEntry(kind, clusterId)) || grant.clusters.includes(clusterId);
}

/** What the grant holds, in the table's order: the UI hides actions with it. */
export function permissionsOf(grant: Grant): Permission[] {
  return ALL_PERMISSIONS.filter((permission) => grantHolds(grant, permission));
}

/** True when `inner` gives nothing that `outer` does not: same or weaker role, and no cluster outside outer's scope. */
export function grantWithin(inner: Grant, outer: Grant): boolean {
  if (ROLE_ORDER.indexOf(inner.role) > ROLE_ORDER.indexOf(outer.role)) return false;
  if (outer.clusters === null) return true;
  return inner.clusters !== null && inner.clusters.every((entry) => entryWithin(entry, outer.clusters!));
}

/** A kinded entry is within the same entry or a bare id; a bare one only within a bare one or both kinds. */
function entryWithin(entry: string, outer: readonly string[]): boolean {
  if (outer.includes(entry)) return true;
  const [kind, id] = splitEntry(entry);
  if (kind) return outer.includes(id);
  return CLUSTER_KINDS.every((k) => outer.includes(clusterGrantEntry(k, id)));
}

export function splitEntry(entry: string): [ClusterKind | undefined, string] {
  for (const kind of CLUSTER_KINDS) if (entry.startsWith(`${kind}:`)) return [kind, entry.slice(kind.length + 1)];
  return [undefined, entry];
}
