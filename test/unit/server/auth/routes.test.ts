// Walks every operation in the app's own OpenAPI document: each /api/v1 route declares a permission, refuses
// anonymous callers (401), roles without the permission (403) and callers scoped to other clusters (403),
// and lets the weakest role that holds the permission through. A route added without a permission fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER_PARAMS } from '../../../../server/auth/authorize';
import { ALL_PERMISSIONS, GLOBAL_PERMISSIONS, ROLE_ORDER, ROLE_PERMISSIONS, type Permission } from '../../../../server/auth/permissions';
import type { Role } from '../../../../server/db/tables';
import { createTestApp, type TestApp } from '../../../support/app';
import { loginAs, tokenFor, type RequestHeaders } from '../../../support/auth';

/** Everything outside /api/v1 that answers without authentication. Adding to it is a decision, not an accident. */
const PUBLIC_OPERATIONS = ['GET /api/health', 'POST /api/auth/login', 'POST /api/auth/logout', 'GET /api/auth/session'];
const IN_SCOPE = 'cluster-a';
const OUT_OF_SCOPE = 'cluster-b';

interface Operation {
  method: string;
  path: string;
  permission: Permission | undefined;
  security: unknown;
}

let testApp: TestApp;
let operations: Operation[];

beforeAll(async () => {
  testApp = await createTestApp();
  const doc = (await (await testApp.app.request('/api/openapi.json')).json()) as {
    paths: Record<string, Record<string, { 'x-permission'?: Permission; security?: unknown }>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      permission: operation['x-permission'],
      security: operation.security,
    })),
  );
});
afterAll(() => testApp?.close());

const v1 = () => operations.filter((operation) => operation.path.startsWith('/api/v1/'));
const label = (operation: Operation) => `${operation.method} ${operation.path}`;

function concretePath(path: string, cluster: string): string {
  return path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    if ((CLUSTER_PARAMS as readonly string[]).includes(name)) return cluster;
    if (name === 'id') return '00000000-0000-4000-8000-000000000000';
    return 'sample';
  });
}

function call(operation: Operation, headers: RequestHeaders, cluster = IN_SCOPE) {
  const hasBody = !['GET', 'HEAD', 'DELETE'].includes(operation.method);
  return testApp.app.request(concretePath(operation.path, cluster), {
    method: operation.method,
    headers: hasBody ? { ...headers, 'Content-Type': 'application/json' } : headers,
    body: hasBody ? '{}' : undefined,
  });
}

const rolesWithout = (permission: Permission): Role[] => ROLE_ORDER.filter((role) => !ROLE_PERMISSIONS[role].has(permission));
const weakestWith = (permission: Permission): Role => ROLE_ORDER.find((role) => ROLE_PERMISSIONS[role].has(permission))!;

describe('every route in the OpenAPI document', () => {
  it('is either public on purpose or under /api/v1', () => {
    expect(v1().length).toBeGreaterThan(0);
    const outside = operations.filter((operation) => !operation.path.startsWith('/api/v1/')).map(label);
    expect(outside.sort()).toEqual([...PUBLIC_OPERATIONS].sort());
  });

  it('under /api/v1 declares a known permission and the security schemes', () => {
    for (const operation of v1()) {
      expect(operation.permission, `${label(operation)} has no x-permission`).toBeDefined();
      expect(ALL_PERMISSIONS, label(operation)).toContain(operation.permission);
      expect(operation.security, label(operation)).toEqual([{ session: [] }, { bearer: [] }]);
    }
  });

  it('refuses anonymous callers with 401', async () => {
    for (const operation of v1()) {
      const response = await call(operation, {});
      expect(response.status, label(operation)).toBe(401);
      expect(await response.json(), label(operation)).toMatchObject({ error: { code: 'unauthenticated' } });
    }
  });

  it('refuses roles without the permission with 403, by token and by session', async () => {
    const callers = new Map<Role, RequestHeaders[]>();
    for (const role of ROLE_ORDER) callers.set(role, [(await tokenFor(testApp, role)).headers, (await loginAs(testApp, role)).headers]);
    let checked = 0;
    for (const operation of v1()) {
      for (const role of rolesWithout(operation.permission!)) {
        for (const headers of callers.get(role)!) {
          const response = await call(operation, headers);
          expect(response.status, `${role} on ${label(operation)}`).toBe(403);
          expect(await response.json()).toMatchObject({ error: { code: 'forbidden' } });
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('refuses a cluster-scoped admin the global permissions', async () => {
    const scopedAdmin = (await tokenFor(testApp, 'admin', [IN_SCOPE])).headers;
    for (const operation of v1().filter((op) => GLOBAL_PERMISSIONS.has(op.permission!))) {
      expect((await call(operation, scopedAdmin)).status, label(operation)).toBe(403);
    }
  });

  it('refuses callers scoped to another cluster on cluster paths, and lets them into their own', async () => {
    const clusterOperations = v1().filter((operation) => CLUSTER_PARAMS.some((param) => operation.path.includes(`{${param}}`)));
    expect(clusterOperations.length).toBeGreaterThan(0);
    for (const operation of clusterOperations) {
      const role = weakestWith(operation.permission!);
      const scoped = (await tokenFor(testApp, role, [IN_SCOPE])).headers;
      const elsewhere = await call(operation, scoped, OUT_OF_SCOPE);
      expect(elsewhere.status, `${role} scoped to ${IN_SCOPE} on ${label(operation)}`).toBe(403);
      expect(await elsewhere.json()).toMatchObject({ error: { code: 'forbidden' } });
      // a cluster-scoped grant never holds a global permission (cluster:manage …), even on its own cluster
      if (GLOBAL_PERMISSIONS.has(operation.permission!)) continue;
      expect([401, 403], label(operation)).not.toContain((await call(operation, scoped, IN_SCOPE)).status);
    }
  });

  it('lets the weakest role holding the permission through (the table and the routes agree)', async () => {
    for (const operation of v1()) {
      const role = weakestWith(operation.permission!);
      const response = await call(operation, (await tokenFor(testApp, role)).headers);
      expect([401, 403], `${role} on ${label(operation)}: ${response.status}`).not.toContain(response.status);
    }
  });
});
