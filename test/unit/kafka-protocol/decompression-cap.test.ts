import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decompress, DecompressionCapError } from '../../../server/kafka/protocol/records/compression';

const MiB = 1024 * 1024;

/** An LZ4 frame with one block: the literal `a`, a match repeating it `length` times, a last literal (`length` + 2 bytes out of a few KiB). */
function lz4Bomb(length: number): Buffer {
  const matchExtra = length - 4 - 15;
  const extension = [...Array.from({ length: Math.floor(matchExtra / 255) }, () => 255), matchExtra % 255];
  const block = Buffer.from([0x1f, 0x61, 0x01, 0x00, ...extension, 0x10, 0x61]); // token, literal, distance 1, lengths, last literal
  const header = Buffer.from([0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82]); // magic, FLG, BD, HC
  const size = Buffer.alloc(4);
  size.writeUInt32LE(block.length);
  return Buffer.concat([header, size, block, Buffer.alloc(4)]);
}

/** A raw snappy block whose preamble claims `length` bytes. */
function snappyBomb(length: number): Buffer {
  const preamble: number[] = [];
  for (let rest = length; ; rest = Math.floor(rest / 128)) {
    if (rest < 128) {
      preamble.push(rest);
      break;
    }
    preamble.push((rest % 128) | 0x80);
  }
  return Buffer.from([...preamble, 0x00, 0x61]);
}

describe('decompression is capped while it happens', () => {
  it.each([
    ['gzip', 1, gzipSync(Buffer.alloc(64 * MiB))],
    ['snappy', 2, snappyBomb(2 ** 31)],
    ['lz4', 3, lz4Bomb(64 * MiB)],
  ])('%s: refuses a batch expanding past the cap', (name, codec, data) => {
    expect(data.length).toBeLessThan(512 * 1024);
    let error: unknown;
    try {
      decompress(codec as number, data as Buffer, 8 * MiB);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DecompressionCapError);
    expect((error as DecompressionCapError).message).toMatch(new RegExp(`${name}-compressed batch expands past ${8 * MiB} bytes`));
  });

  it('lets batches under the cap through unchanged', () => {
    expect(decompress(1, gzipSync(Buffer.from('hello')), 5).toString()).toBe('hello');
    // the literal, the match, the last literal
    expect(decompress(3, lz4Bomb(1000), 1002)).toEqual(Buffer.alloc(1002, 'a'));
  });
});
