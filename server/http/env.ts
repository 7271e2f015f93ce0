import type { RequestIdVariables } from 'hono/request-id';
import type { Principal } from '../auth/principal';
import type { Logger } from '../logger';
import type { EventStreamSlots } from './event-streams';

/** Hono context variables every request carries; domain routers type their context with this. */
export type AppEnv = {
  Variables: RequestIdVariables & {
    /** A child logger bound to this request's id. */
    log: Logger;
    /** The caller's address (see http/client-ip.ts); undefined for in-process requests. */
    clientIp: string | undefined;
    /** Set by the authentication middleware when the request carries a valid session cookie or API token. */
    principal: Principal | undefined;
    /** Set once a route's permission check passed; /api/v1 refuses to answer successfully without it. */
    authorized: boolean | undefined;
    /** The app's cap on open server-sent-event streams per caller. */
    eventStreams: EventStreamSlots;
  };
};
