import { describe, expect, it } from 'vitest';
import type { MetadataResponse, MetadataTopic } from '../../../server/kafka/protocol';
import { queryTopics, summarizeTopic, topicSummaries } from '../../../server/topics/topic-list';

function topic(name: string, partitions: { replicas: number[]; isr: number[]; leader?: number }[] = [{ replicas: [1], isr: [1] }], isInternal = false): MetadataTopic {
  return {
    errorCode: 0,
    name,
    topicId: '',
    isInternal,
    partitions: partitions.map((p, i) => ({ errorCode: 0, partition: i, leader: p.leader ?? p.replicas[0]!, leaderEpoch: 0, replicas: p.replicas, isr: p.isr, offlineReplicas: [] })),
  };
}

const metadata = (topics: MetadataTopic[]): MetadataResponse => ({ brokers: [], clusterId: 'c', controllerId: 1, topics });

describe('topic summaries', () => {
  it('counts partitions, replication, under-replicated and offline partitions', () => {
    const summary = summarizeTopic(
      topic('orders', [
        { replicas: [1, 2, 3], isr: [1, 2, 3] },
        { replicas: [2, 3, 1], isr: [2] },
        { replicas: [3, 1, 2], isr: [], leader: -1 },
      ]),
    );
    expect(summary).toMatchObject({ name: 'orders', partitions: 3, replicationFactor: 3, underReplicated: true, underReplicatedPartitions: 2, offlinePartitions: 1 });
  });

  it('sorts once per metadata answer and leaves out topics the broker reported errors for', () => {
    const answer = metadata([topic('b'), topic('a'), { ...topic('broken'), errorCode: 5 }, topic('C')]);
    const first = topicSummaries(answer);
    expect(first.map((t) => t.name)).toEqual(['C', 'a', 'b']);
    expect(topicSummaries(answer)).toBe(first);
  });
});

describe('topic search and paging', () => {
  const all = topicSummaries(metadata([topic('__consumer_offsets', undefined, true), ...['orders', 'orders.dlq', 'payments', 'Order-archive'].map((name) => topic(name))]));

  it('searches case-insensitively and pages 1-based with the total', () => {
    expect(queryTopics(all, { q: 'ORDER', page: 1, size: 2 })).toEqual({ items: [all[0], all[2]], total: 3, page: 1, size: 2 });
    expect(queryTopics(all, { q: 'order', page: 2, size: 2 }).items.map((t) => t.name)).toEqual(['orders.dlq']);
    expect(queryTopics(all, { q: 'order', page: 3, size: 2 }).items).toEqual([]);
  });

  it('filters internal topics either way, or not at all', () => {
    expect(queryTopics(all, { internal: true, page: 1, size: 50 }).items.map((t) => t.name)).toEqual(['__consumer_offsets']);
    expect(queryTopics(all, { internal: false, page: 1, size: 50 }).total).toBe(4);
    expect(queryTopics(all, { page: 1, size: 50 }).total).toBe(5);
  });

  it('stays fast at 10,000 topics: summarise and sort once, then a page costs about a millisecond', () => {
    const many = metadata(Array.from({ length: 10_000 }, (_, i) => topic(`topic-${String((i * 7919) % 10_000).padStart(5, '0')}`, [{ replicas: [1, 2, 3], isr: [1, 2, 3] }, { replicas: [2, 3, 1], isr: [2, 3, 1] }])));
    let started = performance.now();
    const sorted = topicSummaries(many);
    const firstBuild = performance.now() - started;
    expect(sorted[0]!.name).toBe('topic-00000');
    expect(firstBuild).toBeLessThan(1_000);
    started = performance.now();
    for (let page = 1; page <= 100; page++) queryTopics(topicSummaries(many), { q: 'topic-0', page, size: 50 });
    expect((performance.now() - started) / 100).toBeLessThan(20);
    expect(queryTopics(sorted, { q: '-0999', page: 1, size: 50 }).items.map((t) => t.name)).toEqual(['topic-09990', 'topic-09991', 'topic-09992', 'topic-09993', 'topic-09994', 'topic-09995', 'topic-09996', 'topic-09997', 'topic-09998', 'topic-09999']);
  });
});
