/**
 * Reads one Kafka response body. Mirrors Writer: a flexible version reads compact strings, bytes and arrays and
 * a tagged-field section after every struct. Every read is bounds-checked so a short or corrupt response fails
 * with a message saying where, never with a garbage value.
 */
export class KafkaDecodeError extends Error {
  constructor(message: string) {
    super(`Kafka protocol: ${message}`);
    this.name = 'KafkaDecodeError';
  }
}

const NO_TAGS: ReadonlyMap<number, Buffer> = new Map();

export class Reader {
  readonly #buffer: Buffer;
  #offset: number;

  constructor(buffer: Buffer, readonly flexible: boolean, offset = 0) {
    this.#buffer = buffer;
    this.#offset = offset;
  }

  /** The same bytes read with other rules, from the current position: headers and bodies differ in flexibility. */
  withFlexible(flexible: boolean): Reader {
    return new Reader(this.#buffer, flexible, this.#offset);
  }

  get offset(): number {
    return this.#offset;
  }

  get remaining(): number {
    return this.#buffer.length - this.#offset;
  }

  int8(): number {
    return this.#buffer.readInt8(this.#advance(1));
  }

  int16(): number {
    return this.#buffer.readInt16BE(this.#advance(2));
  }

  int32(): number {
    return this.#buffer.readInt32BE(this.#advance(4));
  }

  uint32(): number {
    return this.#buffer.readUInt32BE(this.#advance(4));
  }

  int64(): bigint {
    return this.#buffer.readBigInt64BE(this.#advance(8));
  }

  /** An int64 as a JS number: offsets, sizes and timestamps stay far below 2^53 in practice. */
  int64Number(): number {
    return Number(this.int64());
  }

  boolean(): boolean {
    return this.int8() !== 0;
  }

  uvarint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.#buffer.readUInt8(this.#advance(1));
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
    }
    throw new KafkaDecodeError(`unsigned varint longer than 5 bytes at offset ${this.#offset}`);
  }

  varint(): number {
    const raw = this.uvarint();
    return (raw >>> 1) ^ -(raw & 1);
  }

  varlong(): bigint {
    let raw = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const byte = BigInt(this.#buffer.readUInt8(this.#advance(1)));
      raw |= (byte & 0x7fn) << shift;
      if ((byte & 0x80n) === 0n) return (raw >> 1n) ^ -(raw & 1n);
    }
    throw new KafkaDecodeError(`varlong longer than 10 bytes at offset ${this.#offset}`);
  }

  uuid(): Buffer {
    return this.raw(16);
  }

  string(): string {
    const value = this.nullableString();
    if (value === null) throw new KafkaDecodeError(`unexpected null string at offset ${this.#offset}`);
    return value;
  }

  nullableString(): string | null {
    const length = this.flexible ? this.uvarint() - 1 : this.int16();
    if (length < 0) return null;
    const start = this.#advance(length);
    return this.#buffer.toString('utf8', start, start + length);
  }

  bytes(): Buffer {
    const value = this.nullableBytes();
    if (value === null) throw new KafkaDecodeError(`unexpected null bytes at offset ${this.#offset}`);
    return value;
  }

  nullableBytes(): Buffer | null {
    const length = this.flexible ? this.uvarint() - 1 : this.int32();
    if (length < 0) return null;
    return this.raw(length);
  }

  array<T>(read: (reader: this) => T): T[] {
    const items = this.nullableArray(read);
    if (items === null) throw new KafkaDecodeError(`unexpected null array at offset ${this.#offset}`);
    return items;
  }

  nullableArray<T>(read: (reader: this) => T): T[] | null {
    const length = this.#arrayLength();
    if (length < 0) return null;
    const items = new Array<T>(length);
    for (let i = 0; i < length; i++) items[i] = read(this);
    return items;
  }

  /** Replica lists and partition ids: read in a tight loop, they are most of a big Metadata answer. */
  int32Array(): number[] {
    const length = this.#arrayLength();
    if (length < 0) throw new KafkaDecodeError(`unexpected null array at offset ${this.#offset}`);
    const start = this.#advance(length * 4);
    const items = new Array<number>(length);
    for (let i = 0; i < length; i++) items[i] = this.#buffer.readInt32BE(start + i * 4);
    return items;
  }

  #arrayLength(): number {
    const length = this.flexible ? this.uvarint() - 1 : this.int32();
    // Each element takes at least one byte: a length beyond the rest of the buffer is corruption, not a big array.
    if (length > this.remaining) throw new KafkaDecodeError(`array of ${length} elements cannot fit in ${this.remaining} bytes`);
    return length;
  }

  /** The tagged-field section of a flexible struct: tag number → raw value. Empty for classic versions. */
  tags(): ReadonlyMap<number, Buffer> {
    if (!this.flexible) return NO_TAGS;
    const count = this.uvarint();
    // Nearly every struct has none: no Map per partition when decoding 60,000 of them.
    if (count === 0) return NO_TAGS;
    const found = new Map<number, Buffer>();
    for (let i = 0; i < count; i++) {
      const tag = this.uvarint();
      found.set(tag, this.raw(this.uvarint()));
    }
    return found;
  }

  raw(length: number): Buffer {
    const start = this.#advance(length);
    return this.#buffer.subarray(start, start + length);
  }

  #advance(bytes: number): number {
    const start = this.#offset;
    if (bytes < 0 || start + bytes > this.#buffer.length) {
      throw new KafkaDecodeError(`response truncated: needed ${bytes} bytes at offset ${start}, ${this.#buffer.length - start} left`);
    }
    this.#offset = start + bytes;
    return start;
  }
}
