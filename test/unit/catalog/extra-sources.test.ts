import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../../server/catalog';
import { loadExtraSources } from '../../../server/catalog/extra-sources';
import { CATALOG_DIR } from '../../../server/catalog/loader';

// a real shipped entry under another id is a valid entry of an extra source
const shipped = readFileSync(join(CATALOG_DIR, 'debezium-db2.yaml'), 'utf8');
const renamed = (id: string) => shipped.replace(/^id: debezium-db2$/m, `id: ${id}`);
const dir = mkdtempSync(join(tmpdir(), 'catalog-extra-'));
writeFileSync(join(dir, 'good.yaml'), renamed('acme-db2'));
writeFileSync(join(dir, 'unpinned.yaml'), renamed('acme-unpinned').replace(/sha512: [0-9a-f]+/, 'sha512: abc'));
writeFileSync(join(dir, 'shadow.yaml'), shipped);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const served = (text: string): typeof fetch => (async () => new Response(text)) as unknown as typeof fetch;

describe('extra catalog sources', () => {
  it('load good entries of a folder marked with their source, refusing bad and shadowing ones by name', async () => {
    const { entries, issues } = await loadExtraSources([dir], new Set(['debezium-db2']));
    expect(entries.map((e) => [e.id, e.source])).toEqual([['acme-db2', dir]]);
    expect(entries[0]!.versions[0]!.semver).toBe('3.6.1');
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ source: dir, file: 'unpinned.yaml', field: 'versions[0].artifacts[0].sha512' }),
        expect.objectContaining({ source: dir, file: 'shadow.yaml', field: 'id', message: expect.stringContaining('already in the catalog') }),
      ]),
    );
  });

  it('read several entries from an https URL, and refuse plain http and a source that does not answer', async () => {
    const url = 'https://catalog.example.com/extra.yaml';
    const good = await loadExtraSources([url], new Set(), served(`${renamed('acme-one')}\n---\n${renamed('acme-two')}\n---\nid: broken\n`));
    expect(good.entries.map((e) => [e.id, e.source])).toEqual([['acme-one', url], ['acme-two', url]]);
    expect(good.issues.map((i) => i.file)).toEqual(expect.arrayContaining([`${url}#3`]));
    const http = await loadExtraSources(['http://catalog.example.com/x.yaml'], new Set(), served(''));
    expect(http.issues[0]!.message).toMatch(/only https/);
    const down = await loadExtraSources([url], new Set(), (async () => { throw new Error('connect ECONNREFUSED'); }) as unknown as typeof fetch);
    expect(down).toMatchObject({ entries: [], issues: [{ source: url, message: expect.stringContaining('ECONNREFUSED') }] });
  });

  it('join the shipped catalog: the good entry offered beside the shipped ones, the refusals kept as problems', async () => {
    const catalog = await Catalog.load(undefined, [dir]);
    expect(catalog.get('acme-db2')?.source).toBe(dir);
    expect(catalog.get('debezium-db2')?.source).toBeUndefined();
    expect(catalog.problems.map((p) => p.file).sort()).toEqual(['shadow.yaml', 'unpinned.yaml']);
  });
});
