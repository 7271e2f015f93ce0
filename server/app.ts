import { fileURLToPath } from 'node:url';
import { OpenAPIHono } from '@hono/zod-openapi';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { Database } from './db';
import { healthRoutes } from './health/routes';
import { mountApiDocs } from './http/api-docs';
import type { AppEnv } from './http/env';
import { createErrorHandler, jsonNotFound } from './http/error-handler';
import { requestLogging } from './http/request-log';
import { staticUi } from './http/static-ui';
import { validationHook } from './http/validation';
import type { KafkaAdmins } from './kafka/pool';
import type { Logger } from './logger';
import type { SecretBox } from './secrets/secret-box';
import { VERSION } from './version';

export interface AppDeps {
  database: Database;
  kafkaAdmins: KafkaAdmins;
  secrets: SecretBox;
  logger: Logger;
  /** The built UI (vite outDir); defaults to server/public. */
  publicDir?: string;
  /** Bound on each system's health check. */
  healthTimeoutMs?: number;
}

export type App = OpenAPIHono<AppEnv>;

const DEFAULT_PUBLIC_DIR = fileURLToPath(new URL('./public', import.meta.url));

/** The whole HTTP application, without a listening socket: tests call `app.request()` on it directly. */
export function createApp(deps: AppDeps): App {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('*', requestId());
  app.use('*', requestLogging(deps.logger));
  // HSTS is the TLS terminator's business: sent over plain HTTP it would only pin localhost in browsers.
  app.use('*', secureHeaders({ strictTransportSecurity: false }));
  app.onError(createErrorHandler(deps.logger));
  app.notFound(jsonNotFound);

  app.route(
    '/api',
    healthRoutes({
      database: deps.database,
      kafkaAdmins: deps.kafkaAdmins,
      secrets: deps.secrets,
      version: VERSION,
      timeoutMs: deps.healthTimeoutMs,
    }),
  );
  mountApiDocs(app, VERSION);

  // Last, so it only answers what no API route did; it never touches /api paths.
  app.use('*', staticUi(deps.publicDir ?? DEFAULT_PUBLIC_DIR));
  return app;
}
