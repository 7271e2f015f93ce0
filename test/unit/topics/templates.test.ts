import { describe, expect, it } from 'vitest';
import { bundledHelp } from '../../../server/topics/config-help';
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
