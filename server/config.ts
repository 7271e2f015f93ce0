import { resolve } from 'node:path';
import { z } from 'zod';

const MAVEN_CENTRAL = 'https://repo.maven.apache.org/maven2';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Empty strings count as unset: `FOO= npm start` should mean "default", not "invalid". */
const optionalText = z.preprocess((value) => (value === '' ? undefined : value), z.string().optional());

const envSchema = z.object({
  PORT: z.preprocess(
    (value) => (value === undefined || value === '' ? 8080 : value),
    z.coerce.number().int().min(0).max(65535),
  ),
  HOST: optionalText.transform((value) => value ?? '127.0.0.1'),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  CONNECTORY_DATA_DIR: optionalText.transform((value) => resolve(value ?? '.data')),
  CONNECTORY_LOCAL_STACK: optionalText.transform((value) => (value ? resolve(value) : undefined)),
  LOG_LEVEL: optionalText.pipe(z.enum(LOG_LEVELS).optional()).transform((value) => value ?? 'info'),
  MAVEN_BASE_URL: optionalText
    .pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional())
    .transform((value) => (value ?? MAVEN_CENTRAL).replace(/\/+$/, '')),
  ADMIN_PASSWORD: optionalText.pipe(z.string().min(8, 'must be at least 8 characters').optional()),
  CONNECTORY_SECRET_KEY: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  SESSION_TTL_HOURS: z.preprocess(
    (value) => (value === undefined || value === '' ? 12 : value),
    z.coerce.number().positive('must be a positive number of hours').max(24 * 90, 'must be at most 2160 (90 days)'),
  ),
  TRUST_PROXY: optionalText
    .pipe(z.string().regex(/^(true|false|\d{1,2})$/, 'must be true, false or the number of proxies in front').optional())
    .transform((value): boolean | number => {
      if (value === undefined || value === 'false' || value === '0') return false;
      if (value === 'true' || value === '1') return true;
      return Number(value);
    }),
  COOKIE_SECURE: optionalText
    .pipe(z.enum(['auto', 'true', 'false'], { error: 'must be auto, true or false' }).optional())
    .transform((value) => value ?? 'auto'),
  MAX_EVENT_STREAMS_PER_USER: z.preprocess(
    (value) => (value === undefined || value === '' ? 10 : value),
    z.coerce.number().int().min(1, 'must be at least 1').max(1000),
  ),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  localStackFile: string | undefined;
  logLevel: (typeof LOG_LEVELS)[number];
  mavenBaseUrl: string;
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
}

export type CookieSecure = 'auto' | 'true' | 'false';

export class ConfigError extends Error {
  constructor(readonly variable: string, detail: string) {
    super(`Connectory configuration: environment variable ${variable} ${detail}`);
    this.name = 'ConfigError';
  }
}

/** Reads the server's settings from the environment; throws a ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'unknown');
    const shown = env[variable] === undefined ? '' : ` (got ${JSON.stringify(secretSafe(variable, env[variable]!))})`;
    throw new ConfigError(variable, `is invalid: ${issue.message}${shown}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.CONNECTORY_DATA_DIR,
    localStackFile: e.CONNECTORY_LOCAL_STACK,
    logLevel: e.LOG_LEVEL,
    mavenBaseUrl: e.MAVEN_BASE_URL,
    adminPassword: e.ADMIN_PASSWORD,
    secretKey: e.CONNECTORY_SECRET_KEY,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    trustProxy: e.TRUST_PROXY,
    cookieSecure: e.COOKIE_SECURE,
    maxEventStreamsPerUser: e.MAX_EVENT_STREAMS_PER_USER,
  };
}

/** Error messages end up in logs and terminals: never echo a secret back. */
function secretSafe(variable: string, value: string): string {
  if (variable === 'ADMIN_PASSWORD' || variable === 'CONNECTORY_SECRET_KEY') return '<hidden>';
  if (variable === 'DATABASE_URL') return value.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
  return value;
}
