import { fileURLToPath } from 'node:url';
import { OpenAPIHono } from '@hono/zod-openapi';
import { requestId } from 'hono/request-id';
import { aclRoutes } from './acls/routes';
import { alertRoutes } from './alerts/routes';
import type { AlertSettings } from './alerts/settings';
import { auditRoutes } from './audit/routes';
import { registerSecuritySchemes } from './auth/api-route';
import { authenticate, guardApiV1, requireCsrfToken } from './auth/authenticate';
import { LoginRateLimiter } from './auth/rate-limit';
import { authRoutes, meRoutes } from './auth/routes';
import type { ClientRegistry } from './clusters/client-registry';
import { clusterRoutes } from './clusters/routes';
import { pluginRoutes } from './connect/routes';
import { createConnectServices } from './connect/services';
import { connectorRoutes } from './connectors/routes';
import { gitopsRoutes } from './gitops/routes';
import { createTopicCaches } from './gitops/topics';
import { ConnectInternalTopics } from './topics/connect-internal';
import { consumerGroupRoutes } from './consumer-groups/routes';
import { dashboardRoutes } from './dashboard/routes';
import type { CookieSecure } from './config';
import type { Database } from './db';
import { defaultDelivery, deliveryRouters, type DeliveryContext } from './delivery';
import { detailedHealthRoutes, healthRoutes } from './health/routes';
import { mountApiDocs } from './http/api-docs';
import { clientIp } from './http/client-ip';
import type { AppEnv } from './http/env';
import { createErrorHandler, jsonNotFound } from './http/error-handler';
import { EventStreamSlots } from './http/event-streams';
import { requestLogging } from './http/request-log';
import { securityHeaders } from './http/security-headers';
import { staticUi } from './http/static-ui';
import { validationHook } from './http/validation';
import type { Logger } from './logger';
import { metricHistoryRoutes } from './metrics/routes';
import { OffsetSampler } from './metrics/sampler';
import { pipelineRoutes } from './pipelines/routes';
import { pipelineTemplateRoutes } from './pipelines/template-routes';
import { ProcessMetrics } from './prometheus/http-metrics';
import type { RebalanceExecutor } from './rebalance/executor';
import { createRebalanceExecutor, rebalanceRoutes } from './rebalance/routes';
import { metricsRoutes } from './prometheus/routes';
import { migrationRoutes } from './migrations/routes';
import type { SecretBox } from './secrets/secret-box';
import { schemaRegistryRoutes } from './schema-registry/routes';
import { createSchemaRegistryServices, wireDecoderFor } from './schema-registry/services';
import { templateRoutes } from './templates/routes';
import { kafkaConsoleRoutes } from './topics/console';
import { topicTemplateRoutes } from './topics/template-routes';
import { tokenRoutes } from './tokens/routes';
import { userRoutes } from './users/routes';
import { VERSION } from './version';

export interface AuthOptions {
  /** Absolute lifetime of a sign-in; 12 hours unless set (SESSION_TTL_HOURS). */
  sessionTtlHours?: number;
  /** Believe X-Forwarded-For (TRUST_PROXY): true for one proxy, or how many. */
  trustProxy?: boolean | number;
  /** The session cookie's Secure flag (COOKIE_SECURE); `auto` unless set. */
  cookieSecure?: CookieSecure;
  /** Server-sent event streams one caller may hold open (MAX_EVENT_STREAMS_PER_USER). */
  maxEventStreamsPerUser?: number;
  /** Tests pass their own to control the clock or share it between apps. */
  rateLimiter?: LoginRateLimiter;
}

export interface AppDeps {
  database: Database;
  /** Every Kafka, Connect and plugin agent client, shared with the work main.ts runs outside the app. */
  clients: ClientRegistry;
  secrets: SecretBox;
  logger: Logger;
  /** The built UI (vite outDir); defaults to server/public. */
  publicDir?: string;
  /** Bound on each system's health check. */
  healthTimeoutMs?: number;
  auth?: AuthOptions;
  /** Consumer-group offsets sampler, started by main.ts; without one, groups are sampled on demand when listed. */
  offsetSampler?: OffsetSampler;
  /** Plugin delivery (catalog, artifacts, installs), built by main.ts from its config; a default one otherwise. */
  delivery?: DeliveryContext;
  /** GET /metrics: open without a token (METRICS_PUBLIC), and the request-duration registry (main.ts adds Node's process metrics). */
  metrics?: { public?: boolean; processMetrics?: ProcessMetrics };
  /** Alert delivery settings (send timeout, console link); defaults otherwise. */
  alerts?: AlertSettings;
  /** Runs approved rebalance proposals; main.ts shares it with the background job. A default one otherwise (tests). */
  rebalanceExecutor?: RebalanceExecutor;
}

export type App = OpenAPIHono<AppEnv>;

const DEFAULT_PUBLIC_DIR = fileURLToPath(new URL('./public', import.meta.url));
const DEFAULT_SESSION_TTL_HOURS = 12;

/** The whole HTTP application, without a listening socket: tests call `app.request()` on it directly. */
export function createApp(deps: AppDeps): App {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const db = deps.database.db;
  const trustProxy = deps.auth?.trustProxy ?? false;
  app.use('*', requestId());
  app.use('*', requestLogging(deps.logger));
  const processMetrics = deps.metrics?.processMetrics ?? new ProcessMetrics();
  app.use('*', processMetrics.middleware());
  const eventStreams = new EventStreamSlots(deps.auth?.maxEventStreamsPerUser);
  app.use('*', async (c, next) => {
    c.set('clientIp', clientIp(c, trustProxy));
    c.set('eventStreams', eventStreams);
    await next();
  });
  app.use('*', securityHeaders());
  app.onError(createErrorHandler(deps.logger));
  app.notFound(jsonNotFound);

  // Authentication before any route: /api/auth/* and /api/v1/* learn who is calling; writes need the CSRF header.
  for (const path of ['/api/auth/*', '/api/v1/*']) app.use(path, authenticate(db), requireCsrfToken);
  app.use('/api/v1/*', guardApiV1);

  const health = { database: deps.database, clients: deps.clients, secrets: deps.secrets, version: VERSION, timeoutMs: deps.healthTimeoutMs };
  app.route('/api', healthRoutes(health));
  app.route(
    '/api',
    authRoutes(db, {
      sessionTtlMs: (deps.auth?.sessionTtlHours ?? DEFAULT_SESSION_TTL_HOURS) * 3_600_000,
      rateLimiter: deps.auth?.rateLimiter ?? new LoginRateLimiter(),
      cookieSecure: deps.auth?.cookieSecure,
    }),
  );
  const { clients, secrets, logger } = deps;
  const connect = createConnectServices({ db, secrets, logger, clients });
  const kafka = { db, secrets, kafkaClients: clients.kafka };
  const delivery = deps.delivery ?? defaultDelivery({ db, logger, secrets, clients });
  const clusters = clusterRoutes({ db, secrets, logger, clients });
  const sampler = deps.offsetSampler ?? new OffsetSampler({ ...kafka, logger });
  const registries = createSchemaRegistryServices(secrets);
  const kafkaConsole = kafkaConsoleRoutes({ ...kafka, groupOffsets: sampler, agents: clients.agents, wireDecoderFor: wireDecoderFor(db, registries) });
  const apiRoutes = [
    meRoutes(),
    detailedHealthRoutes(health),
    userRoutes(db),
    tokenRoutes(db),
    auditRoutes(db),
    clusters,
    pluginRoutes(connect),
    connectorRoutes(connect),
    gitopsRoutes({ connect, delivery, kafka, topics: { db, caches: createTopicCaches(), connectInternal: new ConnectInternalTopics({ db, agents: clients.agents }) } }),
    templateRoutes(db),
    topicTemplateRoutes(db),
    consumerGroupRoutes({ ...kafka, sampler }),
    metricHistoryRoutes(kafka),
    aclRoutes(kafka),
    alertRoutes({ db, secrets, settings: deps.alerts }),
    rebalanceRoutes({ ...kafka, executor: deps.rebalanceExecutor ?? createRebalanceExecutor({ ...kafka, logger }) }),
    schemaRegistryRoutes({ ...kafka, registries }),
    migrationRoutes({ ...kafka, connect, delivery }),
    dashboardRoutes({ ...kafka, clients, sampler, registries }),
    pipelineRoutes({ db, clients, sampler }),
    pipelineTemplateRoutes({ connect, catalog: delivery.catalog }),
    ...kafkaConsole,
    ...deliveryRouters(delivery),
  ];
  for (const routes of apiRoutes) {
    app.route('/api/v1', routes);
  }
  app.route('/', metricsRoutes({ db, clients, sampler, processMetrics, public: deps.metrics?.public ?? false }));
  registerSecuritySchemes(app);
  mountApiDocs(app, VERSION);

  // Last, so it only answers what no API route did; it never touches /api paths.
  app.use('*', staticUi(deps.publicDir ?? DEFAULT_PUBLIC_DIR));
  return app;
}
