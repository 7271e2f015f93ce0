import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../server/http/errors';
import { bundledHelp } from '../../../server/topics/config-help';
import { collidingTopic, topicNameProblem } from '../../../server/topics/names';
import { assertKnownConfigNames, assertMinInsyncFits, assertTopicConfigs, configProblem } from '../../../server/topics/validation';

const definitions = new Map(bundledHelp().items.map((item) => [item.name, item]));

function refusal(run: () => void): { field?: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return { field: error.field, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('topic names', () => {
  it('follows Kafka’s rules', () => {
    expect(topicNameProblem('orders.v1_dlq-2')).toBeNull();
    expect(topicNameProblem('')).toMatch(/empty/);
    expect(topicNameProblem('..')).toMatch(/cannot be/);
    expect(topicNameProblem('a b')).toMatch(/may contain only/);
    expect(topicNameProblem('ö')).toMatch(/may contain only/);
    expect(topicNameProblem('x'.repeat(249))).toBeNull();
    expect(topicNameProblem('x'.repeat(250))).toMatch(/250 characters/);
  });

  it('finds names that collide because Kafka treats "." and "_" alike', () => {
    expect(collidingTopic('orders.v1', ['orders_v1', 'x'])).toBe('orders_v1');
    expect(collidingTopic('orders_v1', ['orders.v1'])).toBe('orders.v1');
    expect(collidingTopic('orders.v1', ['orders.v1'])).toBeUndefined();
    expect(collidingTopic('orders-v1', ['orders_v1'])).toBeUndefined();
  });
});

describe('topic config values', () => {
  it('accepts values of the config’s type, within Kafka’s rules', () => {
    for (const [name, value] of [
      ['retention.ms', '-1'],
      ['retention.ms', '9223372036854775807'],
      ['cleanup.policy', 'compact, delete'],
      ['cleanup.policy', ''],
      ['compression.type', 'zstd'],
      ['min.cleanable.dirty.ratio', '0.01'],
      ['unclean.leader.election.enable', 'TRUE'],
      ['compression.gzip.level', '-1'],
      ['message.timestamp.type', 'LogAppendTime'],
    ]) {
      expect(configProblem(name!, value!, definitions), `${name}=${value}`).toBeNull();
    }
  });

  it('names what is wrong', () => {
    expect(configProblem('retention.ms', '1h', definitions)).toMatch(/whole number \(LONG\)/);
    expect(configProblem('retention.ms', '9223372036854775808', definitions)).toMatch(/out of range for LONG/);
    expect(configProblem('max.message.bytes', '3000000000', definitions)).toMatch(/out of range for INT/);
    expect(configProblem('retention.ms', '-2', definitions)).toMatch(/at least -1/);
    expect(configProblem('preallocate', 'yes', definitions)).toMatch(/true or false/);
    expect(configProblem('min.cleanable.dirty.ratio', 'half', definitions)).toMatch(/a number/);
    expect(configProblem('compression.type', 'brotli', definitions)).toMatch(/"brotli" is not one of uncompressed, zstd/);
    expect(configProblem('compression.gzip.level', '0', definitions)).toMatch(/at least 1/);
    expect(configProblem('retention', '1', definitions)).toMatch(/did you mean .*retention\.ms/);
    expect(configProblem('ms.retention', '1', definitions)).toMatch(/did you mean retention\.ms/);
  });

  it('refuses with the config as the field', () => {
    expect(refusal(() => assertTopicConfigs({ 'retention.ms': '1', 'segment.ms': '0' }, definitions))).toMatchObject({ field: 'configs.segment.ms' });
    expect(refusal(() => assertTopicConfigs({ nope: '1' }, definitions, 'configs.set'))).toMatchObject({ field: 'configs.set.nope' });
    expect(refusal(() => assertKnownConfigNames(['retention.ms', 'nope'], definitions, 'configs.delete'))).toMatchObject({ field: 'configs.delete.1' });
    expect(refusal(() => assertMinInsyncFits({ 'min.insync.replicas': '3' }, 2))).toMatchObject({ field: 'configs.min.insync.replicas' });
    expect(() => assertMinInsyncFits({ 'min.insync.replicas': '2' }, 2)).not.toThrow();
  });
});
