// What Connectory refuses before asking Kafka for an ACL, and what each template expands into.
import { describe, expect, it } from 'vitest';
import { bindingProblem, OPERATIONS_BY_RESOURCE } from '../../../server/acls/rules';
import { ACL_TEMPLATES, expandTemplate } from '../../../server/acls/templates';

const topicRead = { resourceType: 'TOPIC', resourceName: 'orders', patternType: 'LITERAL', operation: 'READ', host: '*' } as const;

describe('ACL binding rules', () => {
  it('accepts ordinary bindings, wildcards and IP hosts', () => {
    expect(bindingProblem(topicRead)).toBeUndefined();
    expect(bindingProblem({ ...topicRead, resourceName: '*' })).toBeUndefined();
    expect(bindingProblem({ ...topicRead, host: '10.0.0.7' })).toBeUndefined();
    expect(bindingProblem({ ...topicRead, host: '::1' })).toBeUndefined();
    expect(bindingProblem({ resourceType: 'CLUSTER', resourceName: 'kafka-cluster', patternType: 'LITERAL', operation: 'IDEMPOTENT_WRITE', host: '*' })).toBeUndefined();
  });

  it('names the field of what the broker would store but never apply', () => {
    expect(bindingProblem({ ...topicRead, operation: 'CLUSTER_ACTION' })?.field).toBe('operation');
    expect(bindingProblem({ ...topicRead, resourceType: 'GROUP', operation: 'WRITE' })?.field).toBe('operation');
    expect(bindingProblem({ ...topicRead, host: 'broker.example.com' })?.field).toBe('host');
    expect(bindingProblem({ ...topicRead, resourceName: '*', patternType: 'PREFIXED' })?.field).toBe('patternType');
    expect(bindingProblem({ ...topicRead, resourceType: 'CLUSTER', operation: 'ALTER' })?.field).toBe('resourceName');
    expect(bindingProblem({ ...topicRead, resourceName: 'no spaces' })?.field).toBe('resourceName');
    expect(bindingProblem({ ...topicRead, resourceName: 'x'.repeat(250) })?.field).toBe('resourceName');
  });

  it('allows ALL on every resource type', () => {
    for (const operations of Object.values(OPERATIONS_BY_RESOURCE)) expect(operations).toContain('ALL');
  });
});

describe('ACL templates', () => {
  const principal = 'User:app';
  const short = (bindings: ReturnType<typeof expandTemplate>) => bindings.map((b) => `${b.resourceType}:${b.patternType}:${b.resourceName}:${b.operation}`);

  it('lists the four templates, each with its fields', () => {
    expect(ACL_TEMPLATES.map((t) => t.id)).toEqual(['producer', 'consumer', 'connect-worker', 'debezium']);
    for (const template of ACL_TEMPLATES) expect(template.fields.some((f) => f.required)).toBe(true);
  });

  it('expands a producer, transactional or not, with a prefix when asked', () => {
    expect(short(expandTemplate({ template: 'producer', principal, topic: 'orders' }))).toEqual(['TOPIC:LITERAL:orders:WRITE', 'TOPIC:LITERAL:orders:DESCRIBE']);
    expect(short(expandTemplate({ template: 'producer', principal, topic: 'orders.', patternType: 'PREFIXED', transactionalId: 'tx-1' }))).toEqual([
      'TOPIC:PREFIXED:orders.:WRITE',
      'TOPIC:PREFIXED:orders.:DESCRIBE',
      'TRANSACTIONAL_ID:LITERAL:tx-1:WRITE',
      'TRANSACTIONAL_ID:LITERAL:tx-1:DESCRIBE',
    ]);
  });

  it('expands a consumer into its topic and group', () => {
    expect(short(expandTemplate({ template: 'consumer', principal, topic: 'orders', group: 'billing' }))).toEqual(['TOPIC:LITERAL:orders:READ', 'TOPIC:LITERAL:orders:DESCRIBE', 'GROUP:LITERAL:billing:READ']);
  });

  it('expands a Connect worker and a Debezium connector; every binding is ALLOW for the principal, never on the cluster', () => {
    const worker = expandTemplate({ template: 'connect-worker', principal, group: 'connect', configTopic: 'c-configs', offsetTopic: 'c-offsets', statusTopic: 'c-status', host: '10.0.0.1' });
    expect(worker).toHaveLength(1 + 3 * 5);
    const debezium = expandTemplate({ template: 'debezium', principal, topicPrefix: 'shop', schemaHistoryTopic: 'shop.history' });
    expect(short(debezium)).toContain('TOPIC:PREFIXED:shop.:WRITE');
    expect(short(debezium)).toContain('TOPIC:LITERAL:shop.history:READ');
    const all = [...worker, ...debezium];
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((b) => b.permissionType === 'ALLOW' && b.principal === principal && b.resourceType !== 'CLUSTER')).toBe(true);
    expect(worker.every((b) => b.host === '10.0.0.1')).toBe(true);
    for (const binding of all) expect(bindingProblem(binding as Parameters<typeof bindingProblem>[0])).toBeUndefined();
  });
});
