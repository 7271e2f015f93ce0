import { describe, expect, it } from 'vitest';
import { bundledHelp } from '../../../server/topics/config-help';
import { scopeVisible, usableOn } from '../../../server/templates/scope';
import { TopicTemplateSchema } from '../../../server/topics/template-schema';
import { builtInView, storedTemplate, storedView } from '../../../server/topics/template-store';
import { applyTemplate, findTemplate, TOPIC_TEMPLATES } from '../../../server/topics/templates';
import { configProblem } from '../../../server/topics/validation';

const definitions = new Map(bundledHelp().items.map((item) => [item.name, item]));

describe('topic templates', () => {
  it('are valid topic configs, each explained', () => {
    for (const template of TOPIC_TEMPLATES) {
      for (const [name, value] of Object.entries(applyTemplate(template, 3).configs)) {
        expect(configProblem(name, value, definitions), `${template.id}: ${name}`).toBeNull();
        expect(template.rationale[name], `${template.id}: why ${name}`).toBeTruthy();
      }
    }
  });

  it('cap the replication factor at the broker count and keep min.insync.replicas below it', () => {
    const cdc = findTemplate('cdc-changelog')!;
    expect(applyTemplate(cdc, 5)).toMatchObject({ replicationFactor: 3, configs: { 'min.insync.replicas': '2' } });
    expect(applyTemplate(cdc, 2)).toMatchObject({ replicationFactor: 2, configs: { 'min.insync.replicas': '1' } });
    expect(applyTemplate(cdc, 1)).toMatchObject({ replicationFactor: 1, configs: { 'min.insync.replicas': '1' } });
  });

  it('cover the three kinds: CDC changelog, compacted state, high throughput', () => {
    expect(findTemplate('cdc-changelog')!.configs).toMatchObject({ 'cleanup.policy': 'compact', 'min.compaction.lag.ms': '604800000' });
    expect(findTemplate('compacted-state')!.configs).toMatchObject({ 'cleanup.policy': 'compact', 'min.cleanable.dirty.ratio': '0.1', 'segment.ms': '3600000' });
    expect(findTemplate('high-throughput')).toMatchObject({ partitions: 12, configs: { 'compression.type': 'lz4' } });
    expect(findTemplate('nope')).toBeUndefined();
  });
});

describe('topic templates of your own', () => {
  const row = {
    id: 'mine',
    name: 'Mine',
    description: '',
    kafkaClusterId: 'local',
    partitions: 6,
    replicationFactor: 3,
    configs: { 'min.insync.replicas': '2', 'retention.ms': '60000' },
    createdAt: new Date('2025-01-02T03:04:05Z'),
    updatedAt: new Date('2025-01-02T03:04:05Z'),
  };

  it('apply what was saved: replication capped like a built-in one, but no min.insync.replicas derived from it', () => {
    expect(applyTemplate(storedTemplate(row), 1)).toEqual({ partitions: 6, replicationFactor: 1, configs: { 'min.insync.replicas': '2', 'retention.ms': '60000' } });
    expect(applyTemplate(storedTemplate({ ...row, configs: {} }), 5).configs).toEqual({});
  });

  it('list in one shape with the built-in ones, which are marked and global', () => {
    expect(TopicTemplateSchema.parse(storedView(row))).toMatchObject({ builtIn: false, kafkaClusterId: 'local', createdAt: '2025-01-02T03:04:05.000Z', rationale: {} });
    for (const template of TOPIC_TEMPLATES) expect(TopicTemplateSchema.parse(builtInView(template))).toMatchObject({ builtIn: true, kafkaClusterId: null, createdAt: null });
  });
});

describe('template scope', () => {
  it('shows global templates to everyone and a cluster’s only to grants reaching that cluster of that kind', () => {
    const everyCluster = { role: 'viewer' as const, clusters: null };
    const kafkaLocal = { role: 'viewer' as const, clusters: ['kafka:local'] };
    expect(scopeVisible(kafkaLocal, 'kafka', null)).toBe(true);
    expect(scopeVisible(everyCluster, 'connect', 'x')).toBe(true);
    expect(scopeVisible(kafkaLocal, 'kafka', 'local')).toBe(true);
    expect(scopeVisible(kafkaLocal, 'connect', 'local')).toBe(false);
    expect(scopeVisible(kafkaLocal, 'kafka', 'other')).toBe(false);
  });

  it('offers a template on its own cluster, or everywhere when global', () => {
    expect(usableOn(null, 'a')).toBe(true);
    expect(usableOn('a', 'a')).toBe(true);
    expect(usableOn('a', 'b')).toBe(false);
  });
});
