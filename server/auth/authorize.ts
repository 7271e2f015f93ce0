/**
 * The one place access is decided. `authorize(permission)` runs first on every /api/v1 route (api-route.ts
 * attaches it, before input validation, so a refused caller learns nothing about the input format).
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env';
import { ApiError } from '../http/errors';
import { grantCoversCluster, grantHolds, type ClusterKind, type Permission } from './permissions';
import type { Principal } from './principal';

/** Path parameters that name a cluster; a cluster-scoped grant only reaches the clusters it lists. */
export const CLUSTER_PARAMS = ['kafkaId', 'connectId'] as const;
/** The kind of cluster each parameter names: a grant on Kafka cluster `x` does not reach Connect cluster `x`. */
const CLUSTER_PARAM_KINDS: Record<(typeof CLUSTER_PARAMS)[number], ClusterKind> = { kafkaId: 'kafka', connectId: 'connect' };

export function authorize(permission: Permission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = requirePrincipal(c);
    if (!grantHolds(principal, permission)) {
      throw ApiError.forbidden(`${describe(principal)} lacks the permission "${permission}"`);
    }
    for (const param of CLUSTER_PARAMS) {
      const clusterId = c.req.param(param);
      if (clusterId !== undefined) assertClusterAccess(principal, CLUSTER_PARAM_KINDS[param], clusterId);
    }
    c.set('authorized', true);
    await next();
  };
}

export function requirePrincipal(c: Context<AppEnv>): Principal {
  const principal = c.get('principal');
  if (!principal) throw ApiError.unauthenticated();
  return principal;
}

/** For routes that reach a cluster through something else than its id in the path (an install's id, say). */
export function assertClusterAccess(principal: Principal, kind: ClusterKind, clusterId: string): void {
  if (!grantCoversCluster(principal, kind, clusterId)) {
    throw ApiError.forbidden(`${describe(principal)} has no access to ${kind === 'kafka' ? 'Kafka' : 'Connect'} cluster "${clusterId}"`);
  }
}

function describe(principal: Principal): string {
  const scope = principal.clusters === null ? '' : ` on clusters [${principal.clusters.join(', ')}]`;
  return `${principal.kind === 'user' ? 'User' : 'API token'} "${principal.name}" (role ${principal.role}${scope})`;
}
