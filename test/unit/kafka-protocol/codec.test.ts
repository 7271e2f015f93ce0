import { describe, expect, it } from 'vitest';
import { KafkaDecodeError, Reader } from '../../../server/kafka/protocol/codec/reader';
import { Writer } from '../../../server/kafka/protocol/codec/writer';
import { bytes, utf8 } from './bytes';

describe('Writer', () => {
  it('writes unsigned and zig-zag varints as Kafka does', () => {
    expect(new Writer(true).uvarint(0).uvarint(127).uvarint(300).toBuffer()).toEqual(bytes('00 7f ac02'));
    expect(new Writer(true).uvarint(0xffffffff).toBuffer()).toEqual(bytes('ffffffff0f'));
    expect(new Writer(true).varint(0).varint(-1).varint(1).varint(-64).varint(64).toBuffer()).toEqual(bytes('00 01 02 7f 8001'));
    expect(new Writer(true).varlong(-1).varlong(1_700_000_000_000).toBuffer()).toEqual(bytes('01 80a0abfef962'));
  });

  it('writes classic strings, bytes and arrays with fixed-width lengths and -1 for null', () => {
    const writer = new Writer(false).string('ab').nullableString(null).bytes(utf8('x')).nullableBytes(null).int32Array([7]).tags();
    expect(writer.toBuffer()).toEqual(bytes('0002 6162', 'ffff', '00000001 78', 'ffffffff', '00000001 00000007'));
  });

  it('writes compact (flexible) strings, bytes and arrays with length + 1, 0 for null, and an empty tag section', () => {
    const writer = new Writer(true).string('ab').nullableString(null).bytes(utf8('x')).nullableArray(null, () => {}).int32Array([7]).tags();
    expect(writer.toBuffer()).toEqual(bytes('03 6162', '00', '02 78', '00', '02 00000007', '00'));
  });

  it('grows past its initial buffer', () => {
    const writer = new Writer(false, 4);
    for (let i = 0; i < 100; i++) writer.int64(BigInt(i));
    expect(writer.length).toBe(800);
    expect(writer.toBuffer().readBigInt64BE(792)).toBe(99n);
  });
});

describe('Reader', () => {
  it('reads what Writer wrote, classic and flexible', () => {
    for (const flexible of [false, true]) {
      const written = new Writer(flexible)
        .int8(-2).int16(-300).int32(-70000).int64(-5n).boolean(true).uvarint(300).varint(-64).varlong(-1_700_000_000_000)
        .string('héllo').nullableString(null).nullableBytes(utf8('raw')).array([] as string[], () => {}).tags()
        .toBuffer();
      const reader = new Reader(written, flexible);
      expect([reader.int8(), reader.int16(), reader.int32(), reader.int64(), reader.boolean()]).toEqual([-2, -300, -70000, -5n, true]);
      expect([reader.uvarint(), reader.varint(), reader.varlong()]).toEqual([300, -64, -1_700_000_000_000n]);
      expect([reader.string(), reader.nullableString(), reader.nullableBytes()?.toString()]).toEqual(['héllo', null, 'raw']);
      expect(reader.array(() => 'item')).toEqual([]);
    }
  });

  it('reads tagged fields it does not know and keeps their raw bytes', () => {
    const reader = new Reader(bytes('02', '00 01 ff', '05 02 abcd', '7f'), true);
    expect(reader.tags()).toEqual(new Map([[0, bytes('ff')], [5, bytes('abcd')]]));
    expect(reader.int8()).toBe(0x7f);
  });

  it('fails with a Kafka protocol error, not a garbage value, on truncated or corrupt input', () => {
    expect(() => new Reader(bytes('0005 6162'), false).string()).toThrow(KafkaDecodeError);
    expect(() => new Reader(bytes('0005 6162'), false).string()).toThrow(/truncated: needed 5 bytes at offset 2, 2 left/);
    expect(() => new Reader(bytes('7fffffff'), false).array((r) => r.int8())).toThrow(/cannot fit/);
    expect(() => new Reader(bytes('ffffffffff'), true).uvarint()).toThrow(/truncated|longer/);
    expect(() => new Reader(bytes('ffff'), false).string()).toThrow(/null string/);
  });
});
