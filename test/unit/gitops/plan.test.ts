// Plan pieces that need no cluster (issue #14): states, secret diffs with unknown definitions, stale-plan messages.
import { describe, expect, it } from 'vitest';
import { staleError } from '../../../server/gitops/apply';
import { fieldChanges, fingerprintOf, targetStateOf } from '../../../server/gitops/plan';
import { UnknownPasswordKeys } from '../../../server/secrets/masking';
import { SecretBox } from '../../../server/secrets/secret-box';

describe('planning', () => {
  it('counts only a pause or a stop as a deliberate state', () => {
    expect(['RUNNING', 'FAILED', 'UNASSIGNED', 'RESTARTING', undefined].map(targetStateOf)).toEqual(['RUNNING', 'RUNNING', 'RUNNING', 'RUNNING', 'RUNNING']);
    expect(['PAUSED', 'STOPPED'].map(targetStateOf)).toEqual(['PAUSED', 'STOPPED']);
  });

  it('hides every non-framework value when the plugin definition is unknown', () => {
    const changes = fieldChanges({ name: 'a' }, { name: 'a', 'connector.class': 'x.Unknown', 'vendor.opaque': 'v', 'tasks.max': '1' }, new UnknownPasswordKeys());
    expect(changes).toEqual([
      { key: 'connector.class', change: 'added', after: 'x.Unknown' },
      { key: 'tasks.max', change: 'added', after: '1' },
      { key: 'vendor.opaque', change: 'added', secret: true },
    ]);
  });

  it('fingerprints live state with a keyed hash that moves when a config or a state does', () => {
    const box = new SecretBox('a-test-key-of-sixteen-chars');
    const live = (topic: string, state: 'RUNNING' | 'PAUSED') => new Map([['a', { name: 'a', config: { topic, 'db.password': 'pw' }, state, failed: [] }]]);
    const base = fingerprintOf(box, live('t', 'RUNNING'), undefined);
    expect(fingerprintOf(box, live('t', 'RUNNING'), undefined)).toEqual(base);
    expect(fingerprintOf(box, live('u', 'RUNNING'), undefined).fingerprint).not.toBe(base.fingerprint);
    expect(fingerprintOf(box, live('t', 'PAUSED'), undefined).fingerprint).not.toBe(base.fingerprint);
    expect(fingerprintOf(box, live('t', 'RUNNING'), 'a').fingerprint).not.toBe(base.fingerprint);
    expect(fingerprintOf(new SecretBox('another-key-of-sixteen-chars'), live('t', 'RUNNING'), undefined).observed.a).not.toBe(base.observed.a);
  });

  it('fingerprints a connector the same whether its hash is remembered or computed afresh, and moves back with its config', () => {
    const box = new SecretBox('a-test-key-of-sixteen-chars');
    const live = (topic: string, keyOrder: 'ab' | 'ba' = 'ab') =>
      new Map([['m', { name: 'm', config: keyOrder === 'ab' ? { topic, 'db.password': 'pw' } : { 'db.password': 'pw', topic }, state: 'RUNNING' as const, failed: [] }]]);
    const fresh = (topic: string) => fingerprintOf(new SecretBox('a-test-key-of-sixteen-chars'), live(topic), undefined).observed.m;
    const first = fingerprintOf(box, live('t'), undefined).observed.m;
    expect(fingerprintOf(box, live('t'), undefined).observed.m).toBe(first); // remembered
    expect(fingerprintOf(box, live('t', 'ba'), undefined).observed.m).toBe(first); // key order is not a change
    expect(fingerprintOf(box, live('u'), undefined).observed.m).toBe(fresh('u'));
    expect(fingerprintOf(box, live('t'), undefined).observed.m).toBe(first);
    expect(first).not.toBe(fresh('u'));
  });

  it('names what moved since the plan', () => {
    const error = staleError('Connect cluster "local"', { a: '1', b: '2', c: '3' }, { a: '1', b: '9', d: '4' });
    expect(error.status).toBe(409);
    expect(error.code).toBe('plan_stale');
    expect(error.message).toContain('Moved: b (changed), c (deleted), d (created)');
    expect(staleError('local', undefined, { a: '1' }).message).toContain('changed since the plan was made');
  });
});
