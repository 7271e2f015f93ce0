/**
 * Builds one Kafka request body. A flexible version (KIP-482) writes strings, bytes and arrays in their compact
 * form (unsigned varint length + 1) and ends every struct with a tagged-field section; the same encoder code
 * then serves both the classic and the flexible version of an API.
 */
export class Writer {
  #buffer: Buffer;
  #length = 0;

  constructor(readonly flexible: boolean, initialSize = 256) {
    this.#buffer = Buffer.allocUnsafe(initialSize);
  }

  int8(value: number): this {
    this.#reserve(1).writeInt8(value, this.#length);
    this.#length += 1;
    return this;
  }

  int16(value: number): this {
    this.#reserve(2).writeInt16BE(value, this.#length);
    this.#length += 2;
    return this;
  }

  int32(value: number): this {
    this.#reserve(4).writeInt32BE(value, this.#length);
    this.#length += 4;
    return this;
  }

  int64(value: bigint | number): this {
    this.#reserve(8).writeBigInt64BE(BigInt(value), this.#length);
    this.#length += 8;
    return this;
  }

  boolean(value: boolean): this {
    return this.int8(value ? 1 : 0);
  }

  /** Unsigned LEB128, as compact lengths and tag numbers use. */
  uvarint(value: number): this {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`uvarint out of range: ${value}`);
    let rest = value;
    while (rest >= 0x80) {
      this.#push((rest & 0x7f) | 0x80);
      rest = Math.floor(rest / 128);
    }
    return this.#push(rest);
  }

  /** Zig-zag signed varint (32 bit), as record fields use. */
  varint(value: number): this {
    return this.uvarint(((value << 1) ^ (value >> 31)) >>> 0);
  }

  /** Zig-zag signed varlong (64 bit). */
  varlong(value: bigint | number): this {
    let rest = BigInt.asUintN(64, (BigInt(value) << 1n) ^ (BigInt(value) >> 63n));
    while (rest >= 0x80n) {
      this.#push(Number((rest & 0x7fn) | 0x80n));
      rest >>= 7n;
    }
    return this.#push(Number(rest));
  }

  /** 16 raw bytes; `null` writes the all-zero id Kafka uses for "none". */
  uuid(value: Buffer | null): this {
    if (value && value.length !== 16) throw new RangeError(`uuid must be 16 bytes, got ${value.length}`);
    return this.raw(value ?? Buffer.alloc(16));
  }

  string(value: string): this {
    return this.#lengthPrefixed(Buffer.from(value, 'utf8'), 'int16');
  }

  nullableString(value: string | null | undefined): this {
    if (value === null || value === undefined) return this.#nullLength('int16');
    return this.string(value);
  }

  bytes(value: Buffer): this {
    return this.#lengthPrefixed(value, 'int32');
  }

  nullableBytes(value: Buffer | null | undefined): this {
    if (value === null || value === undefined) return this.#nullLength('int32');
    return this.bytes(value);
  }

  array<T>(items: readonly T[], write: (item: T) => void): this {
    this.#arrayLength(items.length);
    for (const item of items) write(item);
    return this;
  }

  nullableArray<T>(items: readonly T[] | null | undefined, write: (item: T) => void): this {
    if (items === null || items === undefined) return this.#nullLength('int32');
    return this.array(items, write);
  }

  int32Array(items: readonly number[]): this {
    return this.array(items, (item) => this.int32(item));
  }

  /** The tagged-field section of a flexible struct; this codec never sends tagged fields. */
  tags(): this {
    return this.flexible ? this.uvarint(0) : this;
  }

  raw(bytes: Buffer): this {
    this.#reserve(bytes.length);
    bytes.copy(this.#buffer, this.#length);
    this.#length += bytes.length;
    return this;
  }

  get length(): number {
    return this.#length;
  }

  toBuffer(): Buffer {
    return this.#buffer.subarray(0, this.#length);
  }

  #lengthPrefixed(bytes: Buffer, classic: 'int16' | 'int32'): this {
    if (this.flexible) this.uvarint(bytes.length + 1);
    else if (classic === 'int16') this.int16(bytes.length);
    else this.int32(bytes.length);
    return this.raw(bytes);
  }

  #nullLength(classic: 'int16' | 'int32'): this {
    if (this.flexible) return this.uvarint(0);
    return classic === 'int16' ? this.int16(-1) : this.int32(-1);
  }

  #arrayLength(length: number): void {
    if (this.flexible) this.uvarint(length + 1);
    else this.int32(length);
  }

  #push(byte: number): this {
    this.#reserve(1)[this.#length] = byte;
    this.#length += 1;
    return this;
  }

  #reserve(bytes: number): Buffer {
    const needed = this.#length + bytes;
    if (needed > this.#buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.#buffer.length * 2));
      this.#buffer.copy(grown, 0, 0, this.#length);
      this.#buffer = grown;
    }
    return this.#buffer;
  }
}
