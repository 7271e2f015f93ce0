import buffer from 'node:buffer';
import zlib from 'node:zlib';
import { KafkaDecodeError } from '../codec/reader';

const CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;

/** Node 22.15+ ships zstd in zlib; on older Node a zstd batch cannot be read without a native module. */
const zstdDecompressSync = (zlib as unknown as { zstdDecompressSync?: (input: Buffer, options?: zlib.ZlibOptions) => Buffer }).zstdDecompressSync;

/**
 * A batch that would decompress to more than it may: a few KiB of gzip, snappy, lz4 or zstd can expand to
 * gigabytes (a decompression bomb), so output is bounded while it is produced, never after.
 */
export class DecompressionCapError extends KafkaDecodeError {
  override name = 'DecompressionCapError';
  constructor(
    readonly codec: string,
    readonly maxBytes: number,
  ) {
    super(`${codec}-compressed batch expands past ${maxBytes} bytes: not decompressed`);
  }
}

/**
 * The records section of a batch, uncompressed, at most `maxBytes` of it (DecompressionCapError past that).
 * Kafka's record batch codec ids: 0 none … 4 zstd.
 */
export function decompress(codec: number, data: Buffer, maxBytes = Number.MAX_SAFE_INTEGER): Buffer {
  switch (codec) {
    case 0:
      return data;
    case 1:
      return capped('gzip', maxBytes, () => zlib.gunzipSync(data, { maxOutputLength: Math.min(maxBytes, buffer.constants.MAX_LENGTH) }));
    case 2:
      return unsnappy(data, maxBytes);
    case 3:
      return unlz4Frame(data, maxBytes);
    case 4:
      if (zstdDecompressSync) return capped('zstd', maxBytes, () => zstdDecompressSync(data, { maxOutputLength: Math.min(maxBytes, buffer.constants.MAX_LENGTH) }));
      throw new KafkaDecodeError(`zstd-compressed records cannot be read on Node ${process.versions.node} (needs Node 22.15+)`);
    default:
      throw new KafkaDecodeError(`unknown compression codec ${codec} (known: ${CODECS.join(', ')})`);
  }
}

/** zlib stops at maxOutputLength with a RangeError ERR_BUFFER_TOO_LARGE. */
function capped(codec: string, maxBytes: number, run: () => Buffer): Buffer {
  try {
    return run();
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new DecompressionCapError(codec, maxBytes);
    throw error;
  }
}

/** A growable output buffer; LZ4 and Snappy copy from earlier output, overlaps included. */
class ByteSink {
  buffer: Buffer;
  length = 0;

  constructor(
    capacity: number,
    readonly codec: string,
    readonly maxBytes: number,
  ) {
    this.buffer = Buffer.allocUnsafe(Math.max(Math.min(capacity, maxBytes), 64));
  }

  append(source: Buffer, start: number, end: number): void {
    this.#reserve(end - start);
    source.copy(this.buffer, this.length, start, end);
    this.length += end - start;
  }

  copyBack(distance: number, count: number): void {
    if (distance <= 0 || distance > this.length) throw new KafkaDecodeError(`compressed data refers ${distance} bytes back, before the start`);
    this.#reserve(count);
    let from = this.length - distance;
    for (let i = 0; i < count; i++) this.buffer[this.length++] = this.buffer[from++]!;
  }

  result(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  #reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    if (this.length + bytes > this.maxBytes) throw new DecompressionCapError(this.codec, this.maxBytes);
    const grown = Buffer.allocUnsafe(Math.min(Math.max(this.length + bytes, this.buffer.length * 2), this.maxBytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}

// ------------------------------------------------------------------------------------------------ snappy

const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_BYTES = 16;

/** Java producers write snappy-java's framing (magic, two version ints, then length-prefixed blocks); others raw blocks. */
export function unsnappy(data: Buffer, maxBytes = Number.MAX_SAFE_INTEGER): Buffer {
  if (data.length < XERIAL_HEADER_BYTES || !data.subarray(0, 8).equals(XERIAL_MAGIC)) return snappyBlock(data, maxBytes);
  const parts: Buffer[] = [];
  let offset = XERIAL_HEADER_BYTES;
  let total = 0;
  while (offset + 4 <= data.length) {
    const length = data.readInt32BE(offset);
    offset += 4;
    if (offset + length > data.length) throw new KafkaDecodeError('snappy chunk runs past the end of the batch');
    const part = snappyBlock(data.subarray(offset, offset + length), maxBytes - total);
    total += part.length;
    parts.push(part);
    offset += length;
  }
  return Buffer.concat(parts);
}

export function snappyBlock(data: Buffer, maxBytes = Number.MAX_SAFE_INTEGER): Buffer {
  let offset = 0;
  let expected = 0;
  for (let shift = 0; ; shift += 7) {
    if (offset >= data.length || shift > 28) throw new KafkaDecodeError('snappy block has no valid length preamble');
    const byte = data[offset++]!;
    expected += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) break;
  }
  // the preamble says how much the block expands to: refuse before allocating it
  if (expected > maxBytes) throw new DecompressionCapError('snappy', maxBytes);
  const out = new ByteSink(expected, 'snappy', maxBytes);
  while (offset < data.length) {
    const tag = data[offset++]!;
    const kind = tag & 0x03;
    if (kind === 0) {
      let length = tag >> 2;
      if (length >= 60) {
        const bytes = length - 59;
        length = data.readUIntLE(offset, bytes);
        offset += bytes;
      }
      length += 1;
      if (offset + length > data.length) throw new KafkaDecodeError('snappy literal runs past the end of the block');
      out.append(data, offset, offset + length);
      offset += length;
    } else if (kind === 1) {
      const length = 4 + ((tag >> 2) & 0x07);
      const distance = ((tag >> 5) << 8) | data[offset++]!;
      out.copyBack(distance, length);
    } else {
      const length = 1 + (tag >> 2);
      const distance = kind === 2 ? data.readUInt16LE(offset) : data.readUInt32LE(offset);
      offset += kind === 2 ? 2 : 4;
      out.copyBack(distance, length);
    }
  }
  if (out.length !== expected) throw new KafkaDecodeError(`snappy block decoded to ${out.length} bytes, its preamble says ${expected}`);
  return out.result();
}

// ------------------------------------------------------------------------------------------------ lz4

const LZ4_MAGIC = 0x184d2204;

/** The LZ4 frame format (what Kafka's v2 batches use); checksums are not verified, the broker did that. */
export function unlz4Frame(data: Buffer, maxBytes = Number.MAX_SAFE_INTEGER): Buffer {
  if (data.length < 7 || data.readUInt32LE(0) !== LZ4_MAGIC) throw new KafkaDecodeError('lz4 data does not start with the frame magic');
  const flags = data[4]!;
  const blockChecksums = (flags & 0x10) !== 0;
  let offset = 6 + ((flags & 0x08) !== 0 ? 8 : 0) + ((flags & 0x01) !== 0 ? 4 : 0) + 1; // FLG BD [size] [dict] HC
  const out = new ByteSink(data.length * 4, 'lz4', maxBytes);
  while (offset + 4 <= data.length) {
    const word = data.readUInt32LE(offset);
    offset += 4;
    if (word === 0) break; // end mark
    const size = word & 0x7fffffff;
    if (offset + size > data.length) throw new KafkaDecodeError('lz4 block runs past the end of the batch');
    if (word & 0x80000000) out.append(data, offset, offset + size);
    else lz4Block(data, offset, offset + size, out);
    offset += size + (blockChecksums ? 4 : 0);
  }
  return out.result();
}

function lz4Block(data: Buffer, start: number, end: number, out: ByteSink): void {
  let offset = start;
  while (offset < end) {
    const token = data[offset++]!;
    let literals = token >> 4;
    if (literals === 15) {
      let byte: number;
      do {
        byte = data[offset++]!;
        literals += byte;
      } while (byte === 255 && offset < end);
    }
    if (offset + literals > end) throw new KafkaDecodeError('lz4 literals run past the end of the block');
    out.append(data, offset, offset + literals);
    offset += literals;
    if (offset >= end) return; // the last sequence has literals only
    const distance = data.readUInt16LE(offset);
    offset += 2;
    let matchLength = token & 0x0f;
    if (matchLength === 15) {
      let byte: number;
      do {
        byte = data[offset++]!;
        matchLength += byte;
      } while (byte === 255 && offset < end);
    }
    out.copyBack(distance, matchLength + 4);
  }
}
