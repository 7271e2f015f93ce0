import { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from 'hono';
import type { AppEnv } from './env';
import { validationHook } from './validation';

/**
 * Every domain router is made here so all of them share the validation hook: OpenAPIHono applies a
 * `defaultHook` only to routes registered on the instance that owns it, not to mounted sub-apps.
 */
export function createRouter<E extends Env = AppEnv>(): OpenAPIHono<E> {
  return new OpenAPIHono<E>({ defaultHook: validationHook });
}
