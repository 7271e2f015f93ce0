import { describe, expect, it } from 'vitest';
import { canonicalConfig, configHash, ConfigHashes, sameConfig } from '../../../server/connectors/canonical';
import { diffConfigs } from '../../../server/connectors/diff';
import { isUnrecordedChange, STALE_READ_GRACE_MS, type VersionSummary } from '../../../server/connectors/history';
import { SECRET_MASK } from '../../../server/secrets/masking';

describe('canonical config', () => {
  it('sets the name and sorts keys, so equal configs hash equal whatever the order', () => {
    expect(canonicalConfig('orders', { b: '2', a: '1' })).toEqual({ a: '1', b: '2', name: 'orders' });
    expect(Object.keys(canonicalConfig('orders', { z: '1', name: 'orders', a: '2' }))).toEqual(['a', 'name', 'z']);
    expect(configHash('orders', { a: '1', b: '2' })).toBe(configHash('orders', { b: '2', a: '1', name: 'orders' }));
    expect(configHash('orders', { a: '1' })).not.toBe(configHash('orders', { a: '2' }));
    expect(configHash('orders', { a: '1' })).not.toBe(configHash('payments', { a: '1' }));
  });

  it('tells configs the same exactly when their hashes are equal, without hashing', () => {
    const pairs: Array<[Record<string, string>, Record<string, string>]> = [
      [{ a: '1', b: '2' }, { b: '2', a: '1' }],
      [{ a: '1' }, { a: '1', name: 'orders' }],
      [{ a: '1', name: 'other' }, { a: '1' }],
      [{ a: '1' }, { a: '2' }],
      [{ a: '1' }, { a: '1', b: '2' }],
      [{ a: '1', b: '2' }, { a: '1', c: '2' }],
      [{ a: '1', name: 'orders' }, { a: '1', b: '' }],
      [{}, { name: 'orders' }],
    ];
    for (const [a, b] of pairs) {
      const expected = configHash('orders', a) === configHash('orders', b);
      expect(sameConfig('orders', a, b), JSON.stringify([a, b])).toBe(expected);
      expect(sameConfig('orders', b, a), JSON.stringify([b, a])).toBe(expected);
    }
    expect(pairs.filter(([a, b]) => sameConfig('orders', a, b)).length).toBe(4);
  });

  it('remembers hashes per connector, and hashes again whatever changed, order included', () => {
    const hashes = new ConfigHashes();
    expect(hashes.hash('orders', { a: '1', b: '2' })).toBe(configHash('orders', { a: '1', b: '2' }));
    expect(hashes.hash('orders', { a: '1', b: '3' })).toBe(configHash('orders', { a: '1', b: '3' }));
    expect(hashes.hash('orders', { b: '3', a: '1' })).toBe(configHash('orders', { a: '1', b: '3' }));
    // the same config under another name is another connector's config
    expect(hashes.hash('payments', { b: '3', a: '1' })).toBe(configHash('payments', { a: '1', b: '3' }));
    hashes.keepOnly(new Set(['payments']));
    expect(hashes.hash('orders', { a: '1', b: '3' })).toBe(configHash('orders', { a: '1', b: '3' }));
  });
});

describe('config diff', () => {
  it('lists added, removed and changed keys, with secrets compared by value but shown masked', () => {
    const before = { 'connector.class': 'X', 'tasks.max': '1', 'database.password': 'old', gone: 'x' };
    const after = { 'connector.class': 'X', 'tasks.max': '2', 'database.password': 'new', 'ssl.enabled': 'true', custom: 'p' };
    expect(diffConfigs(before, after, new Set(['custom']))).toEqual([
      { key: 'custom', change: 'added', after: SECRET_MASK },
      { key: 'database.password', change: 'changed', before: SECRET_MASK, after: SECRET_MASK },
      { key: 'gone', change: 'removed', before: 'x' },
      { key: 'ssl.enabled', change: 'added', after: 'true' },
      { key: 'tasks.max', change: 'changed', before: '1', after: '2' },
    ]);
    expect(diffConfigs(before, before)).toEqual([]);
  });
});

describe('noticing external changes', () => {
  const now = Date.now();
  const version = (n: number, hash: string, ageMs: number): VersionSummary => ({
    version: n,
    source: 'connectory',
    actor: 'alice',
    configHash: hash,
    createdAt: new Date(now - ageMs),
  });

  it('records a connector seen for the first time, and a config unlike the newest version', () => {
    expect(isUnrecordedChange([], 'h1', new Date())).toBe(true);
    expect(isUnrecordedChange([version(1, 'h1', 60_000)], 'h2', new Date())).toBe(true);
  });

  it('ignores the newest config, and observations older than the newest version', () => {
    expect(isUnrecordedChange([version(1, 'h1', 60_000)], 'h1', new Date())).toBe(false);
    expect(isUnrecordedChange([version(2, 'h2', 1_000), version(1, 'h1', 60_000)], 'h1', new Date(now - 5_000))).toBe(false);
  });

  it('takes an earlier config seen just after a write for a worker that has not caught up yet', () => {
    const recent = [version(2, 'h2', 2_000), version(1, 'h1', 60_000)];
    expect(isUnrecordedChange(recent, 'h1', new Date())).toBe(false);
    expect(isUnrecordedChange(recent, 'h3', new Date())).toBe(true);
    const settled = [version(2, 'h2', STALE_READ_GRACE_MS + 1_000), version(1, 'h1', 60_000)];
    expect(isUnrecordedChange(settled, 'h1', new Date())).toBe(true);
  });
});
