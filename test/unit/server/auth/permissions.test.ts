import { describe, expect, it } from 'vitest';
import {
  ALL_PERMISSIONS,
  GLOBAL_PERMISSIONS,
  grantCoversCluster,
  grantHolds,
  grantWithin,
  PERMISSIONS,
  permissionsOf,
  ROLE_ORDER,
  ROLE_PERMISSIONS,
} from '../../../../server/auth/permissions';
import { ROLES } from '../../../../server/db/tables';

const P = PERMISSIONS;

describe('role → permissions table', () => {
  it('gives viewers reading only, plus their own alert channels and subscriptions', () => {
    expect([...ROLE_PERMISSIONS.viewer].sort()).toEqual([P.clusterRead, P.profileRead, P.alertSubscribe].sort());
  });

  it('gives operators viewer rights plus operating and editing connectors, topics, templates, alert rules and schemas', () => {
    expect([...ROLE_PERMISSIONS.operator].sort()).toEqual(
      [P.profileRead, P.clusterRead, P.alertSubscribe, P.connectorOperate, P.connectorWrite, P.topicWrite, P.templateWrite, P.alertWrite, P.schemaWrite].sort(),
    );
  });

  it('leaves shared alert channels to unscoped admins (everyone’s notifications go through them)', () => {
    expect(ROLE_PERMISSIONS.operator.has(P.alertManage)).toBe(false);
    expect(GLOBAL_PERMISSIONS.has(P.alertManage)).toBe(true);
  });

  it('leaves ACL changes to admins, including admins scoped to clusters (ACLs belong to one cluster)', () => {
    expect(ROLE_PERMISSIONS.operator.has(P.aclManage)).toBe(false);
    expect(ROLE_PERMISSIONS.admin.has(P.aclManage)).toBe(true);
    expect(GLOBAL_PERMISSIONS.has(P.aclManage)).toBe(false);
  });

  it('gives admins everything', () => {
    expect([...ROLE_PERMISSIONS.admin].sort()).toEqual([...ALL_PERMISSIONS].sort());
  });

  it('orders roles so each holds everything the weaker ones hold', () => {
    expect([...ROLE_ORDER].sort()).toEqual([...ROLES].sort());
    for (let i = 1; i < ROLE_ORDER.length; i++) {
      const weaker = ROLE_PERMISSIONS[ROLE_ORDER[i - 1]!];
      const stronger = ROLE_PERMISSIONS[ROLE_ORDER[i]!];
      for (const permission of weaker) expect(stronger.has(permission), permission).toBe(true);
      expect(stronger.size).toBeGreaterThan(weaker.size);
    }
  });

  it('keeps access management, cluster registration and the audit log out of operator reach', () => {
    for (const permission of [P.userManage, P.tokenManage, P.auditRead, P.clusterManage, P.pluginManage]) {
      expect(grantHolds({ role: 'operator', clusters: null }, permission), permission).toBe(false);
    }
  });
});

describe('cluster-scoped grants', () => {
  const scopedAdmin = { role: 'admin' as const, clusters: ['a'] };

  it('never hold the global permissions, even for an admin', () => {
    for (const permission of GLOBAL_PERMISSIONS) expect(grantHolds(scopedAdmin, permission), permission).toBe(false);
    expect(grantHolds(scopedAdmin, P.pluginManage)).toBe(true);
    expect(permissionsOf(scopedAdmin)).not.toContain(P.userManage);
  });

  it('reach only their clusters', () => {
    expect(grantCoversCluster(scopedAdmin, 'kafka', 'a')).toBe(true);
    expect(grantCoversCluster(scopedAdmin, 'kafka', 'b')).toBe(false);
    expect(grantCoversCluster({ role: 'viewer', clusters: null }, 'kafka', 'b')).toBe(true);
    expect(grantCoversCluster({ role: 'viewer', clusters: [] }, 'kafka', 'a')).toBe(false);
  });

  it('name the kind of cluster: a grant on Kafka cluster "local" does not reach Connect cluster "local"', () => {
    const kafkaOnly = { role: 'viewer' as const, clusters: ['kafka:local'] };
    expect(grantCoversCluster(kafkaOnly, 'kafka', 'local')).toBe(true);
    expect(grantCoversCluster(kafkaOnly, 'connect', 'local')).toBe(false);
    expect(grantCoversCluster({ role: 'viewer', clusters: ['connect:local'] }, 'kafka', 'local')).toBe(false);
    // a bare id is what grants held before they named the kind
    expect(grantCoversCluster({ role: 'viewer', clusters: ['local'] }, 'connect', 'local')).toBe(true);
  });
});

describe('grantWithin (a token may not exceed its creator)', () => {
  it.each([
    [{ role: 'viewer', clusters: null }, { role: 'admin', clusters: null }, true],
    [{ role: 'admin', clusters: null }, { role: 'admin', clusters: null }, true],
    [{ role: 'admin', clusters: null }, { role: 'operator', clusters: null }, false],
    [{ role: 'viewer', clusters: ['a'] }, { role: 'operator', clusters: ['a', 'b'] }, true],
    [{ role: 'viewer', clusters: ['c'] }, { role: 'operator', clusters: ['a', 'b'] }, false],
    [{ role: 'viewer', clusters: null }, { role: 'operator', clusters: ['a'] }, false],
    [{ role: 'viewer', clusters: [] }, { role: 'operator', clusters: ['a'] }, true],
    [{ role: 'viewer', clusters: ['kafka:a'] }, { role: 'operator', clusters: ['a'] }, true],
    [{ role: 'viewer', clusters: ['connect:a'] }, { role: 'operator', clusters: ['kafka:a'] }, false],
    [{ role: 'viewer', clusters: ['a'] }, { role: 'operator', clusters: ['kafka:a'] }, false],
    [{ role: 'viewer', clusters: ['a'] }, { role: 'operator', clusters: ['connect:a', 'kafka:a'] }, true],
  ] as const)('%j within %j → %s', (inner, outer, expected) => {
    expect(grantWithin(inner, outer)).toBe(expected);
  });
});
