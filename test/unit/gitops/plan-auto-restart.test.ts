// Auto-restart policies in plan/apply (issue #14): planned from one read of the cluster's policies, apart from the config.
import { describe, expect, it } from 'vitest';
import type { ConnectServices, OpenedCluster } from '../../../server/connect/services';
import type { AutoRestartPolicy } from '../../../server/connectors/auto-restart/policy';
import { planAutoRestart } from '../../../server/gitops/auto-restart';
import { connectorToYaml, parseConnectorFile } from '../../../server/gitops/format';
import { fingerprintOf, planAgainst, type DesiredConnector, type LiveConnector } from '../../../server/gitops/plan';
import { SecretBox } from '../../../server/secrets/secret-box';

const POLICY: AutoRestartPolicy = { enabled: true, maxRestarts: 5, backoffUnitSeconds: 60 };
const CONFIG = { 'connector.class': 'FileStreamSource', topic: 't' };
const box = new SecretBox('a-test-key-of-sixteen-chars');
// The config-unchanged path asks Connect nothing (no validation): only the keyed hash needs a service.
const services = { secrets: box } as unknown as ConnectServices;
const opened = { cluster: { id: 'local' } } as unknown as OpenedCluster;

const live = (autoRestart?: AutoRestartPolicy, state: LiveConnector['state'] = 'RUNNING'): Map<string, LiveConnector> =>
  new Map([['a', { name: 'a', config: { ...CONFIG, name: 'a' }, state, failed: [], ...(autoRestart ? { autoRestart } : {}) }]]);
const planOf = async (current: Map<string, LiveConnector>, desired: Partial<DesiredConnector>) =>
  (await planAgainst(services, opened, { connect: 'local', connectors: [{ name: 'a', config: CONFIG, ...desired }] }, current)).changes[0]!;

describe('planning auto-restart policies', () => {
  it('diffs only the connector\'s own policy, field by field', () => {
    expect(planAutoRestart(undefined, POLICY)).toEqual({
      change: 'added',
      fields: [
        { key: 'enabled', change: 'added', after: 'true' },
        { key: 'maxRestarts', change: 'added', after: '5' },
        { key: 'backoffUnitSeconds', change: 'added', after: '60' },
      ],
    });
    expect(planAutoRestart(POLICY, { ...POLICY, maxRestarts: 3, backoffScheduleSeconds: [10, 60] })).toEqual({
      change: 'changed',
      fields: [
        { key: 'maxRestarts', change: 'changed', before: '5', after: '3' },
        { key: 'backoffScheduleSeconds', change: 'added', after: '10, 60' },
      ],
    });
    expect(planAutoRestart(POLICY, { ...POLICY })).toBeUndefined();
    expect(planAutoRestart(POLICY, undefined)).toBeUndefined();
    expect(planAutoRestart(undefined, null)).toBeUndefined();
    expect(planAutoRestart(POLICY, null)?.change).toBe('removed');
  });

  it('makes a policy-only change an update without config fields, and leaves unchanged or unmanaged policies a noop', async () => {
    const added = await planOf(live(), { autoRestart: POLICY });
    expect(added).toMatchObject({ action: 'update', fields: [], autoRestart: { change: 'added' } });
    const changed = await planOf(live(POLICY), { autoRestart: { ...POLICY, enabled: false } });
    expect(changed).toEqual({ action: 'update', name: 'a', class: 'FileStreamSource', fields: [], autoRestart: { change: 'changed', fields: [{ key: 'enabled', change: 'changed', before: 'true', after: 'false' }] } });
    expect(await planOf(live(POLICY), { autoRestart: { ...POLICY } })).toEqual({ action: 'noop', name: 'a', class: 'FileStreamSource', fields: [] });
    // Absent from the files: not managed, whatever the connector has.
    expect(await planOf(live(POLICY), {})).toMatchObject({ action: 'noop' });
    expect(await planOf(live(POLICY), { autoRestart: null })).toMatchObject({ action: 'update', fields: [], autoRestart: { change: 'removed' } });
    expect(await planOf(live(), { autoRestart: null })).toMatchObject({ action: 'noop' });
  });

  it('carries a policy change along with a state change', async () => {
    const change = await planOf(live(undefined, 'PAUSED'), { state: 'RUNNING', autoRestart: POLICY });
    expect(change).toMatchObject({ action: 'state', state: { from: 'PAUSED', to: 'RUNNING' }, autoRestart: { change: 'added' } });
  });

  it('moves the fingerprint when a policy changes, and keeps it for connectors without one', () => {
    const none = fingerprintOf(box, live(), undefined);
    const withPolicy = fingerprintOf(box, live(POLICY), undefined);
    expect(withPolicy.fingerprint).not.toBe(none.fingerprint);
    expect(fingerprintOf(box, live({ ...POLICY, maxRestarts: 6 }), undefined).fingerprint).not.toBe(withPolicy.fingerprint);
    // What it was before policies were planned: the hash of config and state alone.
    const legacy = new Map([['a', { name: 'a', config: { ...CONFIG, name: 'a' }, state: 'RUNNING' as const, failed: [] }]]);
    expect(fingerprintOf(box, legacy, undefined)).toEqual(none);
  });
});

describe('autoRestart in the files', () => {
  const doc = (autoRestart: string) => `apiVersion: connectory/v1
kind: Connector
connect: local
name: a
${autoRestart}
config:
  connector.class: FileStreamSource
`;

  it('reads a policy, null, or nothing', () => {
    const read = (text: string) => parseConnectorFile('a.yaml', doc(text));
    expect(read('autoRestart: { enabled: true, maxRestarts: 3, backoffScheduleSeconds: [10, 60] }').documents[0]!.autoRestart).toEqual({ enabled: true, maxRestarts: 3, backoffScheduleSeconds: [10, 60] });
    expect(read('autoRestart: null').documents[0]!.autoRestart).toBeNull();
    expect(read('autoRestart: ~').documents[0]!.autoRestart).toBeNull();
    expect(read('').documents[0]).not.toHaveProperty('autoRestart');
  });

  it('names the field and place of a bad policy', () => {
    const errors = (text: string) => parseConnectorFile('a.yaml', doc(text)).errors.map((error) => error.message);
    expect(errors('autoRestart: { enabled: yes }')).toEqual(['a.yaml:5:16: autoRestart.enabled: must be true or false']);
    expect(errors('autoRestart: { enabled: true, maxRestarts: 0 }')[0]).toContain('autoRestart.maxRestarts: maxRestarts must be at least 1');
    expect(errors('autoRestart: { enabled: true, retries: 3 }')[0]).toContain('unknown field "autoRestart.retries" (autoRestart has enabled, maxRestarts');
    expect(errors('autoRestart: { enabled: true, backoffScheduleSeconds: [] }')[0]).toContain('autoRestart.backoffScheduleSeconds');
  });

  it('writes a policy that reads back the same', () => {
    const policy = { enabled: true, maxRestarts: 4, backoffUnitSeconds: 30, backoffScheduleSeconds: [5, 50] };
    const yaml = connectorToYaml({ connect: 'local', name: 'a', state: 'RUNNING', autoRestart: policy, config: { 'connector.class': 'X' } });
    const parsed = parseConnectorFile('a.yaml', yaml);
    expect(parsed.errors).toEqual([]);
    expect(parsed.documents[0]!.autoRestart).toEqual(policy);
    expect(connectorToYaml({ connect: 'local', name: 'a', state: 'RUNNING', config: {} })).not.toContain('autoRestart');
  });
});
