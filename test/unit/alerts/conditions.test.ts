// The conditions judged on readings beyond connector states and lag: consumed rate, partition health, broker log
// dirs and agent node disks, plugin drift, failed installs; and which clusters a cycle judged (an unread cluster
// neither fires nor resolves).
import { describe, expect, it } from 'vitest';
import { evaluateRule, judgedClusters, readingsNeeded, type Observations } from '../../../server/alerts/evaluate';
import { ConditionSchema, type AlertCondition } from '../../../server/alerts/schema';
import { partitionHealth } from '../../../server/metrics/kafka-health';

const rule = (condition: unknown) => ({ id: 'r1', name: 'rule', severity: 'warning' as const, condition: ConditionSchema.parse(condition) as AlertCondition });
const GiB = 1024 ** 3;

const observed: Observations = {
  connect: [
    {
      connectId: 'local',
      plugins: [
        { class: 'a.Same', versions: ['1.0'], workers: ['w1', 'w2'], onEveryWorker: true },
        { class: 'a.Missing', versions: ['1.0'], workers: ['w1'], onEveryWorker: false },
        { class: 'a.Versions', versions: ['1.0', '2.0'], workers: ['w1', 'w2'], onEveryWorker: true },
      ],
      agents: [
        { worker: 'http://w1', disk: { path: '/plugins', totalBytes: 100 * GiB, freeBytes: 10 * GiB } },
        { worker: 'http://w2', disk: { path: '/plugins', totalBytes: 100 * GiB, freeBytes: 50 * GiB } },
      ],
      installs: [
        { plugin: 'jdbc', operationId: 'op-1', kind: 'install', state: 'failed', error: 'java.io.IOException: no space\n\tat x' },
        { plugin: 'es', operationId: 'op-2', kind: 'upgrade', state: 'rolled_back', error: null },
        { plugin: 'ok', operationId: 'op-3', kind: 'install', state: 'succeeded', error: null },
      ],
    },
    { connectId: 'unread' },
  ],
  kafka: [
    {
      kafkaId: 'local',
      groups: [
        { groupId: 'quiet', cmps: 0.2, lag: 0, status: 'OK' },
        { groupId: 'busy', cmps: 50, lag: 0, status: 'OK' },
        { groupId: 'new', cmps: null, lag: null, status: 'OK' },
      ] as never,
      partitions: [
        { topic: 'orders', offline: [], underReplicated: [0, 2] },
        { topic: 'payments', offline: [1], underReplicated: [1] },
      ],
      logDirs: [
        { broker: 1, path: '/var/kafka', totalBytes: 100 * GiB, usableBytes: 5 * GiB },
        { broker: 2, path: '/var/kafka', totalBytes: 100 * GiB, usableBytes: 60 * GiB },
        { broker: 3, path: '/old', totalBytes: null, usableBytes: null },
      ],
    },
  ],
};

const resources = (condition: unknown) => evaluateRule(rule(condition), observed).map((h) => h.resource);

describe('conditions on the console’s other readings', () => {
  it('consumed messages/s below a floor: a group with no rate yet is not quiet', () => {
    expect(resources({ kind: 'consumed-rate-below', floor: 1 })).toEqual(['local/quiet']);
    expect(resources({ kind: 'consumed-rate-below', floor: 100, name: 'b*' })).toEqual(['local/busy']);
    expect(evaluateRule(rule({ kind: 'consumed-rate-below', floor: 1 }), observed)[0]!.summary).toBe('Consumer group quiet consumes 0.2 messages/s, below 1');
  });

  it('offline and under-replicated partitions, per topic, scoped by a topic glob', () => {
    expect(resources({ kind: 'partitions-offline' })).toEqual(['local/topics/payments']);
    expect(resources({ kind: 'partitions-under-replicated' })).toEqual(['local/topics/orders', 'local/topics/payments']);
    expect(resources({ kind: 'partitions-under-replicated', name: 'ord*' })).toEqual(['local/topics/orders']);
    expect(evaluateRule(rule({ kind: 'partitions-under-replicated', name: 'orders' }), observed)[0]!.summary).toBe('Topic orders: 2 partitions under-replicated (0, 2)');
  });

  it('a broker log dir above a percentage; a volume of unknown size is not judged', () => {
    const found = evaluateRule(rule({ kind: 'broker-disk-above', percent: 85 }), observed);
    expect(found.map((h) => h.resource)).toEqual(['local/brokers/1:/var/kafka']);
    expect(found[0]!.summary).toBe('Broker 1 log dir /var/kafka is 95% full (above 85%)');
    expect(resources({ kind: 'broker-disk-above', percent: 30 })).toHaveLength(2);
    expect(resources({ kind: 'broker-disk-above', percent: 85, kafka: 'other' })).toEqual([]);
  });

  it('an agent node’s disk above a percentage', () => {
    expect(resources({ kind: 'agent-disk-above', percent: 85 })).toEqual(['local/agents/http://w1']);
    expect(resources({ kind: 'agent-disk-above', percent: 40 })).toEqual(['local/agents/http://w1', 'local/agents/http://w2']);
  });

  it('plugin drift: missing on a worker or in several versions', () => {
    const found = evaluateRule(rule({ kind: 'plugin-drift' }), observed);
    expect(found.map((h) => h.resource)).toEqual(['local/plugins/a.Missing', 'local/plugins/a.Versions']);
    expect(found[0]!.summary).toBe('Plugin a.Missing drifts on local: only on w1');
    expect(found[1]!.summary).toBe('Plugin a.Versions drifts on local: versions differ between workers (1.0, 2.0)');
  });

  it('an install operation failed (or was rolled back), with the error’s first line; a later success clears it', () => {
    const found = evaluateRule(rule({ kind: 'install-failed' }), observed);
    expect(found.map((h) => h.resource)).toEqual(['local/installs/jdbc', 'local/installs/es']);
    expect(found[0]!.summary).toBe('Install of plugin jdbc on local failed: java.io.IOException: no space');
    expect(found[0]!.details.operationId).toBe('op-1');
    expect(found[1]!.summary).toBe('Upgrade of plugin es on local failed and was rolled back');
  });

  it('judges only clusters whose reading is there, and reads only what enabled rules need', () => {
    expect([...judgedClusters('plugin-drift', observed)]).toEqual(['local']);
    expect([...judgedClusters('connector-failed', observed)]).toEqual([]);
    expect([...judgedClusters('broker-disk-above', observed)]).toEqual(['local']);
    expect([...judgedClusters('broker-offline', observed)]).toEqual([]);
    expect([...readingsNeeded(['connector-failed', 'broker-disk-above', 'consumed-rate-below'])].sort()).toEqual(['groups', 'listings', 'logDirs']);
  });

  it('rejects a percentage out of range and a floor below zero, naming the field', () => {
    const bad = ConditionSchema.safeParse({ kind: 'broker-disk-above', percent: 120 });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(['percent']);
    expect(ConditionSchema.safeParse({ kind: 'consumed-rate-below', floor: -1 }).error!.issues[0]!.path).toEqual(['floor']);
    expect(ConditionSchema.safeParse({ kind: 'broker-disk-above' }).error!.issues[0]!.path).toEqual(['percent']);
  });
});

describe('partition health from Metadata', () => {
  it('lists only topics with a leaderless or under-replicated partition', () => {
    const partition = (p: number, leader: number, replicas: number[], isr: number[]) => ({ errorCode: 0, partition: p, leader, leaderEpoch: 0, replicas, isr, offlineReplicas: [] });
    const health = partitionHealth(
      {
        brokers: [],
        clusterId: 'c',
        controllerId: 1,
        topics: [
          { errorCode: 0, name: 'fine', topicId: 'x', isInternal: false, partitions: [partition(0, 1, [1, 2], [1, 2])] },
          { errorCode: 0, name: 'sick', topicId: 'y', isInternal: false, partitions: [partition(1, -1, [1, 2], []), partition(0, 1, [1, 2], [1])] },
        ],
      },
      42,
    );
    expect(health).toEqual({ at: 42, topics: [{ topic: 'sick', offline: [1], underReplicated: [0, 1] }] });
  });
});
