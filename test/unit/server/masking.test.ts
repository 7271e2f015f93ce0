import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../server/http/errors';
import { isSecretKey, maskConfig, maskSecrets, mergeMasked, SECRET_MASK } from '../../../server/secrets/masking';
import { capturingLogger } from './stub-app';

describe('isSecretKey', () => {
  it.each([
    'password',
    'database.password',
    'connection.password',
    'ssl.keystore.password',
    'ssl.truststore.password',
    'ssl.key.password',
    'ssl.keystore.key',
    'sasl.jaas.config',
    'producer.override.sasl.jaas.config',
    'consumer.override.ssl.key.password',
    'schema.registry.api.key',
    'confluent.api.key',
    'aws.secret.access.key',
    'aws.secret.key',
    'client.secret',
    'oauth.client.secret',
    'access.token',
    'oauth.refreshToken',
    'github.token',
    'api.token',
    'auth.credentials',
    'gcp.credentials.json',
    'key.converter.basic.auth.user.info',
    'value.converter.schema.registry.basic.auth.user.info',
    'private.key',
    'encryption.key',
    'hmac.key',
    'apiKey',
    'API_KEY',
    'saslPassword',
    'passwordEnc',
    'db_passwd',
    'secretAccessKey',
    'csrfToken',
  ])('hides %s', (key) => {
    expect(isSecretKey(key)).toBe(true);
  });

  it.each([
    'key.converter',
    'value.converter',
    'header.converter',
    'key.converter.schemas.enable',
    'key.ignore',
    'schema.ignore',
    'behavior.on.null.values',
    'message.key.columns',
    'primary.key',
    'primary.key.mode',
    'partition.key',
    'transforms.unwrap.type',
    'connector.class',
    'tasks.max',
    'topics',
    'database.user',
    'database.hostname',
    'connection.url',
    'ssl.keystore.location',
    'ssl.keystore.type',
    'aws.access.key.id',
    'max.tokens',
    'tokenizer',
    'key',
    'name',
  ])('shows %s', (key) => {
    expect(isSecretKey(key)).toBe(false);
  });

  it("hides the keys Connect's config definition marks as PASSWORD, whatever their name", () => {
    expect(isSecretKey('mongodb.connection.string', new Set(['mongodb.connection.string']))).toBe(true);
    expect(isSecretKey('mongodb.connection.string')).toBe(false);
  });
});

describe('maskConfig', () => {
  it('masks secret values, keeps the rest and empty secrets as they are', () => {
    const config = {
      'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
      'database.password': 'hunter2',
      'database.user': 'postgres',
      'ssl.key.password': '',
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'connection.string': 'mongodb://u:p@h',
    };
    expect(maskConfig(config, new Set(['connection.string']))).toEqual({
      'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
      'database.password': SECRET_MASK,
      'database.user': 'postgres',
      'ssl.key.password': '',
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'connection.string': SECRET_MASK,
    });
    expect(config['database.password']).toBe('hunter2'); // a copy, not in place
  });
});

describe('maskSecrets', () => {
  it('masks at any depth, in arrays too, and leaves Errors and Dates alone', () => {
    const error = new Error('boom');
    const at = new Date(0);
    const masked = maskSecrets({
      config: { 'sasl.jaas.config': 'org.apache… password="p"', topics: 'a' },
      clusters: [{ sasl: { username: 'u', password: 'p' } }],
      credentials: { user: 'u', pass: 'p' },
      err: error,
      at,
    });
    expect(masked).toEqual({
      config: { 'sasl.jaas.config': SECRET_MASK, topics: 'a' },
      clusters: [{ sasl: { username: 'u', password: SECRET_MASK } }],
      credentials: SECRET_MASK,
      err: error,
      at,
    });
    expect(masked.err).toBe(error);
  });

  it('survives circular structures', () => {
    const loop: Record<string, unknown> = { password: 'p' };
    loop.self = loop;
    expect(maskSecrets(loop)).toEqual({ password: SECRET_MASK, self: '[circular]' });
  });
});

describe('mergeMasked', () => {
  const stored = { 'database.password': 'hunter2', 'database.user': 'postgres', 'tasks.max': '1' };

  it('keeps the stored secret when the mask comes back unchanged', () => {
    const incoming = { 'database.password': SECRET_MASK, 'database.user': 'debezium', 'tasks.max': '2' };
    expect(mergeMasked(incoming, stored)).toEqual({ 'database.password': 'hunter2', 'database.user': 'debezium', 'tasks.max': '2' });
  });

  it('takes a new secret as sent and drops keys left out', () => {
    expect(mergeMasked({ 'database.password': 'new-one' }, stored)).toEqual({ 'database.password': 'new-one' });
  });

  it('refuses a mask with nothing stored behind it instead of saving "********" as a password', () => {
    expect(() => mergeMasked({ 'ssl.key.password': SECRET_MASK }, stored)).toThrowError(ApiError);
    try {
      mergeMasked({ 'ssl.key.password': SECRET_MASK }, stored);
    } catch (error) {
      expect(error).toMatchObject({ status: 400, field: 'ssl.key.password' });
    }
  });
});

describe('the logger', () => {
  it('masks secret-looking keys at any depth in every line', () => {
    const { logger, lines } = capturingLogger();
    logger.info({ config: { 'database.password': 'hunter2', 'key.converter': 'JsonConverter' }, cluster: { sasl: { password: 'p4ss' } } }, 'saved');
    const text = JSON.stringify(lines);
    expect(text).not.toMatch(/hunter2|p4ss/);
    expect(lines[0]).toMatchObject({ config: { 'database.password': SECRET_MASK, 'key.converter': 'JsonConverter' } });
  });
});
