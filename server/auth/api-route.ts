import { createRoute, type OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { Env, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env';
import { errorResponses } from '../http/errors';
import { authorize } from './authorize';
import type { Permission } from './permissions';
import { SESSION_COOKIE } from './session-cookie';

type ApiRouteConfig = Omit<RouteConfig, 'path' | 'middleware' | 'security' | 'hide'> & { permission: Permission };

/** OpenAPI security requirement of every /api/v1 operation: either scheme will do. */
export const API_SECURITY: Record<string, string[]>[] = [{ session: [] }, { bearer: [] }];

/**
 * Declares an /api/v1 route. The permission is required: it becomes the operation's `x-permission`, the
 * security requirement and the 401/403 responses in the OpenAPI document, and is enforced by `authorize`.
 * Routers register what this returns with `.openapi(route, handler)` like any other route.
 */
export function apiRoute<P extends string, R extends ApiRouteConfig & { path: P }>(config: R) {
  const { permission, ...route } = config;
  const declared = {
    ...route,
    description: [route.description, `Requires the permission \`${permission}\`.`].filter(Boolean).join('\n\n'),
    responses: { ...route.responses, ...errorResponses(401, 403) },
    security: API_SECURITY,
    'x-permission': permission,
    middleware: authorize(permission),
  };
  // The spread hides R's request and response types from inference; they are unchanged, so restore them.
  return createRoute(declared as unknown as Omit<R, 'permission'> & { path: P; middleware: MiddlewareHandler<AppEnv> });
}

/** Names the two ways to authenticate in the OpenAPI document's components. */
export function registerSecuritySchemes<E extends Env>(app: OpenAPIHono<E>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description:
      'Set by `POST /api/auth/login`. Writes (POST, PUT, PATCH, DELETE) must also send the `X-CSRF-Token` header with the `csrfToken` the login returned.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token (`cty_…`) from `POST /api/v1/tokens`. No CSRF header needed.',
  });
}
