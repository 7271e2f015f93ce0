import { describe, expect, it } from 'vitest';
import { Catalog } from '../../../server/catalog';
import { loadPipelineTemplates, pipelineBlanks, renderPipeline } from '../../../server/catalog/pipeline-templates';
import { FieldsError } from '../../../server/connect/field-errors';

const source = { hostname: 'maria', user: 'cdc', password: 's3cret', database: 'inventory', tables: 'inventory.orders', kafka_bootstrap_servers: 'kafka:9092' };
const sink = { connection_url: 'jdbc:postgresql://pg:5432/warehouse', username: 'w', password: 'p', table: 'orders_copy' };

describe('pipeline templates (catalog/pipelines)', async () => {
  const [template] = await loadPipelineTemplates(await Catalog.load());

  it('load against the catalog: MariaDB → PostgreSQL, the sink\'s topics not asked', () => {
    expect(template).toMatchObject({ id: 'mariadb-to-postgres', source: { entry: 'debezium-mariadb' }, sink: { entry: 'debezium-jdbc' } });
    const blanks = pipelineBlanks(template!);
    expect(blanks.sink.map((b) => b.name)).not.toContain('topics');
    expect(blanks.source.find((b) => b.name === 'topic_prefix')).toMatchObject({ default: '${pipeline}' });
  });

  it('render both configs, names from the pipeline\'s and the sink reading exactly what the source writes', () => {
    const { source: src, sink: snk } = renderPipeline(template!, 'orders', { source, sink });
    expect(src).toMatchObject({ 'topic.prefix': 'orders', 'schema.history.internal.kafka.topic': 'orders.schema-history', 'database.password': 's3cret', 'connector.class': 'io.debezium.connector.mariadb.MariaDbConnector' });
    expect(src['database.server.id']).toMatch(/^\d+$/);
    expect(snk).toMatchObject({ topics: 'orders.inventory.orders', 'collection.name.format': 'orders_copy', 'connector.class': 'io.debezium.connector.jdbc.JdbcSinkConnector' });
  });

  it('name every missing blank of both parts, and refuse a value for a wired one', () => {
    const missing = (() => {
      try {
        renderPipeline(template!, 'orders', { source: { hostname: 'maria' }, sink: {} });
      } catch (error) {
        return error as FieldsError;
      }
    })();
    expect(missing).toBeInstanceOf(FieldsError);
    const names = missing!.fields.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['source.user', 'source.password', 'sink.connection_url', 'sink.table']));
    expect(() => renderPipeline(template!, 'orders', { source, sink: { ...sink, topics: 'x' } })).toThrow(/wired/);
  });
});
