/**
 * ACL management on the stack's real broker (Kafka 4.3 with the KRaft StandardAuthorizer; everyone stays allowed on
 * PLAINTEXT because no ACL names ANONYMOUS): create, list with filters, delete, templates, strict input and who may
 * change ACLs, with kafkajs as an independent reader of what the broker holds. Needs the stack (`npm run stack:up`).
 */
import { and, eq, like } from 'drizzle-orm';
import kafkajs, { type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../server/db/tables';
import { call, connectTestApp, uniqueName, type ConnectTestContext } from '../support/connect';
import { readStack } from '../stack/index';

const { Kafka, logLevel, AclResourceTypes, AclOperationTypes, AclPermissionTypes, ResourcePatternTypes } = kafkajs;
const stack = readStack();
const ACLS = '/api/v1/clusters/local/acls';

describe.runIf(stack)('ACLs on the real broker', () => {
  const kafka = new Kafka({ clientId: 'connectory-acls-test', brokers: stack?.kafka.bootstrap.split(',') ?? [], logLevel: logLevel.NOTHING });
  let ctx: ConnectTestContext;
  let admin: Admin;
  const principals: string[] = [];

  const principalFor = (what: string) => {
    const principal = `User:e2e-${uniqueName(what)}`;
    principals.push(principal);
    return principal;
  };
  const api = <T = any>(method: string, path: string, body?: unknown, as: 'admin' | 'operator' | 'viewer' = 'admin') => call<T>(ctx.testApp, method, path, ctx[as], body);
  const query = (params: Record<string, string>) => `?${new URLSearchParams(params)}`;
  const brokerAcls = async (principal: string) => {
    const { resources } = await admin.describeAcls({
      resourceType: AclResourceTypes.ANY,
      principal,
      resourcePatternType: ResourcePatternTypes.ANY,
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ANY,
    });
    return resources.flatMap((resource) => resource.acls.map((acl) => ({ resourceName: resource.resourceName, ...acl })));
  };
  const auditFor = (principal: string) => ctx.testApp.database.db.select().from(auditLog).where(and(eq(auditLog.objectId, principal), like(auditLog.action, 'acl.%')));

  beforeAll(async () => {
    ctx = await connectTestApp(stack!);
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    if (admin && principals.length > 0) {
      await admin
        .deleteAcls({
          filters: principals.map((principal) => ({
            resourceType: AclResourceTypes.ANY,
            principal,
            resourcePatternType: ResourcePatternTypes.ANY,
            operation: AclOperationTypes.ANY,
            permissionType: AclPermissionTypes.ANY,
          })),
        })
        .catch(() => {});
    }
    await admin?.disconnect();
    await ctx?.testApp.close();
  });

  it('creates a binding, lists it with filters, kafkajs sees it, deletes it, and audits both changes', async () => {
    const principal = principalFor('reader');
    const topic = uniqueName('acl-topic');
    const binding = { principal, host: '*', operation: 'READ', permissionType: 'ALLOW', resourceType: 'TOPIC', resourceName: topic, patternType: 'LITERAL' };

    const created = await api('POST', ACLS, binding);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toEqual({ created: [binding], dryRun: false });

    const listed = await api('GET', `${ACLS}${query({ principal })}`, undefined, 'viewer');
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ items: [binding], total: 1, page: 1, size: 100 });
    const byResource = await api('GET', `${ACLS}${query({ resourceType: 'TOPIC', resourceName: topic, patternType: 'MATCH' })}`, undefined, 'viewer');
    expect(byResource.body.items).toContainEqual(binding);
    const otherOperation = await api('GET', `${ACLS}${query({ principal, operation: 'WRITE' })}`, undefined, 'viewer');
    expect(otherOperation.body).toMatchObject({ items: [], total: 0 });

    expect(await brokerAcls(principal)).toEqual([
      expect.objectContaining({ resourceName: topic, principal, host: '*', operation: AclOperationTypes.READ, permissionType: AclPermissionTypes.ALLOW }),
    ]);

    const deleted = await api('DELETE', `${ACLS}${query({ ...binding })}`);
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    expect(deleted.body).toEqual({ deleted: [binding] });
    expect((await api('GET', `${ACLS}${query({ principal })}`)).body).toMatchObject({ items: [], total: 0 });
    expect(await brokerAcls(principal)).toEqual([]);

    const again = await api('DELETE', `${ACLS}${query({ ...binding })}`);
    expect(again.status).toBe(404);

    const entries = await auditFor(principal);
    expect(entries.map((entry) => [entry.action, entry.outcome, entry.clusterId]).sort()).toEqual([
      ['acl.create', 'success', 'local'],
      ['acl.delete', 'success', 'local'],
    ]); // the second delete found nothing to delete: a refusal, not a change
    const create = entries.find((entry) => entry.action === 'acl.create')!;
    expect(create.details).toMatchObject({ bindings: [binding] });
  });

  it('expands a template into its bindings (dry run creates nothing), and creates them all', async () => {
    const principal = principalFor('consumer');
    const topic = uniqueName('acl-orders');
    const body = { template: 'consumer', principal, topic, group: `${topic}-group` };

    const dry = await api('POST', `${ACLS}/templates?dryRun=true`, body);
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.dryRun).toBe(true);
    expect(dry.body.created.map((b: any) => `${b.resourceType}:${b.resourceName}:${b.operation}`)).toEqual([`TOPIC:${topic}:READ`, `TOPIC:${topic}:DESCRIBE`, `GROUP:${topic}-group:READ`]);
    expect(await brokerAcls(principal)).toEqual([]);

    const created = await api('POST', `${ACLS}/templates`, body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.created).toHaveLength(3);
    const listed = await api('GET', `${ACLS}${query({ principal })}`);
    expect(listed.body.total).toBe(3);
    const secondPage = await api('GET', `${ACLS}${query({ principal, page: '2', size: '2' })}`);
    expect(secondPage.body).toMatchObject({ total: 3, page: 2, size: 2 });
    expect(secondPage.body.items).toEqual([listed.body.items[2]]);
    expect((await brokerAcls(principal)).map((acl) => acl.resourceName).sort()).toEqual([topic, topic, `${topic}-group`].sort());
    const [entry] = await auditFor(principal);
    expect(entry).toMatchObject({ action: 'acl.create', outcome: 'success' });
    expect(entry!.details).toMatchObject({ template: 'consumer' });

    const templates = await api('GET', `${ACLS}/templates`, undefined, 'viewer');
    expect(templates.body.items.map((t: { id: string }) => t.id)).toEqual(['producer', 'consumer', 'connect-worker', 'debezium']);
  });

  it('refuses bad input with 400 naming the field, and creates nothing', async () => {
    const principal = principalFor('bad');
    const good = { principal, operation: 'WRITE', permissionType: 'ALLOW', resourceType: 'TOPIC', resourceName: uniqueName('acl-bad'), patternType: 'LITERAL' };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, principal: 'e2e-no-type' }, 'principal'],
      [{ ...good, principal: 'Group:x' }, 'principal'],
      [{ ...good, operation: 'READ_ALL' }, 'operation'],
      [{ ...good, operation: 'CLUSTER_ACTION' }, 'operation'],
      [{ ...good, host: 'example.com' }, 'host'],
      [{ ...good, resourceType: 'CLUSTER', operation: 'ALTER' }, 'resourceName'],
      [{ ...good, patternType: 'MATCH' }, 'patternType'],
      [{ ...good, resourceName: '*', patternType: 'PREFIXED' }, 'patternType'],
      [{ ...good, resourceName: 'has space' }, 'resourceName'],
      [{ ...good, permissionType: 'MAYBE' }, 'permissionType'],
      [{ ...good, extra: 1 }, 'extra'],
      [{ principal, operation: 'WRITE', permissionType: 'ALLOW', resourceType: 'TOPIC', patternType: 'LITERAL' }, 'resourceName'],
    ];
    for (const [body, field] of cases) {
      const { status, body: answer } = await api('POST', ACLS, body);
      expect(status, JSON.stringify(body)).toBe(400);
      expect(answer.error.field, JSON.stringify(answer)).toBe(field);
    }
    const template = await api('POST', `${ACLS}/templates`, { template: 'producer', principal, topic: 'bad topic!' });
    expect(template.status).toBe(400);
    expect(template.body.error.field).toBe('topic');
    const missing = await api('POST', `${ACLS}/templates`, { template: 'consumer', principal, topic: good.resourceName });
    expect(missing.status).toBe(400);
    expect(missing.body.error.field).toBe('group');
    const unknownTemplate = await api('POST', `${ACLS}/templates`, { template: 'superuser', principal });
    expect(unknownTemplate.status).toBe(400);
    expect(unknownTemplate.body.error.field).toBe('template');
    // Deleting is exact: a filter missing a field is refused rather than widened.
    const wide = await api('DELETE', `${ACLS}${query({ principal })}`);
    expect(wide.status).toBe(400);
    expect(wide.body.error.field).toBeTruthy();

    expect(await brokerAcls(principal)).toEqual([]);
    expect(await auditFor(principal)).toEqual([]);
  });

  it('lets only admins change ACLs: viewers and operators get 403 and nothing changes', async () => {
    const principal = principalFor('denied');
    const binding = { principal, operation: 'READ', permissionType: 'ALLOW', resourceType: 'TOPIC', resourceName: uniqueName('acl-denied'), patternType: 'LITERAL' };
    for (const role of ['viewer', 'operator'] as const) {
      expect((await api('POST', ACLS, binding, role)).status).toBe(403);
      expect((await api('POST', `${ACLS}/templates`, { template: 'producer', principal, topic: binding.resourceName }, role)).status).toBe(403);
      expect((await api('DELETE', `${ACLS}${query(binding)}`, undefined, role)).status).toBe(403);
    }
    expect(await brokerAcls(principal)).toEqual([]);
    expect(await auditFor(principal)).toEqual([]);
  });

  it('refuses an unregistered cluster with 404', async () => {
    const { status, body } = await api('GET', '/api/v1/clusters/no-such-cluster/acls');
    expect(status).toBe(404);
    expect(body.error.message).toMatch(/no-such-cluster/);
  });
});
