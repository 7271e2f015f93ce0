import { describe, expect, it } from 'vitest';
import { deriveFlows, overallState, sinkGroupId, sourceTopics, type ConnectorFacts, type GroupFacts } from '../../../server/pipelines/flows';

const connector = (over: Partial<ConnectorFacts> & Pick<ConnectorFacts, 'name' | 'type'>): ConnectorFacts => ({
  connectId: 'local',
  class: over.type === 'source' ? 'io.debezium.connector.mariadb.MariaDbConnector' : 'io.debezium.connector.jdbc.JdbcSinkConnector',
  config: {},
  state: 'RUNNING',
  taskStates: ['RUNNING'],
  activeTopics: null,
  ...over,
});

const group = (over: Partial<GroupFacts> & Pick<GroupFacts, 'groupId' | 'topics'>): GroupFacts => ({
  state: 'Stable',
  lag: 0,
  rate: 2,
  produceRate: 2,
  lagStatus: 'OK',
  topicLag: Object.fromEntries(over.topics.map((t) => [t, 0])),
  ...over,
});

describe('pipeline flows', () => {
  it('joins a Debezium source, its topic, a JDBC sink and a plain consumer group into one flow', () => {
    const flows = deriveFlows({
      kafkaId: 'local',
      sampledAt: 1,
      connectors: [
        connector({ name: 'maria', type: 'source', activeTopics: ['shop.inventory.orders', 'shop'] }),
        connector({ name: 'pg-sink', type: 'sink', config: { topics: 'shop.inventory.orders' } }),
      ],
      groups: [
        group({ groupId: 'connect-pg-sink', topics: ['shop.inventory.orders'], lag: 7, rate: 3.5, produceRate: 4, topicLag: { 'shop.inventory.orders': 7 } }),
        group({ groupId: 'analytics', topics: ['shop.inventory.orders', 'elsewhere'], topicLag: { 'shop.inventory.orders': 1, elsewhere: 0 } }),
        group({ groupId: 'unrelated', topics: ['other'] }),
      ],
    });
    expect(flows).toHaveLength(1);
    const [flow] = flows;
    expect(flow!.sources.map((s) => [s.name, s.state, s.topicsFrom])).toEqual([['maria', 'RUNNING', 'connect']]);
    expect(flow!.topics.map((t) => [t.name, t.rate])).toEqual([['shop', null], ['shop.inventory.orders', 4]]);
    expect(flow!.sinks).toEqual([expect.objectContaining({ name: 'pg-sink', groupId: 'connect-pg-sink', lag: 7, rate: 3.5, lagStatus: 'OK', topics: ['shop.inventory.orders'] })]);
    // the sink's own group is the sink, not a second node; a group on unrelated topics stays off the page
    expect(flow!.groups.map((g) => g.groupId)).toEqual(['analytics']);
    expect(flow!.edges).toContainEqual({ from: 'topic:shop.inventory.orders', to: 'sink:local/pg-sink', lag: 7, rate: 3.5 });
    expect(flow!.edges).toContainEqual({ from: 'topic:shop.inventory.orders', to: 'group:analytics', lag: 1, rate: 2 });
    expect(flow!.edges).toContainEqual({ from: 'source:local/maria', to: 'topic:shop.inventory.orders', lag: null, rate: 4 });
  });

  it('keeps unconnected pipelines apart, sorted, and a connector with no known topic as a flow of its own', () => {
    const flows = deriveFlows({
      kafkaId: 'local',
      sampledAt: null,
      groups: null,
      connectors: [
        connector({ name: 'b-file', type: 'source', class: 'org.apache.kafka.connect.file.FileStreamSourceConnector', config: { topic: 'lines' } }),
        connector({ name: 'a-file-sink', type: 'sink', config: { topics: 'lines' } }),
        connector({ name: 'lonely', type: 'source', config: {} }),
        connector({ name: 'x-sink', type: 'sink', config: { topics: 'x' } }),
      ],
    });
    expect(flows.map((f) => [f.sources.map((s) => s.name), f.topics.map((t) => t.name), f.sinks.map((s) => s.name)])).toEqual([
      [['b-file'], ['lines'], ['a-file-sink']],
      [['lonely'], [], []],
      [[], ['x'], ['x-sink']],
    ]);
    expect(flows[1]!.sources[0]!.topicsFrom).toBe('none');
    // no sample: lag and rate unknown, not zero
    expect(flows[0]!.sinks[0]).toMatchObject({ lag: null, rate: null, lagStatus: null });
  });

  it('reads source topics from config when Connect recorded none: topic, and Debezium topic.prefix against known topics', () => {
    const known = new Set(['cdc.inv.customers', 'cdc.inv.orders', 'cdcx.other', 'plain']);
    expect(sourceTopics(connector({ name: 's', type: 'source', config: { 'topic.prefix': 'cdc' } }), known)).toEqual({ topics: ['cdc.inv.customers', 'cdc.inv.orders'], from: 'config' });
    expect(sourceTopics(connector({ name: 's', type: 'source', config: { topic: 'plain' }, activeTopics: [] }), known)).toEqual({ topics: ['plain'], from: 'config' });
    expect(sourceTopics(connector({ name: 's', type: 'source', config: { topic: 'plain' }, activeTopics: ['actual'] }), known)).toEqual({ topics: ['actual'], from: 'connect' });
  });

  it('matches topics.regex against known topics and the group commits; an invalid regex matches nothing', () => {
    const flows = deriveFlows({
      kafkaId: 'local',
      sampledAt: 1,
      connectors: [
        connector({ name: 'src', type: 'source', activeTopics: ['cdc.a'] }),
        connector({ name: 'regex-sink', type: 'sink', config: { 'topics.regex': 'cdc\\..*' } }),
        connector({ name: 'broken', type: 'sink', config: { 'topics.regex': '(' } }),
      ],
      groups: [group({ groupId: 'connect-regex-sink', topics: ['cdc.b'] })],
    });
    const main = flows.find((f) => f.sinks.some((s) => s.name === 'regex-sink'))!;
    expect(main.sinks[0]!.topics).toEqual(['cdc.a', 'cdc.b']);
    expect(main.sources.map((s) => s.name)).toEqual(['src']);
    expect(flows.find((f) => f.sinks.some((s) => s.name === 'broken'))!.topics).toEqual([]);
  });

  it("names a sink's group as Connect does, honouring consumer.override.group.id", () => {
    expect(sinkGroupId({ name: 'pg', config: {} })).toBe('connect-pg');
    expect(sinkGroupId({ name: 'pg', config: { 'consumer.override.group.id': 'custom' } })).toBe('custom');
  });

  it('sums a connector and its tasks into one state, worst first', () => {
    expect(overallState('RUNNING', ['RUNNING', 'RUNNING'])).toBe('RUNNING');
    expect(overallState('RUNNING', ['RUNNING', 'FAILED'])).toBe('FAILED');
    expect(overallState('RUNNING', ['RUNNING', 'UNASSIGNED'])).toBe('DEGRADED');
    expect(overallState('PAUSED', ['PAUSED'])).toBe('PAUSED');
    expect(overallState('FAILED', [])).toBe('FAILED');
    expect(overallState('RUNNING', [])).toBe('DEGRADED');
  });
});
