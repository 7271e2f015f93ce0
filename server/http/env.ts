import type { RequestIdVariables } from 'hono/request-id';
import type { Logger } from '../logger';

/** Hono context variables every request carries; domain routers type their context with this. */
export type AppEnv = {
  Variables: RequestIdVariables & {
    /** A child logger bound to this request's id. */
    log: Logger;
  };
};
