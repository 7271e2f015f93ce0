/** The loader's error reporting: every problem, each naming its file and field. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CATALOG_DIR, CatalogError, loadCatalog, type CatalogIssue } from '../../../server/catalog';

const root = mkdtempSync(join(tmpdir(), 'catalog-loader-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const META = readFileSync(join(CATALOG_DIR, 'catalog.yaml'), 'utf8');
const MARIADB = readFileSync(join(CATALOG_DIR, 'debezium-mariadb.yaml'), 'utf8');

let n = 0;
/** A catalog folder named "catalog" holding the given files. */
function catalogWith(files: Record<string, string>): string {
  const dir = join(root, String((n += 1)), 'catalog');
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function issuesOf(files: Record<string, string>): Promise<CatalogIssue[]> {
  const error = await loadCatalog(catalogWith(files)).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CatalogError);
  return (error as CatalogError).issues;
}

describe('catalog loader', () => {
  it('loads a valid folder, versions newest first with their semver reading', async () => {
    const loaded = await loadCatalog(catalogWith({ 'catalog.yaml': META, 'debezium-mariadb.yaml': MARIADB }));
    expect(loaded.entries.map((e) => e.id)).toEqual(['debezium-mariadb']);
    expect(loaded.entries[0]!.versions.map((v) => [v.version, v.semver, v.prerelease])).toEqual([
      ['3.5.0.Final', '3.5.0', false],
      ['3.4.0.Final', '3.4.0', false],
    ]);
  });

  it('names the file and field of a bad checksum', async () => {
    const bad = MARIADB.replace(/sha512: [0-9a-f]+/, 'sha512: abc');
    expect(await issuesOf({ 'catalog.yaml': META, 'debezium-mariadb.yaml': bad })).toEqual([
      { file: 'catalog/debezium-mariadb.yaml', field: 'versions[0].artifacts[0].sha512', message: "must be 128 lower-case hex characters (the file's SHA-512)" },
    ]);
  });

  it('reports every problem of every file at once, in a readable message', async () => {
    const badCoordinates = MARIADB.replace('io.debezium:debezium-connector-mariadb:3.5.0.Final:plugin:tar.gz', 'io.debezium:debezium-connector-mariadb');
    const badRange = MARIADB.replace('kafka: ">=3.9.0 <5.0.0"', 'kafka: "four-ish"');
    const error = await loadCatalog(catalogWith({ 'catalog.yaml': META, 'debezium-mariadb.yaml': badCoordinates, 'other.yaml': badRange.replace('id: debezium-mariadb', 'id: other') })).catch((e: unknown) => e as CatalogError);
    if (!(error instanceof CatalogError)) throw new Error('expected a CatalogError');
    expect(error.issues).toEqual([
      { file: 'catalog/debezium-mariadb.yaml', field: 'versions[0].artifacts[0].coordinates', message: expect.stringMatching(/expected group:artifact:version\[:classifier\]:type/) },
      { file: 'catalog/other.yaml', field: 'versions[0].kafka', message: 'must be a semver range such as ">=3.9.0 <5.0.0"' },
    ]);
    expect(error.message).toMatch(/^Catalog: 2 problem\(s\):\n {2}catalog\/debezium-mariadb\.yaml: versions\[0\]\.artifacts\[0\]\.coordinates: /);
  });

  it('refuses unknown keys, such as a flow mapping split at a comma', async () => {
    const split = MARIADB.replace(
      /- name: user\n\s+description: "[^"]*"\n\s+required: true/,
      '- { name: user, description: User with SELECT, RELOAD, required: true }',
    );
    const typo = MARIADB.replace('builtAgainstKafka: 4.1.1\n', 'builtAgainstKafak: 4.1.1\n');
    expect(await issuesOf({ 'catalog.yaml': META, 'debezium-mariadb.yaml': split })).toEqual([
      expect.objectContaining({ file: 'catalog/debezium-mariadb.yaml', field: 'templates[0].placeholders[2].RELOAD', message: expect.stringMatching(/^unknown key "RELOAD"/) }),
    ]);
    expect((await issuesOf({ 'catalog.yaml': META, 'debezium-mariadb.yaml': typo }))[0]).toMatchObject({ field: 'versions[0]', message: expect.stringMatching(/builtAgainstKafak/) });
  });

  it('checks what a shape cannot: id = file name, unique versions, template classes, no secrets in templates', async () => {
    const wrongId = MARIADB.replace('id: debezium-mariadb', 'id: mariadb');
    expect(await issuesOf({ 'catalog.yaml': META, 'debezium-mariadb.yaml': wrongId })).toEqual([
      { file: 'catalog/debezium-mariadb.yaml', field: 'id', message: '"mariadb" must match the file name "debezium-mariadb"' },
    ]);
    const duplicate = MARIADB.replace('version: 3.4.0.Final', 'version: 3.5.0.Final');
    expect(await issuesOf({ 'catalog.yaml': META, 'debezium-mariadb.yaml': duplicate })).toContainEqual({ file: 'catalog/debezium-mariadb.yaml', field: 'versions[1].version', message: 'version 3.5.0.Final is listed twice' });
    const foreignClass = MARIADB.replace('connectorClass: io.debezium.connector.mariadb.MariaDbConnector', 'connectorClass: io.debezium.connector.mysql.MySqlConnector');
    expect(await issuesOf({ 'catalog.yaml': META, 'debezium-mariadb.yaml': foreignClass })).toContainEqual(
      expect.objectContaining({ field: 'templates[0].connectorClass', message: 'io.debezium.connector.mysql.MySqlConnector is not a connector class of any version of this entry' }),
    );
    const secret = MARIADB.replace('database.password: ${password}', 'database.password: hunter2');
    expect(await issuesOf({ 'catalog.yaml': META, 'debezium-mariadb.yaml': secret })).toContainEqual(
      expect.objectContaining({ field: 'templates[0].config.database.password', message: expect.stringMatching(/looks secret/) }),
    );
  });

  it('reports YAML syntax errors with their line, and a missing catalog.yaml', async () => {
    const issues = await issuesOf({ 'debezium-mariadb.yaml': `${MARIADB}\n  bad: [unclosed\n` });
    expect(issues).toContainEqual({ file: 'catalog/catalog.yaml', field: '', message: 'is missing' });
    expect(issues).toContainEqual({ file: 'catalog/debezium-mariadb.yaml', field: '', message: expect.stringMatching(/^invalid YAML: .* at line \d+/) });
  });

  it('checks catalog.yaml: semver version with its own changelog line', async () => {
    expect(await issuesOf({ 'catalog.yaml': 'version: 1.0\nchangelog: []\n' })).toEqual([
      { file: 'catalog/catalog.yaml', field: 'version', message: expect.any(String) },
      { file: 'catalog/catalog.yaml', field: 'changelog', message: expect.stringMatching(/>=1 items|at least 1|too small/i) },
    ]);
    expect(await issuesOf({ 'catalog.yaml': 'version: 1.1.0\nchangelog:\n  - { version: 1.0.0, date: 2026-01-01, changes: first }\n' })).toEqual([
      { file: 'catalog/catalog.yaml', field: 'changelog', message: 'has no line for the current version 1.1.0' },
    ]);
  });
});
