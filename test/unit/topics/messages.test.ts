import { describe, expect, it } from 'vitest';
import { decodeField, decodeMessage, MAX_FIELD_BYTES } from '../../../server/topics/message-format';
import { shareOut } from '../../../server/topics/messages';
import { parseTimestamp } from '../../../server/topics/timestamp';

describe('sharing the newest-N limit over partitions', () => {
  it('splits evenly, gives leftovers to partitions that have more, never more than a partition holds', () => {
    expect(shareOut(10, [100, 100])).toEqual([5, 5]);
    expect(shareOut(10, [2, 100, 0])).toEqual([2, 8, 0]);
    expect(shareOut(10, [3, 3])).toEqual([3, 3]);
    expect(shareOut(3, [5, 5, 5, 5])).toEqual([1, 1, 1, 0]);
    expect(shareOut(500, [])).toEqual([]);
  });
});

describe('decoding keys and values', () => {
  const bytes = Buffer.from('{"id":7}');

  it('as text, JSON or hex', () => {
    expect(decodeField(bytes, 'text')).toEqual({ value: '{"id":7}', size: 8, truncated: false });
    expect(decodeField(bytes, 'json')).toEqual({ value: { id: 7 }, size: 8, truncated: false });
    expect(decodeField(bytes, 'hex')).toEqual({ value: bytes.toString('hex'), size: 8, truncated: false });
    expect(decodeField(null, 'json')).toEqual({ value: null, size: 0, truncated: false });
  });

  it('shows non-JSON as text with the reason, and truncates big values', () => {
    expect(decodeField(Buffer.from('plain'), 'json')).toEqual({ value: 'plain', size: 5, truncated: false, error: 'not valid JSON: shown as text' });
    const big = decodeField(Buffer.alloc(MAX_FIELD_BYTES + 10, 0x61), 'json');
    expect(big).toMatchObject({ size: MAX_FIELD_BYTES + 10, truncated: true, error: expect.stringMatching(/truncated/) });
    expect((big.value as string).length).toBe(MAX_FIELD_BYTES);
  });

  it('a whole message with headers and an ISO timestamp', () => {
    const message = decodeMessage(2, { offset: 9, timestamp: 0, timestampType: 'CreateTime', key: null, value: bytes, headers: [{ key: 'h', value: Buffer.from('v') }, { key: 'n', value: null }] }, 'hex');
    expect(message).toEqual({
      partition: 2,
      offset: 9,
      timestamp: '1970-01-01T00:00:00.000Z',
      timestampType: 'CreateTime',
      key: { value: null, size: 0, truncated: false },
      value: { value: bytes.toString('hex'), size: 8, truncated: false },
      headers: [{ key: 'h', value: '76' }, { key: 'n', value: null }],
    });
  });
});

describe('timestamps', () => {
  it('accepts milliseconds or ISO 8601', () => {
    expect(parseTimestamp('1714564800000')).toBe(1714564800000);
    expect(parseTimestamp('2024-05-01T12:00:00Z')).toBe(1714564800000);
    expect(() => parseTimestamp('yesterday')).toThrow(/neither milliseconds/);
  });
});
