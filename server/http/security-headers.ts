/**
 * Response headers that tell browsers what the console may do: scripts only from this origin (the built SPA
 * and the Swagger UI have no inline scripts), no framing by any site (clickjacking), nothing loaded from
 * elsewhere. HSTS is the TLS terminator's business: sent over plain HTTP it would only pin localhost in browsers.
 */
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { DOCS_PATH } from './api-docs';

type Policy = NonNullable<NonNullable<Parameters<typeof secureHeaders>[0]>['contentSecurityPolicy']>;

export const CONTENT_SECURITY_POLICY: Policy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  // the favicon is a data: URL
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** Swagger UI sets inline styles and draws some icons from data: URLs; its scripts are still files only. */
export const DOCS_CONTENT_SECURITY_POLICY: Policy = {
  ...CONTENT_SECURITY_POLICY,
  styleSrc: ["'self'", "'unsafe-inline'"],
  fontSrc: ["'self'", 'data:'],
};

export function securityHeaders(): MiddlewareHandler {
  const common = { strictTransportSecurity: false, xFrameOptions: 'DENY' } as const;
  const ui = secureHeaders({ ...common, contentSecurityPolicy: CONTENT_SECURITY_POLICY });
  const docs = secureHeaders({ ...common, contentSecurityPolicy: DOCS_CONTENT_SECURITY_POLICY });
  return (c, next) => (c.req.path === DOCS_PATH || c.req.path.startsWith(`${DOCS_PATH}/`) ? docs(c, next) : ui(c, next));
}
