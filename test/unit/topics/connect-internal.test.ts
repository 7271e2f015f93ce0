import { describe, expect, it } from 'vitest';
import type { KafkaRecord } from '../../../server/kafka/protocol';
import { denyListFromEnv, maskInternalRecord } from '../../../server/topics/connect-internal';

const record = (key: string, value: string | null): KafkaRecord => ({
  offset: 0,
  timestamp: 0,
  timestampType: 'CreateTime',
  key: Buffer.from(key),
  value: value === null ? null : Buffer.from(value),
  headers: [],
});
const valueOf = (masked: KafkaRecord) => JSON.parse(masked.value!.toString('utf8'));

describe('masking records of Connect internal topics', () => {
  it('hides secret-looking properties and credentials inside URLs, keeps the rest', () => {
    const config = { properties: { 'connector.class': 'X', 'ssl.key.password': 's1', 'sasl.jaas.config': 's2', 'connection.url': 'jdbc:postgresql://u:s3@h/db', topic: 't' } };
    expect(valueOf(maskInternalRecord(record('connector-a', JSON.stringify(config))))).toEqual({
      properties: { 'connector.class': 'X', 'ssl.key.password': '********', 'sasl.jaas.config': '********', 'connection.url': 'jdbc:postgresql://u:********@h/db', topic: 't' },
    });
  });

  it("hides the workers' session key and anything that is not JSON (fail closed)", () => {
    expect(valueOf(maskInternalRecord(record('session-key', '{"key":"c2VjcmV0","algorithm":"HmacSHA256"}')))).toBe('********');
    expect(valueOf(maskInternalRecord(record('connector-a', 'password=plain')))).toBe('********');
    expect(maskInternalRecord(record('connector-a', null)).value).toBeNull();
  });
});

describe('the CONNECT_INTERNAL_TOPICS deny-list', () => {
  it("defaults to Connect's usual names and can be replaced", () => {
    expect(denyListFromEnv({})).toEqual(['connect-configs', 'connect-offsets', 'connect-status']);
    expect(denyListFromEnv({ CONNECT_INTERNAL_TOPICS: ' a-configs, a-offsets ,,' })).toEqual(['a-configs', 'a-offsets']);
  });
});
