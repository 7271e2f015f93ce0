// Each API's encoder and decoder against bytes written out field by field from the Kafka protocol spec.
import { describe, expect, it } from 'vitest';
import { pickVersion, type BrokerApiVersions } from '../../../server/kafka/protocol/api';
import { ApiVersions } from '../../../server/kafka/protocol/apis/api-versions';
import { CreatePartitions } from '../../../server/kafka/protocol/apis/create-partitions';
import { CreateTopics } from '../../../server/kafka/protocol/apis/create-topics';
import { DeleteTopics } from '../../../server/kafka/protocol/apis/delete-topics';
import { DescribeConfigs } from '../../../server/kafka/protocol/apis/describe-configs';
import { DescribeLogDirs } from '../../../server/kafka/protocol/apis/describe-log-dirs';
import { Fetch } from '../../../server/kafka/protocol/apis/fetch';
import { IncrementalAlterConfigs } from '../../../server/kafka/protocol/apis/incremental-alter-configs';
import { Metadata } from '../../../server/kafka/protocol/apis/metadata';
import { decodeResponse, encodeRequest } from '../../../server/kafka/protocol/header';
import { bytes, utf8 } from './bytes';

const CLIENT_ID = bytes('000a', utf8('connectory'));
/** A request frame: size prefix + header (v1 classic, v2 flexible adds an empty tag section). */
function frame(key: string, version: string, correlationId: string, flexible: boolean, body: Buffer): Buffer {
  const header = bytes(key, version, correlationId, CLIENT_ID, flexible ? '00' : '');
  const size = Buffer.alloc(4);
  size.writeInt32BE(header.length + body.length);
  return bytes(size, header, body);
}

describe('request framing', () => {
  it('DescribeConfigs v4: header v2, compact body with documentation asked for', () => {
    const request = { resources: [{ type: 'topic' as const, name: 'orders', configNames: null }], includeSynonyms: true, includeDocumentation: true };
    const body = bytes('02', '02', '07', utf8('orders'), '00', '00', '01', '01', '00');
    expect(encodeRequest(DescribeConfigs, 4, 7, 'connectory', request)).toEqual(frame('0020', '0004', '00000007', true, body));
  });

  it('DescribeConfigs v2 (classic): no documentation flag, int16 strings, int32 arrays', () => {
    const request = { resources: [{ type: 'broker' as const, name: '1', configNames: ['log.dirs'] }], includeSynonyms: false, includeDocumentation: true };
    const body = bytes('00000001', '04', '0001', utf8('1'), '00000001', '0008', utf8('log.dirs'), '00');
    expect(encodeRequest(DescribeConfigs, 2, 1, 'connectory', request)).toEqual(frame('0020', '0002', '00000001', false, body));
  });

  it('IncrementalAlterConfigs v1: SET with a value, DELETE with null', () => {
    const request = {
      resources: [
        {
          type: 'topic' as const,
          name: 'orders',
          configs: [
            { name: 'retention.ms', operation: 'set' as const, value: '3600000' },
            { name: 'cleanup.policy', operation: 'delete' as const, value: null },
          ],
        },
      ],
      validateOnly: false,
    };
    const body = bytes(
      '02', '02', '07', utf8('orders'),
      '03', '0d', utf8('retention.ms'), '00', '08', utf8('3600000'), '00',
      '0f', utf8('cleanup.policy'), '01', '00', '00',
      '00', // resource tags
      '00', '00', // validate_only, tags
    );
    expect(encodeRequest(IncrementalAlterConfigs, 1, 5, 'connectory', request)).toEqual(frame('002c', '0001', '00000005', true, body));
  });

  it('DescribeLogDirs v4: null topics means every partition on the broker', () => {
    expect(encodeRequest(DescribeLogDirs, 4, 2, 'connectory', { topics: null })).toEqual(frame('0023', '0004', '00000002', true, bytes('00', '00')));
  });

  it('Metadata v12: null topics (all), never auto-create', () => {
    expect(encodeRequest(Metadata, 12, 3, 'connectory', { topics: null })).toEqual(frame('0003', '000c', '00000003', true, bytes('00', '00', '00', '00')));
    const one = bytes('02', '00000000000000000000000000000000', '07', utf8('orders'), '00', '00', '00', '00');
    expect(encodeRequest(Metadata, 12, 3, 'connectory', { topics: ['orders'] })).toEqual(frame('0003', '000c', '00000003', true, one));
  });

  it('CreateTopics v7: broker-placed replicas, configs, validate-only', () => {
    const request = { topics: [{ name: 't', partitions: 3, replicationFactor: -1, configs: [{ name: 'cleanup.policy', value: 'compact' }] }], timeoutMs: 30000, validateOnly: true };
    const body = bytes('02', '02', utf8('t'), '00000003', 'ffff', '01', '02', '0f', utf8('cleanup.policy'), '08', utf8('compact'), '00', '00', '00007530', '01', '00');
    expect(encodeRequest(CreateTopics, 7, 9, 'connectory', request)).toEqual(frame('0013', '0007', '00000009', true, body));
  });

  it('DeleteTopics v5: names and the controller timeout', () => {
    const body = bytes('02', '02', utf8('t'), '00007530', '00');
    expect(encodeRequest(DeleteTopics, 5, 4, 'connectory', { names: ['t'], timeoutMs: 30000 })).toEqual(frame('0014', '0005', '00000004', true, body));
  });

  it('CreatePartitions v3: the new count, controller-placed replicas (null assignments)', () => {
    const body = bytes('02', '02', utf8('t'), '00000003', '00', '00', '00003a98', '00', '00');
    const request = { topics: [{ name: 't', count: 3 }], timeoutMs: 15000, validateOnly: false };
    expect(encodeRequest(CreatePartitions, 3, 5, 'connectory', request)).toEqual(frame('0025', '0003', '00000005', true, body));
  });

  it('Fetch v12: outside any session, one partition from an offset', () => {
    const request = { maxWaitMs: 100, minBytes: 1, maxBytes: 1024, isolationLevel: 0 as const, topics: [{ topic: 't', partitions: [{ partition: 2, fetchOffset: 42, maxBytes: 512 }] }] };
    const body = bytes(
      'ffffffff', '00000064', '00000001', '00000400', '00', '00000000', 'ffffffff',
      '02', '02', utf8('t'), '02', '00000002', 'ffffffff', '000000000000002a', 'ffffffff', 'ffffffffffffffff', '00000200', '00', '00',
      '01', '01', '00', // forgotten topics, rack id "", tags
    );
    expect(encodeRequest(Fetch, 12, 4, 'connectory', request)).toEqual(frame('0001', '000c', '00000004', true, body));
  });
});

describe('response decoding', () => {
  it('ApiVersions v3 (header v0 even though the body is flexible)', () => {
    const payload = bytes('00000001', '0000', '03', '0020 0001 0004 00', '002c 0000 0001 00', '00000000', '00');
    const decoded = decodeResponse(ApiVersions, 3, payload);
    expect(decoded).toEqual({ errorCode: 0, apiKeys: new Map([[32, { min: 1, max: 4 }], [44, { min: 0, max: 1 }]]) });
  });

  it('ApiVersions from an older broker: UNSUPPORTED_VERSION in the v0 layout, with the range to retry in', () => {
    const payload = bytes('00000001', '0023', '00000001', '0012 0000 0002');
    expect(decodeResponse(ApiVersions, 3, payload)).toEqual({ errorCode: 35, apiKeys: new Map([[18, { min: 0, max: 2 }]]) });
  });

  it('Metadata v12: brokers with racks, controller, topics with ids, internal flag and partitions', () => {
    const payload = bytes(
      '00000003', '00', '00000000',
      '02', '00000001', '0a', utf8('127.0.0.1'), '00002384', '07', utf8('rack-a'), '00',
      '05', utf8('abcd'), '00000001',
      '02', '0000', '07', utf8('orders'), '0102030405060708090a0b0c0d0e0f10', '00',
      '02', '0000', '00000000', '00000001', '00000005', '02 00000001', '02 00000001', '01', '00',
      '80000000', '00',
      '00',
    );
    expect(decodeResponse(Metadata, 12, payload)).toEqual({
      brokers: [{ nodeId: 1, host: '127.0.0.1', port: 9092, rack: 'rack-a' }],
      clusterId: 'abcd',
      controllerId: 1,
      topics: [
        {
          errorCode: 0,
          name: 'orders',
          topicId: 'AQIDBAUGBwgJCgsMDQ4PEA',
          isInternal: false,
          partitions: [{ errorCode: 0, partition: 0, leader: 1, leaderEpoch: 5, replicas: [1], isr: [1], offlineReplicas: [] }],
        },
      ],
    });
  });

  it('DescribeConfigs v4: value, source, synonyms, type and documentation (KIP-569)', () => {
    const payload = bytes(
      '00000007', '00', '00000000',
      '02', '0000', '00', '02', '07', utf8('orders'),
      '02', '0d', utf8('retention.ms'), '08', utf8('3600000'), '00', '01', '00',
      '03', '0d', utf8('retention.ms'), '08', utf8('3600000'), '01', '00', '14', utf8('log.retention.hours'), '04', utf8('168'), '05', '00',
      '05', '05', utf8('Keep'), '00',
      '00', '00',
    );
    expect(decodeResponse(DescribeConfigs, 4, payload)).toEqual({
      resources: [
        {
          errorCode: 0,
          errorMessage: null,
          type: 'topic',
          name: 'orders',
          configs: [
            {
              name: 'retention.ms',
              value: '3600000',
              readOnly: false,
              source: 'DYNAMIC_TOPIC_CONFIG',
              isSensitive: false,
              synonyms: [
                { name: 'retention.ms', value: '3600000', source: 'DYNAMIC_TOPIC_CONFIG' },
                { name: 'log.retention.hours', value: '168', source: 'DEFAULT_CONFIG' },
              ],
              type: 'LONG',
              documentation: 'Keep',
            },
          ],
        },
      ],
    });
  });

  it('DescribeConfigs: a per-resource error with the broker message', () => {
    const payload = bytes('00000007', '00', '00000000', '02', '0003', '0e', utf8('no such topic'), '02', '02', utf8('x'), '01', '00', '00');
    const [resource] = decodeResponse(DescribeConfigs, 4, payload).resources;
    expect(resource).toMatchObject({ errorCode: 3, errorMessage: 'no such topic', name: 'x', configs: [] });
  });

  it('IncrementalAlterConfigs v1: one result per resource', () => {
    const payload = bytes('00000005', '00', '00000000', '02', '0028', '0a', utf8('bad value'), '02', '07', utf8('orders'), '00', '00');
    expect(decodeResponse(IncrementalAlterConfigs, 1, payload)).toEqual({
      results: [{ errorCode: 40, errorMessage: 'bad value', type: 'topic', name: 'orders' }],
    });
  });

  it('DescribeLogDirs v4: sizes and lag per partition, volume sizes (-1 = unknown)', () => {
    const payload = bytes(
      '00000002', '00', '00000000', '0000',
      '02', '0000', '06', utf8('/data'),
      '02', '07', utf8('orders'), '02', '00000000', '0000000000000400', '0000000000000000', '00', '00', '00',
      '0000000000100000', 'ffffffffffffffff', '00',
      '00',
    );
    expect(decodeResponse(DescribeLogDirs, 4, payload)).toEqual({
      errorCode: 0,
      logDirs: [
        {
          errorCode: 0,
          path: '/data',
          topics: [{ name: 'orders', partitions: [{ partition: 0, sizeBytes: 1024, offsetLag: 0, isFuture: false }] }],
          totalBytes: 1048576,
          usableBytes: null,
        },
      ],
    });
  });

  it('DescribeLogDirs v2: no top-level error code, no volume sizes', () => {
    const payload = bytes('00000002', '00', '00000000', '02', '0000', '06', utf8('/data'), '01', '00', '00');
    expect(decodeResponse(DescribeLogDirs, 2, payload)).toEqual({
      errorCode: 0,
      logDirs: [{ errorCode: 0, path: '/data', topics: [], totalBytes: null, usableBytes: null }],
    });
  });

  it('CreateTopics v7: the broker message survives (kafkajs drops it)', () => {
    const message = 'Invalid value -2 for configuration retention.ms';
    const payload = bytes(
      '00000009', '00', '00000000',
      '02', '02', utf8('t'), '00000000000000000000000000000000', '0028', Buffer.from([message.length + 1]), utf8(message),
      'ffffffff', 'ffff', '00', '00',
      '00',
    );
    expect(decodeResponse(CreateTopics, 7, payload).topics).toEqual([
      { name: 't', topicId: '', errorCode: 40, errorMessage: message, partitions: -1, replicationFactor: -1, configs: null },
    ]);
  });

  it('DeleteTopics v5: one result per topic, with the broker message (null here)', () => {
    const payload = bytes('00000004', '00', '00000000', '02', '02', utf8('t'), '0003', '00', '00', '00');
    expect(decodeResponse(DeleteTopics, 5, payload)).toEqual({ topics: [{ name: 't', errorCode: 3, errorMessage: null }] });
  });

  it('CreatePartitions v3: the broker message says why it refused', () => {
    const message = 'Topic currently has 3 partitions';
    const payload = bytes('00000005', '00', '00000000', '02', '02', utf8('t'), '0025', Buffer.from([message.length + 1]), utf8(message), '00', '00');
    expect(decodeResponse(CreatePartitions, 3, payload)).toEqual({ results: [{ name: 't', errorCode: 37, errorMessage: message }] });
  });

  it('Fetch v12: watermarks and the raw record set per partition', () => {
    const payload = bytes(
      '00000004', '00', '00000000', '0000', '00000000',
      '02', '02', utf8('t'),
      '02', '00000002', '0000', '000000000000000a', '000000000000000a', '0000000000000003', '00', 'ffffffff', '04', 'aabbcc', '00',
      '00', '00',
    );
    expect(decodeResponse(Fetch, 12, payload)).toEqual({
      errorCode: 0,
      topics: [{ topic: 't', partitions: [{ partition: 2, errorCode: 0, highWatermark: 10, lastStableOffset: 10, logStartOffset: 3, records: bytes('aabbcc') }] }],
    });
  });
});

describe('version negotiation', () => {
  const broker = (entries: [number, number, number][]): BrokerApiVersions => new Map(entries.map(([key, min, max]) => [key, { min, max }]));

  it('picks the highest version both sides speak', () => {
    expect(pickVersion(DescribeConfigs, broker([[32, 1, 4]]))).toBe(4);
    expect(pickVersion(DescribeConfigs, broker([[32, 0, 2]]))).toBe(2);
    expect(pickVersion(DescribeLogDirs, broker([[35, 1, 5]]))).toBe(4);
  });

  it('names the API and both ranges when there is no overlap, or the broker lacks the API', () => {
    expect(() => pickVersion(Metadata, broker([[3, 0, 8]]))).toThrow('the broker speaks Metadata v0–v8, Connectory speaks v9–v12');
    expect(() => pickVersion(DescribeLogDirs, broker([]))).toThrow('the broker does not support DescribeLogDirs');
  });
});
