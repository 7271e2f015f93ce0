import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/config';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir: resolve('.data'),
      localStackFile: undefined,
      logLevel: 'info',
      mavenBaseUrl: 'https://repo.maven.apache.org/maven2',
      sessionTtlHours: 12,
      trustProxy: false,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '18080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u:p@db:5432/connectory',
      CONNECTORY_DATA_DIR: '/var/lib/connectory',
      CONNECTORY_LOCAL_STACK: '.stack/stack.json',
      CONNECTORY_LOCAL_STACK_LEGACY: 'true',
      LOG_LEVEL: 'debug',
      MAVEN_BASE_URL: 'http://127.0.0.1:9999/maven2/',
      CATALOG_SOURCES: 'extra-catalog, https://catalog.example.com/entries.yaml',
      ADMIN_PASSWORD: 'correct horse',
      CONNECTORY_SECRET_KEY: '0123456789abcdef0123',
      SESSION_TTL_HOURS: '1.5',
      TRUST_PROXY: 'true',
      COOKIE_SECURE: 'true',
      MAX_EVENT_STREAMS_PER_USER: '3',
      METRICS_PUBLIC: 'true',
      CONNECTOR_WATCH_INTERVAL_SECONDS: '0.5',
    });
    expect(config).toEqual({
      port: 18080,
      host: '0.0.0.0',
      databaseUrl: 'postgres://u:p@db:5432/connectory',
      dataDir: '/var/lib/connectory',
      localStackFile: resolve('.stack/stack.json'),
      localStackLegacy: true,
      logLevel: 'debug',
      mavenBaseUrl: 'http://127.0.0.1:9999/maven2',
      catalogSources: [resolve('extra-catalog'), 'https://catalog.example.com/entries.yaml'],
      adminPassword: 'correct horse',
      secretKey: '0123456789abcdef0123',
      sessionTtlHours: 1.5,
      trustProxy: true,
      cookieSecure: 'true',
      maxEventStreamsPerUser: 3,
      metricsPublic: true,
      connectorWatchIntervalMs: 500,
    });
  });

  it('takes TRUST_PROXY as a number of proxies, and defaults the cookie flag to auto', () => {
    expect(loadConfig({ TRUST_PROXY: '2' })).toMatchObject({ trustProxy: 2, cookieSecure: 'auto', maxEventStreamsPerUser: 10 });
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(() => loadConfig({ COOKIE_SECURE: 'sometimes' })).toThrow(/COOKIE_SECURE/);
  });

  it('keeps /metrics behind a token unless METRICS_PUBLIC is true', () => {
    expect(loadConfig({}).metricsPublic).toBe(false);
    expect(loadConfig({ METRICS_PUBLIC: '1' }).metricsPublic).toBe(true);
    expect(() => loadConfig({ METRICS_PUBLIC: 'yes please' })).toThrow(/METRICS_PUBLIC/);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '', LOG_LEVEL: '' })).toMatchObject({
      port: 8080,
      databaseUrl: undefined,
      logLevel: 'info',
    });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DATABASE_URL: 'mysql://db/x' }, 'DATABASE_URL'],
    [{ MAVEN_BASE_URL: 'ftp://mirror' }, 'MAVEN_BASE_URL'],
    [{ CONNECTORY_SECRET_KEY: 'short' }, 'CONNECTORY_SECRET_KEY'],
    [{ SESSION_TTL_HOURS: '0' }, 'SESSION_TTL_HOURS'],
    [{ SESSION_TTL_HOURS: 'forever' }, 'SESSION_TTL_HOURS'],
    [{ TRUST_PROXY: 'yes please' }, 'TRUST_PROXY'],
  ])('names the bad variable in %j', (env, variable) => {
    expect(() => loadConfig(env)).toThrowError(ConfigError);
    expect(() => loadConfig(env)).toThrowError(new RegExp(`environment variable ${variable} is invalid`));
  });

  it('never echoes secrets in its errors', () => {
    expect(() => loadConfig({ ADMIN_PASSWORD: 'short' })).toThrowError(/ADMIN_PASSWORD.*<hidden>/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user:hunter2@db/x' })).not.toThrowError(/hunter2/);
  });
});
