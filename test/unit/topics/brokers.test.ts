// The broker domain's pure parts (server/brokers): config views, counts, log dirs, the metadata cache, Kafka error mapping.
import { describe, expect, it } from 'vitest';
import { configEntryView } from '../../../server/brokers/configs';
import { MetadataCache } from '../../../server/brokers/metadata-cache';
import { logDirView, replicaCounts } from '../../../server/brokers/service';
import { ApiError } from '../../../server/http/errors';
import { fieldOfKafkaMessage, toApiError } from '../../../server/kafka/api-errors';
import type { KafkaClient } from '../../../server/kafka/client';
import { KafkaApiError, KafkaClusterError, type DescribedConfig, type MetadataResponse } from '../../../server/kafka/protocol';
import { KafkaConnectionError } from '../../../server/kafka/protocol/connection';

const config = (overrides: Partial<DescribedConfig>): DescribedConfig => ({
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
  documentation: 'How long',
  ...overrides,
});

describe('config views', () => {
  it('a topic override: not default, falls back to the broker’s value', () => {
    expect(configEntryView(config({}), 'topic')).toMatchObject({ value: '3600000', isDefault: false, dynamic: true, defaultValue: '168', documentation: 'How long' });
  });

  it('an inherited topic config is a default whose fallback is itself', () => {
    const inherited = config({ value: '168', source: 'DEFAULT_CONFIG', synonyms: [{ name: 'log.retention.hours', value: '168', source: 'DEFAULT_CONFIG' }] });
    expect(configEntryView(inherited, 'topic')).toMatchObject({ isDefault: true, dynamic: false, defaultValue: '168' });
  });

  it('a broker’s static setting is not a default; DYNAMIC_* sources are dynamic', () => {
    expect(configEntryView(config({ source: 'STATIC_BROKER_CONFIG' }), 'broker')).toMatchObject({ isDefault: false, dynamic: false });
    expect(configEntryView(config({ source: 'DYNAMIC_DEFAULT_BROKER_CONFIG' }), 'broker')).toMatchObject({ dynamic: true });
    expect(configEntryView(config({ source: 'DEFAULT_CONFIG' }), 'broker')).toMatchObject({ isDefault: true });
  });

  it('masks sensitive values that are set, everywhere they appear', () => {
    const secret = config({
      name: 'ssl.keystore.password',
      value: null,
      source: 'STATIC_BROKER_CONFIG',
      isSensitive: true,
      synonyms: [{ name: 'ssl.keystore.password', value: null, source: 'STATIC_BROKER_CONFIG' }],
    });
    const view = configEntryView(secret, 'broker');
    expect(view).toMatchObject({ value: '********', sensitive: true, synonyms: [{ value: '********' }] });
    expect(configEntryView({ ...secret, source: 'DEFAULT_CONFIG', synonyms: [] }, 'broker').value).toBeNull();
    expect(JSON.stringify(configEntryView({ ...secret, value: 'leaked?' }, 'broker'))).not.toContain('leaked');
  });
});

describe('broker counts and log dirs', () => {
  it('counts leaders and replicas per broker from one Metadata answer', () => {
    const topics = [
      { partitions: [{ leader: 1, replicas: [1, 2] }, { leader: 2, replicas: [2, 3] }, { leader: -1, replicas: [3, 1] }] },
    ] as unknown as MetadataResponse['topics'];
    const counts = replicaCounts({ topics });
    expect(Object.fromEntries(counts.leaders)).toEqual({ 1: 1, 2: 1 });
    expect(Object.fromEntries(counts.replicas)).toEqual({ 1: 2, 2: 2, 3: 2 });
  });

  it('sums a log dir per topic, largest first', () => {
    const view = logDirView({
      errorCode: 0,
      path: '/data',
      totalBytes: 1000,
      usableBytes: 400,
      topics: [
        { name: 'small', partitions: [{ partition: 0, sizeBytes: 5, offsetLag: 0, isFuture: false }] },
        { name: 'big', partitions: [{ partition: 0, sizeBytes: 50, offsetLag: 3, isFuture: false }, { partition: 1, sizeBytes: 20, offsetLag: 7, isFuture: true }] },
      ],
    });
    expect(view).toEqual({
      path: '/data',
      error: null,
      totalBytes: 1000,
      usableBytes: 400,
      sizeBytes: 75,
      partitionCount: 3,
      topics: [
        { name: 'big', partitions: 2, sizeBytes: 70, maxOffsetLag: 7, futurePartitions: 1 },
        { name: 'small', partitions: 1, sizeBytes: 5, maxOffsetLag: 0, futurePartitions: 0 },
      ],
    });
  });
});

describe('metadata cache', () => {
  function fakeClients(clusterId = 'c') {
    let calls = 0;
    const clients = {
      clusterId,
      metadata: async () => ({ brokers: [], clusterId, controllerId: 1, topics: [], call: ++calls }),
    } as unknown as KafkaClient;
    return { clients, calls: () => calls };
  }

  it('shares one request between concurrent callers, refetches after the TTL or an invalidation', async () => {
    let now = 0;
    const cache = new MetadataCache(5_000, () => now);
    const { clients, calls } = fakeClients();
    const [a, b] = await Promise.all([cache.get(clients), cache.get(clients)]);
    expect(a).toBe(b);
    expect(calls()).toBe(1);
    now = 4_999;
    await cache.get(clients);
    expect(calls()).toBe(1);
    now = 5_000;
    await cache.get(clients);
    expect(calls()).toBe(2);
    cache.invalidate('c');
    await cache.get(clients);
    expect(calls()).toBe(3);
  });

  it('does not keep a failure', async () => {
    const cache = new MetadataCache();
    let fail = true;
    const clients = { clusterId: 'c', metadata: async () => { if (fail) throw new Error('down'); return { topics: [] }; } } as unknown as KafkaClient;
    await expect(cache.get(clients)).rejects.toThrow('down');
    fail = false;
    await expect(cache.get(clients)).resolves.toMatchObject({ metadata: { topics: [] } });
  });
});

describe('Kafka errors as API errors', () => {
  const asApi = (error: unknown) => toApiError(error, 'prod') as ApiError;

  it('keeps the meaning of a broker’s per-resource error, and names the field a config error is about', () => {
    expect(asApi(new KafkaApiError(3, 'DescribeConfigs topic "x"'))).toMatchObject({ status: 404, code: 'not_found' });
    expect(asApi(new KafkaApiError(36, 'CreateTopics "x"'))).toMatchObject({ status: 409 });
    const invalid = asApi(new KafkaApiError(40, 'CreateTopics "x"', 'Invalid value 1 for configuration segment.bytes: must be at least 1048576'));
    expect(invalid).toMatchObject({ status: 400, code: 'rejected_by_kafka', field: 'configs.segment.bytes' });
    expect(invalid.message).toBe('Kafka cluster "prod": CreateTopics "x": INVALID_CONFIG: Invalid value 1 for configuration segment.bytes: must be at least 1048576');
    expect(asApi(new KafkaApiError(29, 'Metadata'))).toMatchObject({ status: 502, code: 'kafka_denied' });
    // ACL APIs on a broker without an authorizer: the cluster is not set up for it, not failing
    const noAuthorizer = asApi(new KafkaApiError(54, 'DescribeAcls', 'No Authorizer is configured.'));
    expect(noAuthorizer).toMatchObject({ status: 409, code: 'unsupported_by_cluster' });
    expect(noAuthorizer.message).toBe('Kafka cluster "prod": DescribeAcls: SECURITY_DISABLED: No Authorizer is configured.');
  });

  it('reads a broker’s error wrapped in a cluster error', () => {
    const brokerError = new KafkaApiError(3, 'ListOffsets topic "x" partition 0');
    expect(asApi(new KafkaClusterError('prod', 'fetch offsets failed', { cause: brokerError }))).toMatchObject({ status: 404 });
  });

  it('leadership or a group coordinator moving is a 503 worth retrying', () => {
    for (const code of [5, 6, 9, 74, 75]) expect(asApi(new KafkaApiError(code, 'ListOffsets topic "x" partition 0'))).toMatchObject({ status: 503, code: 'unavailable' });
    const moving = asApi(new KafkaApiError(16, 'group "g"'));
    expect(moving).toMatchObject({ status: 503, code: 'unavailable', message: 'Kafka cluster "prod": group "g": NOT_COORDINATOR' });
    expect(asApi(new KafkaApiError(24, 'group "g"'))).toMatchObject({ status: 502, code: 'kafka_error', message: 'Kafka cluster "prod": group "g": INVALID_GROUP_ID' });
  });

  it('503 when the cluster cannot be reached, 502 for other failures, untouched otherwise', () => {
    const unreachable = new KafkaClusterError('prod', 'Metadata failed', { cause: new KafkaConnectionError({ host: 'h', port: 1 }, 'ECONNREFUSED') });
    expect(asApi(unreachable)).toMatchObject({ status: 503, code: 'unreachable' });
    expect(asApi(new KafkaClusterError('prod', 'decode failed'))).toMatchObject({ status: 502, code: 'kafka_error' });
    const own = ApiError.badRequest('x');
    expect(toApiError(own, 'prod')).toBe(own);
    const plain = new Error('bug');
    expect(toApiError(plain, 'prod')).toBe(plain);
  });

  it('finds the config a broker message is about', () => {
    expect(fieldOfKafkaMessage('Invalid value soon for configuration retention.ms: Not a number of type LONG')).toBe('configs.retention.ms');
    expect(fieldOfKafkaMessage('Unknown topic config name: retention.msx')).toBeUndefined();
    expect(fieldOfKafkaMessage(null)).toBeUndefined();
  });
});
