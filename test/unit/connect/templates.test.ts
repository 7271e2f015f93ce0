import { describe, expect, it } from 'vitest';
import { FieldsError } from '../../../server/connect/field-errors';
import { SECRET_MASK } from '../../../server/secrets/masking';
import { maskRendered, renderTemplate } from '../../../server/templates/render';
import { placeholdersIn, TemplateBodySchema, TemplateSchema } from '../../../server/templates/schema';

const template = TemplateBodySchema.parse({
  name: 'PostgreSQL CDC',
  connectorClass: 'io.debezium.connector.postgresql.PostgresConnector',
  config: {
    'database.hostname': '${host}',
    'database.port': '${port}',
    'database.password': '${password}',
    'database.user': 'cdc_${env}',
    'ssl.truststore.password': '${file:/etc/kafka/secrets.properties:truststore}',
  },
  placeholders: [
    { name: 'host' },
    { name: 'port', default: '5432' },
    { name: 'password', secret: true },
    { name: 'env', required: false },
  ],
});

describe('the template format', () => {
  it('fills defaults and leaves config-provider references alone', () => {
    expect(template.placeholders[0]).toEqual({ name: 'host', description: '', required: true });
    expect(placeholdersIn('${a} and ${b.c-d} but not ${file:/x:y}')).toEqual(['a', 'b.c-d']);
  });

  it('refuses undeclared or duplicate placeholders, literal secrets, secret defaults and a clashing class', () => {
    const problems = (input: unknown) => {
      const result = TemplateSchema.safeParse(input);
      return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
    };
    const base = { id: 't', name: 'T', connectorClass: 'X', config: {}, placeholders: [] };
    expect(problems({ ...base, config: { topic: '${nope}' } })).toEqual(['config.topic']);
    expect(problems({ ...base, placeholders: [{ name: 'a' }, { name: 'a' }] })).toEqual(['placeholders.1.name']);
    expect(problems({ ...base, config: { 'sasl.jaas.config': 'user="u" password="p"' } })).toEqual(['config.sasl.jaas.config']);
    expect(problems({ ...base, placeholders: [{ name: 'pw', secret: true, default: 'x' }] })).toEqual(['placeholders.0.default']);
    expect(problems({ ...base, config: { 'connector.class': 'Y' } })).toEqual(['config.connector.class']);
    expect(problems({ ...base, id: 'Not A Slug' })).toEqual(['id']);
    expect(problems(base)).toEqual([]);
  });
});

describe('rendering', () => {
  it('fills values and defaults, adds the class, and empties optional blanks', () => {
    expect(renderTemplate(template, { host: 'db', password: 'pw$&1' })).toEqual({
      'database.hostname': 'db',
      'database.port': '5432',
      'database.password': 'pw$&1',
      'database.user': 'cdc_',
      'ssl.truststore.password': '${file:/etc/kafka/secrets.properties:truststore}',
      'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
    });
  });

  it('names every missing and unknown placeholder at once', () => {
    const error = (() => {
      try {
        renderTemplate(template, { port: '1', hots: 'typo' });
      } catch (e) {
        return e as FieldsError;
      }
    })();
    expect(error).toBeInstanceOf(FieldsError);
    expect(error!.toBody()).toMatchObject({ error: { code: 'missing_placeholders', field: 'host', fields: [{ name: 'host' }, { name: 'password' }, { name: 'hots' }] } });
  });

  it('masks what came from a secret placeholder, and keys that look secret', () => {
    const rendered = renderTemplate(template, { host: 'db', password: 'pw' });
    expect(maskRendered(template, rendered)).toMatchObject({ 'database.password': SECRET_MASK, 'database.hostname': 'db', 'ssl.truststore.password': SECRET_MASK });
  });
});

describe('generated placeholders', () => {
  const mysql = TemplateBodySchema.parse({
    name: 'MySQL CDC',
    connectorClass: 'io.debezium.connector.mysql.MySqlConnector',
    config: { 'database.server.id': '${server_id}' },
    placeholders: [{ name: 'server_id', generate: 'server-id' }],
  });

  it('draw a fresh MySQL server id for each connector when left blank, and keep a value given', () => {
    const ids = Array.from({ length: 20 }, (_, draw) => renderTemplate(mysql, draw % 2 ? { server_id: '' } : {})['database.server.id']!);
    expect(ids.every((id) => /^\d+$/.test(id) && Number(id) >= 100_000 && Number(id) < 2 ** 32)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(renderTemplate(mysql, { server_id: '4242' })['database.server.id']).toBe('4242');
  });

  it('refuse a default, which is the one shared value generating avoids', () => {
    const parsed = TemplateBodySchema.safeParse({ ...mysql, placeholders: [{ name: 'server_id', generate: 'server-id', default: '184054' }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['placeholders.0.default']);
  });
});
