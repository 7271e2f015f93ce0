import { describe, expect, it } from 'vitest';
import { TemplateBodySchema } from '../../../server/templates/schema';
import { placeholderName, templateFromConnector } from '../../../web/src/templates/from-connector';

const connector = {
  name: 'orders-cdc',
  config: {
    name: 'orders-cdc',
    'connector.class': 'io.debezium.connector.mariadb.MariaDbConnector',
    'database.hostname': 'db.internal',
    'database.password': '********',
    'database.user': 'cdc',
    'tasks.max': '1',
  },
};

describe('Save as template', () => {
  it('blanks every masked secret (no default) and the chosen keys (this connector\'s value as default), keeps the rest', () => {
    const body = templateFromConnector(connector, { name: 'Orders CDC', description: 'from orders-cdc', blanks: new Set(['database.hostname']) });
    expect(body.config).toEqual({
      'connector.class': 'io.debezium.connector.mariadb.MariaDbConnector',
      'database.hostname': '${database.hostname}',
      'database.password': '${database.password}',
      'database.user': 'cdc',
      'tasks.max': '1',
    });
    expect(body.placeholders).toEqual([
      { name: 'database.hostname', description: 'database.hostname', default: 'db.internal', required: true },
      { name: 'database.password', description: 'database.password (secret: never stored in the template)', secret: true, required: true },
    ]);
    // what the server's own template rules accept: no secret held, every blank declared
    expect(TemplateBodySchema.safeParse(body).success).toBe(true);
  });

  it('makes a valid placeholder name of any key', () => {
    expect(placeholderName('transforms.route.regex')).toBe('transforms.route.regex');
    expect(placeholderName('1st key')).toBe('_1st_key');
  });
});
