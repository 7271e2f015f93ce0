import { describe, expect, it } from 'vitest';
import { blankErrors, liveError } from '../../../web/src/templates/blank-errors';
import { bootstrapBlanks, linkedBootstrap, prefillBootstrap } from '../../../web/src/templates/prefill';

describe('template bootstrap prefill', () => {
  const debezium = {
    config: { 'schema.history.internal.kafka.bootstrap.servers': '${kafka}', 'database.hostname': '${host}' },
    placeholders: [{ name: 'kafka' }, { name: 'host' }],
  };

  it('finds blanks that are a whole Kafka bootstrap value, not another cluster’s (MirrorMaker) or a partial one', () => {
    expect(bootstrapBlanks(debezium)).toEqual(['kafka']);
    expect(bootstrapBlanks({ config: { 'source.cluster.bootstrap.servers': '${source}' }, placeholders: [{ name: 'source' }] })).toEqual([]);
    expect(bootstrapBlanks({ config: { 'x.kafka.bootstrap.servers': 'a:1,${more}' }, placeholders: [{ name: 'more' }] })).toEqual([]);
  });

  it('takes the servers of the Kafka cluster the Connect cluster is linked to', () => {
    const connect = [{ id: 'local', kafkaClusterId: 'k' }, { id: 'alone', kafkaClusterId: null }];
    const kafka = [{ id: 'k', bootstrapServers: ['a:9092', 'b:9092'] }];
    expect(linkedBootstrap('local', connect, kafka)).toBe('a:9092,b:9092');
    expect(linkedBootstrap('alone', connect, kafka)).toBeUndefined();
  });

  it('fills an empty blank or the previous prefill, never what the user typed', () => {
    expect(prefillBootstrap({ kafka: '' }, ['kafka'], 'a:1', undefined)).toEqual({ kafka: 'a:1' });
    expect(prefillBootstrap({ kafka: 'a:1' }, ['kafka'], 'b:2', 'a:1')).toEqual({ kafka: 'b:2' });
    expect(prefillBootstrap({ kafka: 'mine:9' }, ['kafka'], 'b:2', 'a:1')).toBeUndefined();
    expect(prefillBootstrap({ kafka: '' }, ['kafka'], undefined, undefined)).toBeUndefined();
  });
});

describe('template blank errors', () => {
  it('shows an error only while its blank holds the value it was given for', () => {
    const errors = blankErrors({ host: 'Fill this in' }, { host: '' });
    expect(liveError(errors, 'host', '')).toBe('Fill this in');
    expect(liveError(errors, 'host', undefined)).toBe('Fill this in');
    expect(liveError(errors, 'host', 'db')).toBeUndefined();
    expect(liveError(errors, 'port', '')).toBeUndefined();
  });
});
