import { describe, expect, it } from 'vitest';
import type { ConnectClient } from '../../../server/connect/client';
import { PasswordKeyCache } from '../../../server/connect/password-keys';
import { isTargetKey, maskConfig, mergeMasked, SECRET_MASK } from '../../../server/secrets/masking';

const stored = {
  'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
  'database.hostname': 'db.internal',
  'database.port': '5432',
  'database.password': 'the-real-password',
  'table.include.list': 'public.orders',
};

function refusal(run: () => unknown): { status: number; field?: string; message: string } {
  try {
    run();
  } catch (error) {
    return error as { status: number; field?: string; message: string };
  }
  throw new Error('expected a refusal');
}

describe('a kept secret follows its connector', () => {
  it('is kept while the class and every target field are unchanged', () => {
    const merged = mergeMasked({ ...stored, 'database.password': SECRET_MASK, 'table.include.list': 'public.refunds' }, stored);
    expect(merged['database.password']).toBe('the-real-password');
  });

  it.each([
    ['database.hostname', 'attacker.example'],
    ['database.port', '15432'],
    ['connector.class', 'com.example.LeakyConnector'],
  ])('is refused when %s changes (400 naming the secret)', (key, value) => {
    const error = refusal(() => mergeMasked({ ...stored, 'database.password': SECRET_MASK, [key]: value }, stored));
    expect(error.status).toBe(400);
    expect(error.field).toBe('database.password');
    expect(error.message).toContain(`"${key}" changed`);
  });

  it('is refused when a target field is added or removed', () => {
    expect(refusal(() => mergeMasked({ ...stored, 'database.password': SECRET_MASK, 'connection.url': 'jdbc:x://evil' }, stored)).status).toBe(400);
    const { 'database.hostname': _dropped, ...withoutHost } = stored;
    expect(refusal(() => mergeMasked({ ...withoutHost, 'database.password': SECRET_MASK }, stored)).status).toBe(400);
  });

  it('still takes a new real secret with a new target', () => {
    const merged = mergeMasked({ ...stored, 'database.hostname': 'new.internal', 'database.password': 'new' }, stored);
    expect(merged).toMatchObject({ 'database.hostname': 'new.internal', 'database.password': 'new' });
  });

  it('knows targets by name: hosts, URLs, endpoints, connection strings, servers', () => {
    for (const key of ['connection.url', 'database.hostname', 'bootstrap.servers', 'aws.endpoint', 'mongodb.connection.string', 'connectionString', 'es.hosts', 'snowflake.url.name', 'http.api.url']) {
      expect(isTargetKey(key), key).toBe(true);
    }
    for (const key of ['tasks.max', 'table.include.list', 'database.password', 'topics', 'batch.size']) expect(isTargetKey(key), key).toBe(false);
  });
});

describe('masking when the plugin definition cannot be read', () => {
  it('fails closed: every value but Connect\'s own keys is hidden', async () => {
    const client = { pluginConfigDefinition: async () => Promise.reject(new Error('Connect cluster "x": 500')) } as unknown as ConnectClient;
    const keys = await new PasswordKeyCache().get('x', client, 'com.example.Unreadable');
    const masked = maskConfig({ 'connector.class': 'com.example.Unreadable', 'tasks.max': '1', topics: 't', 'api.creds': 'opaque', 'sink.pass': 'hunter2', 'key.converter.schemas.enable': 'false' }, keys);
    expect(masked).toEqual({ 'connector.class': 'com.example.Unreadable', 'tasks.max': '1', topics: 't', 'api.creds': SECRET_MASK, 'sink.pass': SECRET_MASK, 'key.converter.schemas.enable': 'false' });
  });

  it('masks only PASSWORD keys and secret-looking names once the definition is read', async () => {
    const client = { pluginConfigDefinition: async () => [{ name: 'sink.pass', type: 'PASSWORD' }, { name: 'api.creds', type: 'STRING' }] } as unknown as ConnectClient;
    const keys = await new PasswordKeyCache().get('x', client, 'com.example.Readable');
    expect(maskConfig({ 'api.creds': 'opaque', 'sink.pass': 'hunter2' }, keys)).toEqual({ 'api.creds': 'opaque', 'sink.pass': SECRET_MASK });
  });
});
