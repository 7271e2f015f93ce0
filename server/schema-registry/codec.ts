/**
 * The Confluent wire format: magic byte 0, a 4-byte big-endian schema id, then the payload (Avro binary; for
 * Protobuf, message indexes then the message; for JSON Schema, JSON text). Decoding and encoding use well-kept
 * libraries: avsc for Avro, protobufjs for Protobuf.
 */
import avro from 'avsc';
import protobuf from 'protobufjs';
import { ApiError } from '../http/errors';
import type { SchemaById, SchemaReference, SchemaType } from './client';

export const MAGIC_BYTE = 0;

export function readWireHeader(bytes: Buffer | null): { schemaId: number; payload: Buffer } | undefined {
  if (!bytes || bytes.length < 5 || bytes[0] !== MAGIC_BYTE) return undefined;
  return { schemaId: bytes.readUInt32BE(1), payload: bytes.subarray(5) };
}

export function wireHeader(schemaId: number): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt8(MAGIC_BYTE, 0);
  header.writeUInt32BE(schemaId, 1);
  return header;
}

export interface Codec {
  schemaType: SchemaType;
  decode(payload: Buffer): unknown;
  /** Payload bytes (without the wire header) for a JSON value; a 400 naming `field` when it does not fit. */
  encode(value: unknown, field: string): Buffer;
}

/** Schema text of a referenced subject version, for schemas that import others. */
export type ReferenceLoader = (ref: SchemaReference) => Promise<SchemaById>;

export async function buildCodec(schema: SchemaById, loadReference: ReferenceLoader): Promise<Codec> {
  const references = await loadReferences(schema.references, loadReference);
  if (schema.schemaType === 'PROTOBUF') return protobufCodec(schema.schema, references);
  if (schema.schemaType === 'JSON') return jsonCodec();
  return avroCodec(schema.schema, references);
}

/** Referenced schemas first, depth first, each once. */
async function loadReferences(refs: SchemaReference[], load: ReferenceLoader, seen = new Set<string>()): Promise<{ name: string; schema: SchemaById }[]> {
  const out: { name: string; schema: SchemaById }[] = [];
  for (const ref of refs) {
    const key = `${ref.subject}@${ref.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const schema = await load(ref);
    out.push(...(await loadReferences(schema.references, load, seen)), { name: ref.name, schema });
  }
  return out;
}

function avroCodec(text: string, references: { schema: SchemaById }[]): Codec {
  const registry: Record<string, avro.Type> = {};
  const parse = (t: string) => avro.Type.forSchema(JSON.parse(t) as avro.Schema, { registry });
  for (const ref of references) parse(ref.schema.schema);
  const type = parse(text);
  return {
    schemaType: 'AVRO',
    decode: (payload) => plain(type.fromBuffer(payload)),
    encode: (value, field) => {
      const problems: string[] = [];
      type.isValid(value, { errorHook: (path, val) => problems.push(`${path.join('.') || '(root)'}: ${JSON.stringify(val) ?? 'undefined'} does not fit the schema`) });
      if (problems.length) throw ApiError.badRequest(`The value does not match the Avro schema: ${problems.slice(0, 5).join('; ')}`, field);
      return type.toBuffer(value);
    },
  };
}

function protobufCodec(text: string, references: { name: string; schema: SchemaById }[]): Codec {
  const options = { keepCase: true };
  const root = new protobuf.Root();
  for (const ref of references) protobuf.parse(ref.schema.schema, root, options);
  const main = protobuf.parse(text, root, options);
  // Message indexes count the file's own messages in declaration order; the file alone tells which they are.
  const own = protobuf.parse(text, new protobuf.Root(), options);
  const namespace = own.package ? own.root.lookup(own.package) : own.root;
  const topLevel = ((namespace as protobuf.Namespace | null)?.nestedArray ?? []).filter((n): n is protobuf.Type => n instanceof protobuf.Type);
  main.root.resolveAll();
  const lookup = (path: number[]): protobuf.Type => {
    let types = topLevel.map((t) => root.lookupType(t.fullName));
    let found: protobuf.Type | undefined;
    for (const index of path) {
      found = types[index];
      if (!found) throw new Error(`message index ${path.join('.')} is not in the schema`);
      types = found.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type);
    }
    if (!found) throw new Error('the schema has no message');
    return found;
  };
  return {
    schemaType: 'PROTOBUF',
    decode: (payload) => {
      const reader = protobuf.Reader.create(payload);
      const count = reader.sint32();
      const path = count === 0 ? [0] : Array.from({ length: count }, () => reader.sint32());
      const type = lookup(path);
      const message = type.decode(payload.subarray(reader.pos));
      return type.toObject(message, { longs: String, enums: String, bytes: String, defaults: true, arrays: true, objects: true });
    },
    encode: (value, field) => {
      const type = lookup([0]);
      if (typeof value !== 'object' || value === null) throw ApiError.badRequest(`A Protobuf value must be a JSON object (message ${type.name})`, field);
      const problem = type.verify(value as Record<string, unknown>);
      if (problem) throw ApiError.badRequest(`The value does not match message ${type.name}: ${problem}`, field);
      const bytes = type.encode(type.fromObject(value as Record<string, unknown>)).finish();
      // a single 0 is Confluent's short form of the message index path [0]
      return Buffer.concat([Buffer.from([0]), Buffer.from(bytes)]);
    },
  };
}

function jsonCodec(): Codec {
  return {
    schemaType: 'JSON',
    decode: (payload) => JSON.parse(payload.toString('utf8')) as unknown,
    encode: (value) => Buffer.from(JSON.stringify(value)),
  };
}

/** avsc gives Buffers for bytes/fixed and class instances for records: plain JSON for the API. */
function plain(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, plain(v)]));
  if (typeof value === 'bigint') return value.toString();
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}
