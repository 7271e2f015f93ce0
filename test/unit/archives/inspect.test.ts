import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectArchiveKind, extractToStaging, inspectArchive, inspectDirectory } from '../../../plugins/archive';
import {
  buildJar,
  buildTarGz,
  buildZip,
  CONVERTER,
  HEADER_CONVERTER,
  PREDICATE,
  SINK_CONNECTOR,
  SOURCE_CONNECTOR,
  TRANSFORMATION,
} from '../../support/archives';

let dir: string;
const write = (name: string, bytes: Buffer) => {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
};

/** Shaped like Debezium's plugin tar.gz: one root folder, the connector jar, its libraries and a bundled connect-api. */
async function debeziumLike(): Promise<Buffer> {
  const connectorJar = await buildJar({
    services: { [SOURCE_CONNECTOR]: ['io.example.cdc.ExampleConnector'] },
    classes: ['io.example.cdc.ExampleConnector', 'io.example.cdc.ExampleConnectorConfig'],
  });
  const pluginsJar = await buildJar({
    services: {
      [CONVERTER]: ['io.example.converters.BinaryDataConverter', 'io.example.converters.CloudEventsConverter'],
      [HEADER_CONVERTER]: ['io.example.converters.BinaryDataConverter'],
      [TRANSFORMATION]: ['io.example.transforms.ExtractNewRecordState'],
      [PREDICATE]: ['io.example.transforms.predicates.IsTombstone'],
    },
  });
  // a bundled Kafka API jar: its interfaces must not be reported as plugin classes
  const apiJar = await buildJar({ classes: ['org.apache.kafka.connect.sink.SinkConnector', 'org.apache.kafka.connect.transforms.predicates.Predicate'] });
  return buildTarGz([
    { name: 'example-connector/', type: 'directory' },
    { name: 'example-connector/README.md', data: '# Example\n' },
    { name: 'example-connector/example-connector-1.0.0.jar', data: connectorJar },
    { name: 'example-connector/example-plugins-1.0.0.jar', data: pluginsJar },
    { name: 'example-connector/connect-api-4.1.1.jar', data: apiJar },
  ]);
}

/** Shaped like a Confluent Hub zip: owner-name-version/ with manifest.json, lib/ and docs. */
async function confluentHubLike(manifest: object | string): Promise<Buffer> {
  const jar = await buildJar({ services: { [SINK_CONNECTOR]: ['io.example.jdbc.JdbcSinkConnector'], [SOURCE_CONNECTOR]: ['io.example.jdbc.JdbcSourceConnector'] } });
  return buildZip([
    { name: 'example-kafka-connect-jdbc-10.7.4/manifest.json', data: typeof manifest === 'string' ? manifest : JSON.stringify(manifest) },
    { name: 'example-kafka-connect-jdbc-10.7.4/lib/kafka-connect-jdbc-10.7.4.jar', data: jar, compress: false },
    { name: 'example-kafka-connect-jdbc-10.7.4/doc/README.md', data: 'docs' },
    { name: 'example-kafka-connect-jdbc-10.7.4/etc/source.properties', data: 'name=x' },
  ]);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'archives-inspect-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('archive inspection', () => {
  it('reads a Debezium-style tar.gz: root folder, jars, service-declared classes, API interfaces left out', async () => {
    const file = write('example-connector-1.0.0-plugin.tar.gz', await debeziumLike());
    const inspection = await inspectArchive(file);
    expect(inspection.kind).toBe('tar.gz');
    expect(inspection.root).toBe('example-connector');
    expect(inspection.jars.map((j) => j.path)).toEqual([
      'example-connector/connect-api-4.1.1.jar',
      'example-connector/example-connector-1.0.0.jar',
      'example-connector/example-plugins-1.0.0.jar',
    ]);
    expect(inspection.classSource).toBe('service-manifest');
    expect(inspection.classes).toEqual({
      connectors: [{ class: 'io.example.cdc.ExampleConnector', type: 'source' }],
      converters: ['io.example.converters.BinaryDataConverter', 'io.example.converters.CloudEventsConverter'],
      headerConverters: ['io.example.converters.BinaryDataConverter'],
      transforms: ['io.example.transforms.ExtractNewRecordState'],
      predicates: ['io.example.transforms.predicates.IsTombstone'],
      configProviders: [],
    });
    expect(inspection.entries).toBe(5);
    expect(inspection.warnings).toEqual([]);
  });

  it('reads a Confluent Hub zip with its manifest.json', async () => {
    const file = write('hub.zip', await confluentHubLike({ name: 'kafka-connect-jdbc', version: '10.7.4', title: 'JDBC', owner: { username: 'example' }, component_types: ['sink', 'source'] }));
    const inspection = await inspectArchive(file);
    expect(inspection.kind).toBe('zip');
    expect(inspection.root).toBe('example-kafka-connect-jdbc-10.7.4');
    expect(inspection.manifest).toMatchObject({ name: 'kafka-connect-jdbc', version: '10.7.4', owner: 'example', componentTypes: ['sink', 'source'] });
    expect(inspection.classes.connectors).toEqual([
      { class: 'io.example.jdbc.JdbcSourceConnector', type: 'source' },
      { class: 'io.example.jdbc.JdbcSinkConnector', type: 'sink' },
    ]);
  });

  it('reports an unusable manifest.json as a warning, not a failure', async () => {
    const file = write('hub-bad-manifest.zip', await confluentHubLike('{ not json'));
    const inspection = await inspectArchive(file);
    expect(inspection.manifest).toBeNull();
    expect(inspection.warnings[0]).toMatch(/manifest\.json is not valid JSON/);
  });

  it('reads a single jar', async () => {
    const file = write('connect-file-4.3.1.jar', await buildJar({ services: { [SOURCE_CONNECTOR]: ['org.apache.kafka.connect.file.FileStreamSourceConnector'], [SINK_CONNECTOR]: ['org.apache.kafka.connect.file.FileStreamSinkConnector'] } }));
    const inspection = await inspectArchive(file);
    expect(inspection.kind).toBe('jar');
    expect(inspection.jars).toEqual([{ path: 'connect-file-4.3.1.jar', size: expect.any(Number) }]);
    expect(inspection.classes.connectors.map((c) => c.class)).toEqual([
      'org.apache.kafka.connect.file.FileStreamSourceConnector',
      'org.apache.kafka.connect.file.FileStreamSinkConnector',
    ]);
  });

  it('treats a zip of classes (a jar under another name) as a jar', async () => {
    const file = write('renamed.zip', await buildJar({ services: { [SOURCE_CONNECTOR]: ['io.example.A'] } }));
    expect(await detectArchiveKind(file, 'renamed.zip')).toBe('zip');
    const inspection = await inspectArchive(file, { filename: 'renamed.zip' });
    expect(inspection.kind).toBe('jar');
  });

  it('falls back to class names when no jar declares its connectors (older plugins)', async () => {
    const jar = await buildJar({
      classes: ['org.example.camel.CamelTimerSourceConnector', 'org.example.camel.AbstractSinkConnector', 'org.example.camel.Inner$SinkConnector', 'com.fasterxml.jackson.StdConverter'],
    });
    const kafkaClients = await buildJar({ services: { 'org.apache.kafka.common.config.provider.ConfigProvider': ['org.apache.kafka.common.config.provider.FileConfigProvider'] } });
    const file = write('camel.tar.gz', buildTarGz([
      { name: 'camel-timer/camel-timer-connector.jar', data: jar },
      { name: 'camel-timer/kafka-clients.jar', data: kafkaClients },
      { name: 'docs/example.properties', data: 'x=1' },
    ]));
    const inspection = await inspectArchive(file);
    expect(inspection.classSource).toBe('heuristic');
    expect(inspection.root).toBeNull();
    expect(inspection.classes.connectors).toEqual([{ class: 'org.example.camel.CamelTimerSourceConnector', type: 'source' }]);
    expect(inspection.classes.converters).toEqual([]); // a declared kind (config providers) stops name-guessing of the others
    expect(inspection.classes.configProviders).toEqual(['org.apache.kafka.common.config.provider.FileConfigProvider']);
  });

  it('warns about a jar inside the archive that is not a readable jar', async () => {
    const good = await buildJar({ services: { [SOURCE_CONNECTOR]: ['io.example.A'] } });
    const file = write('one-bad-jar.tar.gz', buildTarGz([
      { name: 'p/good.jar', data: good },
      { name: 'p/broken.jar', data: 'this is not a zip' },
    ]));
    const inspection = await inspectArchive(file);
    expect(inspection.jars).toHaveLength(2);
    expect(inspection.warnings).toEqual([expect.stringMatching(/^p\/broken\.jar: not a readable jar/)]);
  });
});

describe('extraction', () => {
  it('unpacks into a staging folder, strips the root folder, and moves into place', async () => {
    const file = write('extract.tar.gz', await debeziumLike());
    const stagingParent = join(dir, 'staging-1');
    const plugins = join(dir, 'plugins-1');
    mkdirSync(plugins);
    const staged = await extractToStaging(file, { stagingParent });
    expect(readdirSync(staged.dir).sort()).toEqual(['README.md', 'connect-api-4.1.1.jar', 'example-connector-1.0.0.jar', 'example-plugins-1.0.0.jar']);
    const target = join(plugins, 'example');
    expect(await staged.moveTo(target)).toEqual({ replaced: false });
    expect(readdirSync(target)).toContain('example-connector-1.0.0.jar');
    expect(readdirSync(stagingParent)).toEqual([]); // the staging folder is gone
  });

  it('replaces an older version by renames, leaving no trace of it', async () => {
    const stagingParent = join(dir, 'staging-2');
    const target = join(dir, 'plugins-2', 'example');
    mkdirSync(target, { recursive: true });
    writeFileSync(join(target, 'old-0.9.jar'), 'old');
    const staged = await extractToStaging(write('v2.tar.gz', await debeziumLike()), { stagingParent });
    expect(await staged.moveTo(target)).toEqual({ replaced: true });
    expect(existsSync(join(target, 'old-0.9.jar'))).toBe(false);
    expect(readdirSync(join(dir, 'plugins-2'))).toEqual(['example']);
    expect(readdirSync(stagingParent)).toEqual([]);
  });

  it('puts a single jar into the plugin folder under its own name', async () => {
    const file = write('single.jar', await buildJar({ services: { [SOURCE_CONNECTOR]: ['io.example.A'] } }));
    const staged = await extractToStaging(file, { stagingParent: join(dir, 'staging-3'), filename: 'connect-file-4.3.1.jar' });
    expect(readdirSync(staged.dir)).toEqual(['connect-file-4.3.1.jar']);
    expect(readFileSync(join(staged.dir, 'connect-file-4.3.1.jar'))).toEqual(readFileSync(file));
    await staged.discard();
    expect(readdirSync(join(dir, 'staging-3'))).toEqual([]);
  });

  it('inspects an installed plugin folder the way the worker will see it', async () => {
    const staged = await extractToStaging(write('dir.zip', await confluentHubLike({ name: 'jdbc', version: '1.0.0' })), { stagingParent: join(dir, 'staging-4') });
    const inspection = await inspectDirectory(staged.dir);
    expect(inspection.jars).toEqual([{ path: 'lib/kafka-connect-jdbc-10.7.4.jar', size: expect.any(Number) }]);
    expect(inspection.files).toBe(4);
    expect(inspection.classes.connectors).toHaveLength(2);
    await staged.discard();
  });
});
