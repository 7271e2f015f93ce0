import { Reader, KafkaDecodeError } from '../codec/reader';
import { decompress, DecompressionCapError } from './compression';

export interface KafkaHeader {
  key: string;
  value: Buffer | null;
}

export interface KafkaRecord {
  offset: number;
  /** Milliseconds since the epoch: the producer's (CreateTime) or the broker's (LogAppendTime). */
  timestamp: number;
  timestampType: 'CreateTime' | 'LogAppendTime';
  key: Buffer | null;
  value: Buffer | null;
  headers: KafkaHeader[];
}

const BATCH_HEADER_BYTES = 61;
/** baseOffset (8) + batchLength (4): what precedes the length-counted part of a batch. */
const LOG_OVERHEAD = 12;
const LAST_OFFSET_DELTA_AT = 23;
const ATTRIBUTE_TIMESTAMP_TYPE = 0x08;
const ATTRIBUTE_CONTROL = 0x20;
const COMPRESSION_MASK = 0x07;

/**
 * The data records in a Fetch response's record set, in offset order. Only magic v2 batches (every Kafka since 0.11
 * writes them; Kafka 4 writes nothing else). Control batches (transaction markers) are skipped, and a batch cut off
 * by the fetch's byte limit ends the set, as it does for every Kafka client.
 */
export function decodeRecordBatches(recordSet: Buffer): KafkaRecord[] {
  return readRecordBatches(recordSet).records;
}

/**
 * How much compressed batches may expand to: `batchBytes` each and `remainingBytes` in all (shared by every
 * readRecordBatches call it is passed to, and lowered by what they decompress).
 */
export interface DecompressionBudget {
  batchBytes: number;
  remainingBytes: number;
}

export interface RecordBatches {
  records: KafkaRecord[];
  /** After the last batch read: where the next fetch starts. */
  nextOffset: number | null;
  /** A compressed batch would have expanded past the budget: reading stopped before it. */
  capped?: DecompressionCapError;
}

/**
 * The records, and the offset after the last complete batch: where the next fetch starts. Not simply the last
 * record's offset + 1, since control batches and compaction leave offsets that hold no record. With a budget,
 * reading stops before the first batch that would decompress past it.
 */
export function readRecordBatches(recordSet: Buffer, budget?: DecompressionBudget): RecordBatches {
  const records: KafkaRecord[] = [];
  let nextOffset: number | null = null;
  let offset = 0;
  while (recordSet.length - offset >= LOG_OVERHEAD) {
    const batchLength = recordSet.readInt32BE(offset + 8);
    const end = offset + LOG_OVERHEAD + batchLength;
    if (end > recordSet.length) break;
    const batch = recordSet.subarray(offset, end);
    offset = end;
    try {
      records.push(...decodeBatch(batch, budget));
    } catch (error) {
      if (error instanceof DecompressionCapError) return { records, nextOffset, capped: error };
      throw error;
    }
    if (batch.length >= BATCH_HEADER_BYTES) nextOffset = Number(batch.readBigInt64BE(0)) + batch.readInt32BE(LAST_OFFSET_DELTA_AT) + 1;
  }
  return { records, nextOffset };
}

function decodeBatch(batch: Buffer, budget?: DecompressionBudget): KafkaRecord[] {
  const magic = batch.length > 16 ? batch.readInt8(16) : -1;
  if (magic !== 2) throw new KafkaDecodeError(`record batch with magic ${magic}: only the v2 format (Kafka 0.11+) can be browsed`);
  if (batch.length < BATCH_HEADER_BYTES) throw new KafkaDecodeError(`record batch of ${batch.length} bytes is shorter than its header`);
  const header = new Reader(batch, false);
  const baseOffset = header.int64Number();
  header.int32(); // batch length
  header.int32(); // partition leader epoch
  header.int8(); // magic
  header.uint32(); // crc: the broker verified it when the batch was written
  const attributes = header.int16();
  header.int32(); // last offset delta
  const baseTimestamp = header.int64Number();
  const maxTimestamp = header.int64Number();
  header.int64(); // producer id
  header.int16(); // producer epoch
  header.int32(); // base sequence
  const count = header.int32();
  if (attributes & ATTRIBUTE_CONTROL) return [];
  const logAppendTime = (attributes & ATTRIBUTE_TIMESTAMP_TYPE) !== 0;
  const codec = attributes & COMPRESSION_MASK;
  const body = decompress(codec, batch.subarray(BATCH_HEADER_BYTES), budget ? Math.max(0, Math.min(budget.batchBytes, budget.remainingBytes)) : undefined);
  if (budget && codec !== 0) budget.remainingBytes -= body.length;
  const reader = new Reader(body, false);
  const records: KafkaRecord[] = [];
  for (let i = 0; i < count && reader.remaining > 0; i++) {
    const record = readRecord(reader, baseOffset, baseTimestamp);
    if (logAppendTime) record.timestamp = maxTimestamp;
    record.timestampType = logAppendTime ? 'LogAppendTime' : 'CreateTime';
    records.push(record);
  }
  return records;
}

function readRecord(reader: Reader, baseOffset: number, baseTimestamp: number): KafkaRecord {
  const length = reader.varint();
  const record = new Reader(reader.raw(length), false);
  record.int8(); // attributes: unused
  const timestamp = baseTimestamp + Number(record.varlong());
  const offset = baseOffset + record.varint();
  const key = varBytes(record);
  const value = varBytes(record);
  const headerCount = record.varint();
  const headers: KafkaHeader[] = [];
  for (let i = 0; i < headerCount; i++) {
    const headerKey = varBytes(record)?.toString('utf8') ?? '';
    headers.push({ key: headerKey, value: varBytes(record) });
  }
  return { offset, timestamp, timestampType: 'CreateTime', key, value, headers };
}

/** Record fields are length-prefixed with a signed varint, -1 for null. */
function varBytes(reader: Reader): Buffer | null {
  const length = reader.varint();
  return length < 0 ? null : reader.raw(length);
}
