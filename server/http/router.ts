import type { OpenAPIHono, RouteConfig } from '@hono/zod-openapi';
import { OpenAPIHono as Router } from '@hono/zod-openapi';
import type { Context, Env, MiddlewareHandler } from 'hono';
import { JSON_BODY_LIMIT, limitBody } from './body-limit';
import { errorBody } from './errors';
import { findUnknownField } from './unknown-fields';
import type { AppEnv } from './env';
import { validationHook } from './validation';

/**
 * Every domain router is made here so all of them share the validation hook (OpenAPIHono applies a
 * `defaultHook` only to routes registered on the instance that owns it, not to mounted sub-apps) and the input
 * rules every route follows: a bounded body and no fields the route does not declare.
 */
export function createRouter<E extends Env = AppEnv>(): OpenAPIHono<E> {
  const router = new Router<E>({ defaultHook: validationHook });
  const register = router.openapi;
  router.openapi = ((route: RouteConfig, ...rest: unknown[]) =>
    (register as (...args: unknown[]) => unknown)(withInputRules(route), ...rest)) as typeof router.openapi;
  return router;
}

/** The route's own middleware (authorization) runs first, so a refused caller learns nothing about the input format. */
function withInputRules(route: RouteConfig): RouteConfig {
  const own = route.middleware === undefined ? [] : Array.isArray(route.middleware) ? route.middleware : [route.middleware];
  const rules: MiddlewareHandler[] = [];
  if (!streamsBody(route)) rules.push(limitBody(JSON_BODY_LIMIT));
  const query = route.request?.query;
  if (query) rules.push(refuseUnknownQuery(query));
  const json = route.request?.body?.content?.['application/json'];
  const body = json && 'schema' in json ? json.schema : undefined;
  if (isZod(body)) rules.push(refuseUnknownBodyFields(body));
  return { ...route, middleware: [...own, ...rules] };
}

/** A route declaring a non-JSON body (an upload) reads it as a stream and bounds it itself. */
function streamsBody(route: RouteConfig): boolean {
  const content = route.request?.body?.content;
  return content !== undefined && Object.keys(content).some((type) => type !== 'application/json');
}

function refuseUnknownQuery(schema: NonNullable<NonNullable<RouteConfig['request']>['query']>): MiddlewareHandler {
  return async (c, next) => {
    const field = findUnknownField(schema, c.req.query());
    if (field) return unknownField(c, 'query parameter', field);
    await next();
  };
}

function refuseUnknownBodyFields(schema: Parameters<typeof findUnknownField>[0]): MiddlewareHandler {
  return async (c, next) => {
    if (/^application\/([a-z0-9.+-]*\+)?json\b/i.test(c.req.header('content-type') ?? '')) {
      // a body that is not JSON at all is left to the validator, which answers 400 for it
      const value = await c.req.json().catch(() => undefined);
      const field = value === undefined ? undefined : findUnknownField(schema, value);
      if (field) return unknownField(c, 'body field', field);
    }
    await next();
  };
}

function unknownField(c: Context, what: string, path: string[]): Response {
  const field = path.join('.');
  return c.json(errorBody('invalid_input', `Unknown ${what} "${field}": this endpoint does not take it`, field), 400);
}

function isZod(value: unknown): value is Parameters<typeof findUnknownField>[0] {
  return typeof value === 'object' && value !== null && typeof (value as { safeParse?: unknown }).safeParse === 'function';
}
