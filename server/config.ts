import { resolve } from 'node:path';
import { ConfigError, EnvReader, hidden } from './util/env';

export { ConfigError };

const MAVEN_CENTRAL = 'https://repo.maven.apache.org/maven2';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  localStackFile: string | undefined;
  /** Also register the local stack's `legacy` Kafka cluster (the demo's migration source), when the stack runs one. */
  localStackLegacy: boolean;
  logLevel: (typeof LOG_LEVELS)[number];
  mavenBaseUrl: string;
  /** Extra catalog sources: folders and https URLs serving the catalog's entry format (CATALOG_SOURCES, comma-separated). */
  catalogSources: string[];
  adminPassword: string | undefined;
  secretKey: string | undefined;
  /** Absolute lifetime of a sign-in. */
  sessionTtlHours: number;
  /** Believe X-Forwarded-For for the client address (set only behind a proxy that sets it); a number: that many proxies. */
  trustProxy: boolean | number;
  /** The session cookie's Secure flag: always, never, or `auto` (when the request came over https). */
  cookieSecure: CookieSecure;
  /** Server-sent event streams one user (or token) may hold open at once. */
  maxEventStreamsPerUser: number;
  /** GET /metrics answers without a token (for a Prometheus inside a trusted network). */
  metricsPublic: boolean;
  /** How often the connector watch lists every Connect cluster (alert latency rides on it). */
  connectorWatchIntervalMs: number;
}

export type CookieSecure = 'auto' | 'true' | 'false';

/** Reads the server's settings from the environment; throws a ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const read = new EnvReader(env);
  const localStackFile = read.text('CONNECTORY_LOCAL_STACK');
  return {
    port: read.number('PORT', 8080, { integer: true, min: 0, max: 65535 }),
    host: read.text('HOST', '127.0.0.1'),
    databaseUrl: read.text('DATABASE_URL', undefined, {
      check: (value) => (/^postgres(ql)?:\/\//.test(value) ? undefined : 'must be a postgres:// or postgresql:// URL'),
      shown: withoutPassword,
    }),
    dataDir: resolve(read.text('CONNECTORY_DATA_DIR', '.data')),
    localStackFile: localStackFile ? resolve(localStackFile) : undefined,
    localStackLegacy: read.flag('CONNECTORY_LOCAL_STACK_LEGACY', false),
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    mavenBaseUrl: read.text('MAVEN_BASE_URL', MAVEN_CENTRAL, { check: httpUrlProblem }).replace(/\/+$/, ''),
    catalogSources: (read.text('CATALOG_SOURCES', '', { check: catalogSourcesProblem }) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => (/^[a-z]+:\/\//.test(s) ? s : resolve(s))),
    adminPassword: read.text('ADMIN_PASSWORD', undefined, { check: atLeast(8), shown: hidden }),
    secretKey: read.text('CONNECTORY_SECRET_KEY', undefined, { check: atLeast(16), shown: hidden }),
    sessionTtlHours: read.number('SESSION_TTL_HOURS', 12, { positive: true, max: 24 * 90, expected: 'must be a positive number of hours, at most 2160 (90 days)' }),
    trustProxy: trustProxyFrom(read.text('TRUST_PROXY', 'false', { check: (value) => (/^(true|false|\d{1,2})$/.test(value) ? undefined : 'must be true, false or the number of proxies in front') })),
    cookieSecure: read.oneOf('COOKIE_SECURE', ['auto', 'true', 'false'], 'auto'),
    maxEventStreamsPerUser: read.number('MAX_EVENT_STREAMS_PER_USER', 10, { integer: true, min: 1, max: 1000 }),
    metricsPublic: read.flag('METRICS_PUBLIC', false),
    connectorWatchIntervalMs: Math.round(read.number('CONNECTOR_WATCH_INTERVAL_SECONDS', 3, { positive: true, max: 3600 }) * 1000),
  };
}

const atLeast = (characters: number) => (value: string) => (value.length >= characters ? undefined : `must be at least ${characters} characters`);

function httpUrlProblem(value: string): string | undefined {
  try {
    if (/^https?:$/.test(new URL(value).protocol)) return undefined;
  } catch {
    // not a URL at all
  }
  return 'must be an http(s) URL';
}

/** Error messages end up in logs and terminals: never echo a database password back. */
function withoutPassword(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/** `true` is one proxy in front, `false` none; a number says how many (the right-most hops are theirs). */
function trustProxyFrom(value: string): boolean | number {
  if (value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  return Number(value);
}

/** Each comma-separated source is a folder path or an https URL: a typo'd scheme fails at start, not at first use. */
function catalogSourcesProblem(value: string): string | undefined {
  const bad = value.split(',').map((s) => s.trim()).filter((s) => /^[a-z]+:\/\//.test(s) && !s.startsWith('https://'));
  return bad.length ? `${bad.join(', ')}: a catalog source is a folder or an https:// URL` : undefined;
}
