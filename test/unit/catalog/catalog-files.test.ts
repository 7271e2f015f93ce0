/** Every file of the shipped catalog (catalog/*.yaml) against the schema, plus cross-checks. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { Catalog, CATALOG_DIR, CatalogEntrySchema, CatalogMetaSchema, kafkaSatisfies, loadCatalog } from '../../../server/catalog';
import { parseCoordinates } from '../../../server/maven';
import { archiveItems } from '../../stack/archives/items';
import { kafkaVersion } from '../../stack/kafka/classpath';

const entryFiles = readdirSync(CATALOG_DIR)
  .filter((name) => name.endsWith('.yaml') && name !== 'catalog.yaml')
  .sort();

const problems = (error: { issues: { path: PropertyKey[]; message: string }[] }) => error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

describe('the shipped catalog', () => {
  it('has catalog.yaml with a semver version and a changelog line for it', () => {
    const parsed = CatalogMetaSchema.safeParse(parse(readFileSync(join(CATALOG_DIR, 'catalog.yaml'), 'utf8')));
    expect(parsed.success ? [] : problems(parsed.error)).toEqual([]);
  });

  it.each(entryFiles)('%s is a valid entry named after its file', (name) => {
    const raw: unknown = parse(readFileSync(join(CATALOG_DIR, name), 'utf8'));
    const parsed = CatalogEntrySchema.safeParse(raw);
    expect(parsed.success ? [] : problems(parsed.error)).toEqual([]);
    expect(parsed.data?.id).toBe(name.replace(/\.yaml$/, ''));
  });

  it.each(entryFiles)('%s pins two or more versions, each with real coordinates and a template per entry', (name) => {
    const entry = CatalogEntrySchema.parse(parse(readFileSync(join(CATALOG_DIR, name), 'utf8')));
    expect(entry.versions.length).toBeGreaterThanOrEqual(2);
    for (const version of entry.versions) {
      for (const artifact of version.artifacts) {
        // the coordinates name this very version: a copy-paste slip would pin another one
        expect(parseCoordinates(artifact.coordinates).version).toBe(version.version);
      }
    }
    expect(entry.templates.length).toBeGreaterThanOrEqual(1);
    // what a user must know before installing: Kafka range, Java, licence and needs, for every version
    expect(entry.needs.length).toBeGreaterThanOrEqual(1);
    for (const version of entry.versions) {
      expect(version.kafka).toBeTruthy();
      expect(version.minJava).toBeGreaterThanOrEqual(8);
      expect(version.license ?? entry.license).toBeTruthy();
    }
  });

  it('offers a JDBC sink with a PostgreSQL upsert template that deletes too', async () => {
    const catalog = await Catalog.load();
    const jdbc = catalog.get('debezium-jdbc')!;
    expect(jdbc.versions[0]!.connectorClasses).toEqual([{ class: 'io.debezium.connector.jdbc.JdbcSinkConnector', type: 'sink' }]);
    const template = jdbc.templates.find((t) => t.id === 'jdbc-postgres-upsert')!;
    expect(template.config).toMatchObject({ 'insert.mode': 'upsert', 'primary.key.mode': 'record_key', 'schema.evolution': 'basic', 'delete.enabled': 'true' });
    expect(template.placeholders.find((p) => p.name === 'password')).toMatchObject({ secret: true });
  });

  it('loads as a whole, with the connectors the brief asks for', async () => {
    const catalog = await Catalog.load();
    expect(catalog.entries.map((e) => e.id)).toEqual([
      'camel-timer-source',
      'debezium-db2',
      'debezium-jdbc',
      'debezium-mariadb',
      'debezium-mongodb',
      'debezium-mysql',
      'debezium-oracle',
      'debezium-postgres',
      'debezium-spanner',
      'debezium-sqlserver',
      'kafka-filestream',
      'kafka-mirrormaker2',
    ]);
    expect(catalog.entries.length).toBe(entryFiles.length);
  });

  it('offers, for the Kafka the local stack runs, a version of every Debezium and Kafka entry', async () => {
    const { entries } = await loadCatalog();
    const kafka = kafkaVersion();
    for (const entry of entries.filter((e) => e.id.startsWith('debezium-') || e.id.startsWith('kafka-'))) {
      expect(entry.versions.some((v) => kafkaSatisfies(kafka, v.kafka)), `${entry.id} on Kafka ${kafka}`).toBe(true);
    }
  });

  it('pins every archive the local stack fetches for the tests (test/stack/archives/pom.xml)', async () => {
    const { entries } = await loadCatalog();
    const pinned = new Set(entries.flatMap((e) => e.versions.flatMap((v) => v.artifacts.map((a) => a.coordinates))));
    const items = archiveItems();
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(pinned, item.coordinates).toContain(item.coordinates);
  });
});
