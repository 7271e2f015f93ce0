import { describe, expect, it } from 'vitest';
import { Catalog, compareVersions, isPrerelease, kafkaSatisfies, parseVersion, toSemver, type CatalogEntry, type CatalogVersion } from '../../../server/catalog';

describe('versions', () => {
  it.each([
    ['3.6.1.Final', '3.6.1'],
    ['2.7.3.Final', '2.7.3'],
    ['3.7.0.Alpha2', '3.7.0-alpha.2'],
    ['3.3.0.Beta1', '3.3.0-beta.1'],
    ['2.0.0.CR1', '2.0.0-rc.1'],
    ['1.0.0-RC2', '1.0.0-rc.2'],
    ['5.2.0.M3', '5.2.0-milestone.3'],
    ['1.4.0-SNAPSHOT', '1.4.0-snapshot'],
    ['6.1.0.RELEASE', '6.1.0'],
    ['4.3.1', '4.3.1'],
    ['0.7.2', '0.7.2'],
    ['10.7', '10.7.0'],
    ['2', '2.0.0'],
    ['7.9.0-ccs', '7.9.0-ccs'],
    ['1.2.3.4', '1.2.3'],
  ])('reads %s as %s', (maven, semver) => {
    expect(toSemver(maven)).toBe(semver);
    expect(parseVersion(maven)).toEqual({ original: maven, semver });
  });

  it('has no reading for text without a version', () => {
    expect(toSemver('latest')).toBeNull();
    expect(parseVersion('')).toBeNull();
  });

  it('orders Maven qualifiers the way Maven does: alpha < beta < milestone < rc < release', () => {
    const sorted = ['3.6.0.Final', '3.6.0.Alpha1', '3.5.2.Final', '3.6.0.CR1', '3.6.0.Beta2', '3.6.0.Beta1', '3.6.1.Final', '3.6.0.M1', '3.10.0.Final'].sort(compareVersions);
    expect(sorted).toEqual(['3.5.2.Final', '3.6.0.Alpha1', '3.6.0.Beta1', '3.6.0.Beta2', '3.6.0.M1', '3.6.0.CR1', '3.6.0.Final', '3.6.1.Final', '3.10.0.Final']);
  });

  it('puts versions without a reading first', () => {
    expect(['1.0.0', 'nightly', '0.1.0'].sort(compareVersions)).toEqual(['nightly', '0.1.0', '1.0.0']);
  });

  it('tells pre-releases', () => {
    expect(isPrerelease('3.7.0.Alpha2')).toBe(true);
    expect(isPrerelease('3.6.1.Final')).toBe(false);
  });

  it('matches Kafka versions against ranges, vendor suffixes included', () => {
    expect(kafkaSatisfies('4.3.1', '>=3.9.0 <5.0.0')).toBe(true);
    expect(kafkaSatisfies('4.3.1', '~4.2.0')).toBe(false);
    expect(kafkaSatisfies('7.9.0-ccs', '>=7.0.0')).toBe(true);
    expect(kafkaSatisfies('3.9', '>=3.9.0 <5.0.0')).toBe(true);
    expect(kafkaSatisfies('unknown', '*')).toBe(false);
  });
});

function version(v: string, kafka = '>=3.9.0 <5.0.0', classes = ['io.example.Source']): CatalogVersion {
  return {
    version: v,
    semver: toSemver(v)!,
    prerelease: isPrerelease(v),
    kafka,
    minJava: 17,
    artifacts: [{ coordinates: `io.example:example:${v}:jar`, sha512: 'a'.repeat(128), size: 1 }],
    connectorClasses: classes.map((c) => ({ class: c, type: 'source' as const })),
  };
}

function entry(id: string, versions: CatalogVersion[]): CatalogEntry {
  return {
    id,
    name: id,
    publisher: 'Example',
    category: 'cdc',
    needs: ['nothing'],
    description: 'x',
    docs: 'https://example.com',
    license: 'Apache-2.0',
    versions: versions.sort((a, b) => compareVersions(b.version, a.version)),
    templates: [],
  };
}

describe('catalog lookups and update checks', () => {
  const catalog = new Catalog({
    meta: { version: '1.0.0', changelog: [{ version: '1.0.0', date: '2026-01-01', changes: 'x' }] },
    entries: [
      entry('cdc', [version('3.4.0.Final'), version('3.5.0.Final'), version('3.6.1.Final', '>=4.3.0 <5.0.0'), version('3.7.0.Alpha1')]),
      entry('file', [version('4.2.0', '~4.2.0', ['io.example.FileSource']), version('4.3.1', '~4.3.0', ['io.example.FileSource'])]),
    ],
  });

  it('finds versions by their exact string or by their semver reading', () => {
    expect(catalog.getVersion('cdc', '3.5.0.Final')?.version).toBe('3.5.0.Final');
    expect(catalog.getVersion('cdc', '3.5.0')?.version).toBe('3.5.0.Final');
    expect(catalog.getVersion('cdc', '9.9.9')).toBeUndefined();
    expect(catalog.getVersion('nope', '1.0.0')).toBeUndefined();
  });

  it('picks the latest release, or the latest for a Kafka version', () => {
    expect(catalog.latest('cdc')?.version).toBe('3.6.1.Final');
    expect(catalog.latest('cdc', { includePrereleases: true })?.version).toBe('3.7.0.Alpha1');
    expect(catalog.latest('cdc', { kafkaVersion: '4.1.1' })?.version).toBe('3.5.0.Final');
    expect(catalog.latest('file', { kafkaVersion: '4.2.1' })?.version).toBe('4.2.0');
  });

  it('offers the newest newer release', () => {
    const check = catalog.checkForUpdate('cdc', '3.4.0.Final');
    expect(check).toMatchObject({ installed: '3.4.0.Final', updateAvailable: true, installedKnown: true });
    expect(check.latest?.version).toBe('3.6.1.Final');
    expect(check.newer.map((v) => v.version)).toEqual(['3.6.1.Final', '3.5.0.Final']);
  });

  it('offers nothing when up to date, and no pre-release to someone on a release', () => {
    expect(catalog.checkForUpdate('cdc', '3.6.1.Final')).toMatchObject({ updateAvailable: false, latest: null });
  });

  it('offers newer pre-releases to someone already on one', () => {
    expect(catalog.checkForUpdate('cdc', '3.7.0.Alpha0').installedKnown).toBe(false);
    const onAlpha = new Catalog({ meta: catalog.meta, entries: [entry('cdc', [version('3.7.0.Alpha1'), version('3.7.0.Beta1')])] });
    expect(onAlpha.checkForUpdate('cdc', '3.7.0.Alpha1').latest?.version).toBe('3.7.0.Beta1');
  });

  it('limits the offer to versions that support the worker\'s Kafka', () => {
    expect(catalog.checkForUpdate('cdc', '3.4.0.Final', { kafkaVersion: '4.1.1' }).latest?.version).toBe('3.5.0.Final');
    expect(catalog.checkForUpdate('file', '4.2.0', { kafkaVersion: '4.2.1' }).updateAvailable).toBe(false);
    expect(catalog.checkForUpdate('file', '4.2.0', { kafkaVersion: '4.3.1' }).latest?.version).toBe('4.3.1');
  });

  it('handles versions installed from elsewhere (Maven or plain semver strings alike)', () => {
    expect(catalog.checkForUpdate('cdc', '3.5.0').latest?.version).toBe('3.6.1.Final');
    expect(catalog.checkForUpdate('unknown', '1.0.0')).toMatchObject({ updateAvailable: false, installedKnown: false });
  });

  it('maps a connector class back to the entries and versions providing it', () => {
    expect(catalog.findByConnectorClass('io.example.FileSource').map(({ entry: e, versions }) => [e.id, versions.map((v) => v.version)])).toEqual([['file', ['4.3.1', '4.2.0']]]);
    expect(catalog.findByConnectorClass('io.example.Nothing')).toEqual([]);
  });
});
