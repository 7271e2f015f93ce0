import type { KafkaRecord } from '../kafka/protocol';

export type MessageFormat = 'text' | 'json' | 'hex';

export interface DecodedField {
  /** Text, parsed JSON or hex as asked; null when Kafka holds null. */
  value: unknown;
  /** Bytes in Kafka. */
  size: number;
  /** Only the first MAX_FIELD_BYTES were decoded. */
  truncated: boolean;
  /** Asked for JSON but the bytes are not JSON: `value` is the text instead. */
  error?: string;
  /** In the Confluent wire format: the registry schema it was decoded with (`value` is then the decoded value). */
  schema?: FieldSchema;
}

export interface FieldSchema {
  registryId: string;
  id: number;
  schemaType?: string;
  subject?: string | null;
  version?: number | null;
}

/** Decodes a field in the Confluent wire format with its registry's schema; undefined when it is not in it. */
export interface WireDecoder {
  decode(bytes: Buffer | null, subjectHint: string): Promise<{ value?: unknown; schema: FieldSchema; error?: string } | undefined>;
}

/**
 * Replaces key and value in the wire format by what their schemas decode them to, naming subject and version.
 * The text shown as asked stays when decoding fails, with the reason.
 */
export async function decodeWithSchemas(message: BrowsedMessage, record: KafkaRecord, topic: string, decoder: WireDecoder): Promise<BrowsedMessage> {
  const field = async (current: DecodedField, bytes: Buffer | null, hint: string): Promise<DecodedField> => {
    if (current.truncated) return current;
    const decoded = await decoder.decode(bytes, hint);
    if (!decoded) return current;
    if (decoded.error !== undefined) return { ...current, schema: decoded.schema, error: decoded.error };
    return { value: decoded.value, size: current.size, truncated: false, schema: decoded.schema };
  };
  const [key, value] = await Promise.all([field(message.key, record.key, `${topic}-key`), field(message.value, record.value, `${topic}-value`)]);
  return { ...message, key, value };
}

export interface BrowsedMessage {
  partition: number;
  offset: number;
  timestamp: string;
  timestampType: 'CreateTime' | 'LogAppendTime';
  key: DecodedField;
  value: DecodedField;
  headers: { key: string; value: string | null }[];
}

/** Keeps a page of 500 messages under a few tens of MB whatever the topic holds. */
export const MAX_FIELD_BYTES = 64 * 1024;

export function decodeMessage(partition: number, record: KafkaRecord, format: MessageFormat): BrowsedMessage {
  return {
    partition,
    offset: record.offset,
    timestamp: new Date(record.timestamp).toISOString(),
    timestampType: record.timestampType,
    key: decodeField(record.key, format),
    value: decodeField(record.value, format),
    headers: record.headers.map((header) => ({
      key: header.key,
      value: header.value === null ? null : format === 'hex' ? header.value.toString('hex') : header.value.toString('utf8'),
    })),
  };
}

export function decodeField(bytes: Buffer | null, format: MessageFormat): DecodedField {
  if (bytes === null) return { value: null, size: 0, truncated: false };
  const truncated = bytes.length > MAX_FIELD_BYTES;
  const kept = truncated ? bytes.subarray(0, MAX_FIELD_BYTES) : bytes;
  const base = { size: bytes.length, truncated };
  if (format === 'hex') return { value: kept.toString('hex'), ...base };
  const text = kept.toString('utf8');
  if (format === 'text') return { value: text, ...base };
  if (truncated) return { value: text, ...base, error: `larger than ${MAX_FIELD_BYTES} bytes: shown as truncated text` };
  try {
    return { value: JSON.parse(text) as unknown, ...base };
  } catch {
    return { value: text, ...base, error: 'not valid JSON: shown as text' };
  }
}
