import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decompress, snappyBlock, unlz4Frame, unsnappy } from '../../../server/kafka/protocol/records/compression';
import { decodeRecordBatches } from '../../../server/kafka/protocol/records/record-batch';
import { bytes, utf8 } from './bytes';

/**
 * Two batches exactly as Kafka 4.3.1 returned them to a Fetch: one uncompressed (2 records, the first with a key and a
 * header), one gzip-compressed (1 record). Produced by kafkajs with fixed timestamps.
 */
const REAL_BATCHES = bytes(
  '0000000000000000000000510000000002d3d7e4c00000000000010000018bcfe568000000018bcfe56801ffffffffffffffff000000000000000000022200' +
    '0000046b310a68656c6c6f02026802761a000202010e7b2261223a317d00' +
    '0000000000000002000000540000000002447e75fa0001000000000000018bcfe568020000018bcfe56802ffffffffffffffff000000000000000000011f8b' +
    '08000000000000039361606060c936e2a9ca2c28484d6100009e7271a20f000000',
);

describe('record batches (magic v2)', () => {
  it('decodes keys, values, headers, offsets and timestamps, uncompressed and gzip', () => {
    const records = decodeRecordBatches(REAL_BATCHES);
    expect(records.map((r) => ({ ...r, key: r.key?.toString() ?? null, value: r.value?.toString() ?? null, headers: r.headers.map((h) => [h.key, h.value?.toString()]) }))).toEqual([
      { offset: 0, timestamp: 1700000000000, timestampType: 'CreateTime', key: 'k1', value: 'hello', headers: [['h', 'v']] },
      { offset: 1, timestamp: 1700000000001, timestampType: 'CreateTime', key: null, value: '{"a":1}', headers: [] },
      { offset: 2, timestamp: 1700000000002, timestampType: 'CreateTime', key: 'k2', value: 'zipped', headers: [] },
    ]);
  });

  it('stops at a batch cut off by the fetch size limit, as every client does', () => {
    const cut = REAL_BATCHES.subarray(0, REAL_BATCHES.length - 10);
    expect(decodeRecordBatches(cut).map((r) => r.offset)).toEqual([0, 1]);
    expect(decodeRecordBatches(REAL_BATCHES.subarray(0, 5))).toEqual([]);
  });

  it('skips control batches (transaction markers)', () => {
    const control = Buffer.from(REAL_BATCHES.subarray(0, 12 + 0x51));
    control.writeInt16BE(0x20, 21); // attributes: control bit
    expect(decodeRecordBatches(control)).toEqual([]);
  });

  it('uses the batch max timestamp for LogAppendTime topics', () => {
    const appendTime = Buffer.from(REAL_BATCHES.subarray(0, 12 + 0x51));
    appendTime.writeInt16BE(0x08, 21);
    appendTime.writeBigInt64BE(1800000000000n, 35); // max timestamp
    expect(decodeRecordBatches(appendTime).map((r) => [r.timestamp, r.timestampType])).toEqual([
      [1800000000000, 'LogAppendTime'],
      [1800000000000, 'LogAppendTime'],
    ]);
  });

  it('refuses the pre-0.11 message formats with a clear message', () => {
    const old = Buffer.from(REAL_BATCHES.subarray(0, 12 + 0x51));
    old.writeInt8(1, 16);
    expect(() => decodeRecordBatches(old)).toThrow(/magic 1: only the v2 format/);
  });
});

describe('compression codecs', () => {
  const text = 'abcabcabcd';

  it('gzip', () => {
    expect(decompress(1, gzipSync(utf8(text))).toString()).toBe(text);
  });

  it('snappy: a raw block with a literal and an overlapping copy', () => {
    // preamble 10, literal "abc", copy (1-byte offset) 6 bytes from 3 back, literal "d"
    const block = bytes('0a', '08', utf8('abc'), '09 03', '00', utf8('d'));
    expect(snappyBlock(block).toString()).toBe(text);
    expect(decompress(2, block).toString()).toBe(text);
  });

  it('snappy: the xerial framing Java producers write', () => {
    const block = bytes('0a', '08', utf8('abc'), '09 03', '00', utf8('d'));
    const framed = bytes('82534e4150505900', '00000001', '00000001', '00000009', block, '00000006', '04', '0c', utf8('xyzw'));
    expect(unsnappy(framed).toString()).toBe(`${text}xyzw`);
  });

  it('lz4 frame: a compressed block, an uncompressed block, the end mark', () => {
    // token: 3 literals + match of 4+2; then a final literal-only sequence "d"
    const compressed = bytes('32', utf8('abc'), '0300', '10', utf8('d'));
    const frame = bytes('04224d18', '60', '40', '82', '08000000', compressed, '02000080', utf8('ef'), '00000000');
    expect(unlz4Frame(frame).toString()).toBe(`${text}ef`);
    expect(decompress(3, frame).toString()).toBe(`${text}ef`);
  });

  it('names the codec it cannot read', () => {
    expect(() => decompress(7, bytes('00'))).toThrow(/unknown compression codec 7/);
    expect(() => unlz4Frame(bytes('00000000000000'))).toThrow(/frame magic/);
  });
});
