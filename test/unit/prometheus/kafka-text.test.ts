import { describe, expect, it } from 'vitest';
import type { ClusterMetrics } from '../../../server/metrics/history';
import { KafkaText } from '../../../server/prometheus/kafka-text';

function metrics(groupId: string, lag: number | null): ClusterMetrics {
  const partitions = [
    { topic: 'orders', partition: 0, committed: 10, logEnd: 15, lag, status: 'OK' as const, owned: true },
    { topic: 'orders', partition: 1, committed: 20, logEnd: 20, lag: 0, status: 'OK' as const, owned: true },
  ];
  const group = { groupId, protocol: 'classic' as const, state: 'Stable', members: 2, topics: ['orders'], coordinatorId: 1, lag, status: 'OK' as const, cmps: 1.5, produceRate: null, partitions };
  return {
    clusterId: 'c',
    at: 1_700_000_000_000,
    sample: { clusterId: 'c', at: 0, durationMs: 1, groups: new Map(), logEnd: new Map([['orders:0', 15], ['orders:1', 20]]), brokers: 3, requests: 0, requestsByApi: {}, errors: [] },
    groups: new Map([[groupId, group]]),
    messagesInPerSec: 4,
    messagesOutPerSec: null,
  };
}

describe('the Kafka families of /metrics as text', () => {
  it("writes kafka_exporter's names per cluster, each family together under one HELP and TYPE, escaping label values", () => {
    const text = new KafkaText().render([
      { cluster: 'a', metrics: metrics('billing "eu"\\x', 5) },
      { cluster: 'b', metrics: undefined },
      { cluster: 'c', metrics: metrics('other', null) },
    ]).toString();
    const lines = text.trim().split('\n');
    expect(lines.filter((line) => line === '# TYPE kafka_consumergroup_lag gauge')).toHaveLength(1);
    expect(lines).toContain('connectory_kafka_up{cluster="a"} 1');
    expect(lines).toContain('connectory_kafka_up{cluster="b"} 0');
    expect(lines).toContain('kafka_consumergroup_lag{cluster="a",consumergroup="billing \\"eu\\"\\\\x",topic="orders",partition="0"} 5');
    expect(lines).toContain('kafka_consumergroup_lag_sum{cluster="a",consumergroup="billing \\"eu\\"\\\\x",topic="orders"} 5');
    expect(lines).toContain('kafka_consumergroup_current_offset_sum{cluster="c",consumergroup="other",topic="orders"} 30');
    expect(lines).toContain('kafka_topic_partitions{cluster="a",topic="orders"} 2');
    expect(lines).toContain('kafka_topic_partition_current_offset{cluster="c",topic="orders",partition="1"} 20');
    expect(lines).toContain('connectory_consumergroup_lag_status{cluster="a",consumergroup="other",status="OK"} 1'.replace('"a",consumergroup="other"', '"c",consumergroup="other"'));
    // An unknown lag is left out, not exported as 0; so is an unknown rate.
    expect(lines.filter((line) => line.startsWith('kafka_consumergroup_lag{cluster="c"') && line.includes('partition="0"'))).toEqual([]);
    expect(lines.filter((line) => line.startsWith('connectory_cluster_messages_out_per_second{'))).toEqual([]);
    expect(lines).toContain('connectory_kafka_sample_timestamp_seconds{cluster="a"} 1700000000');
    // The families' lines stay together: every sample line comes after its own family's TYPE line.
    let family = '';
    for (const line of lines) {
      if (line.startsWith('# TYPE ')) family = line.split(' ')[2]!;
      else if (!line.startsWith('#')) expect(line.startsWith(`${family}{`)).toBe(true);
    }
  });

  it('renders new samples ahead of scrapes only while scrapes come, in slices that let other work run', async () => {
    let now = 1_700_000_000_000;
    const text = new KafkaText(() => now);
    const first = metrics('g', 1);
    await text.prerender('local', first);
    expect(text.ready('local', 0)).toBeUndefined(); // nobody has scraped: nothing is spent

    text.render([{ cluster: 'local', metrics: first }]);
    expect(text.ready('local', 0)).toBe(first);

    // A big sample (1,000 groups on 10 partitions each) renders in slices: a timer set meanwhile fires before it ends.
    const big = metrics('g', 2);
    big.at = first.at + 10_000;
    for (let i = 0; i < 1_000; i++) {
      const partitions = Array.from({ length: 10 }, (_, p) => ({ topic: `t${i}`, partition: p, committed: 1, logEnd: 2, lag: 1, status: 'OK' as const, owned: true }));
      big.groups.set(`group-${i}`, { ...big.groups.get('g')!, groupId: `group-${i}`, partitions });
    }
    const order: string[] = [];
    setImmediate(() => order.push('other work'));
    await text.prerender('local', big).then(() => order.push('rendered'));
    expect(order).toEqual(['other work', 'rendered']);
    expect(text.ready('local', big.at)).toBe(big);
    expect(text.render([{ cluster: 'local', metrics: big }]).toString()).toContain('kafka_consumergroup_lag{cluster="local",consumergroup="group-999",topic="t999",partition="9"} 1');

    // Scrapes stopped five minutes ago: new samples wait for a scrape again.
    now += 5 * 60_000 + 1;
    const later = metrics('g', 3);
    later.at = big.at + 10_000;
    await text.prerender('local', later);
    expect(text.ready('local', later.at)).toBeUndefined();
  });
});
