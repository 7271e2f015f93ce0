import avro from 'avsc';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { buildCodec, readWireHeader, wireHeader } from '../../../../server/schema-registry/codec';
import { ApiError } from '../../../../server/http/errors';

const noRefs = async () => {
  throw new Error('no references expected');
};

describe('Confluent wire format', () => {
  it('reads magic byte and schema id, and refuses anything else', () => {
    const bytes = Buffer.concat([wireHeader(70000), Buffer.from('x')]);
    expect(readWireHeader(bytes)).toEqual({ schemaId: 70000, payload: Buffer.from('x') });
    expect(readWireHeader(Buffer.from('{"a":1}'))).toBeUndefined();
    expect(readWireHeader(Buffer.from([0, 0, 0]))).toBeUndefined();
    expect(readWireHeader(null)).toBeUndefined();
  });
});

describe('codecs', () => {
  it('round-trips Avro, with bytes as base64 and a clear 400 for a value that does not fit', async () => {
    const schema = { type: 'record', name: 'R', fields: [{ name: 'id', type: 'string' }, { name: 'blob', type: 'bytes' }, { name: 'note', type: ['null', 'string'], default: null }] };
    const codec = await buildCodec({ schemaType: 'AVRO', schema: JSON.stringify(schema), references: [] }, noRefs);
    const payload = avro.Type.forSchema(schema as avro.Schema).toBuffer({ id: 'a', blob: Buffer.from([1, 2]), note: 'n' });
    expect(codec.decode(payload)).toEqual({ id: 'a', blob: 'AQI=', note: 'n' });
    expect(codec.decode(codec.encode({ id: 'b', blob: Buffer.from([]), note: null }, 'value.data'))).toEqual({ id: 'b', blob: '', note: null });
    try {
      codec.encode({ id: 5 }, 'value.data');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).field).toBe('value.data');
      expect((err as ApiError).message).toContain('id: 5');
    }
  });

  it('resolves Avro references before the schema that names them', async () => {
    const address = { type: 'record', name: 'Address', namespace: 'x', fields: [{ name: 'city', type: 'string' }] };
    const person = { type: 'record', name: 'Person', namespace: 'x', fields: [{ name: 'home', type: 'x.Address' }] };
    const loaded: string[] = [];
    const codec = await buildCodec({ schemaType: 'AVRO', schema: JSON.stringify(person), references: [{ name: 'x.Address', subject: 'address', version: 1 }] }, async (ref) => {
      loaded.push(`${ref.subject}@${ref.version}`);
      return { schemaType: 'AVRO', schema: JSON.stringify(address), references: [] };
    });
    expect(loaded).toEqual(['address@1']);
    expect(codec.decode(codec.encode({ home: { city: 'Oslo' } }, 'value.data'))).toEqual({ home: { city: 'Oslo' } });
  });

  it('decodes Protobuf by message index path, short form [0] and a nested message', async () => {
    const proto = 'syntax = "proto3";\npackage t;\nmessage First { string a = 1; }\nmessage Second { message Inner { int64 n = 1; } Inner inner = 1; }\n';
    const codec = await buildCodec({ schemaType: 'PROTOBUF', schema: proto, references: [] }, noRefs);
    const root = protobuf.parse(proto).root;
    const first = root.lookupType('t.First');
    const inner = root.lookupType('t.Second.Inner');
    expect(codec.decode(Buffer.concat([Buffer.from([0]), Buffer.from(first.encode({ a: 'x' }).finish())]))).toEqual({ a: 'x' });
    // indexes [1, 0] zigzag-encoded: count 2 → 4, 1 → 2, 0 → 0
    expect(codec.decode(Buffer.concat([Buffer.from([4, 2, 0]), Buffer.from(inner.encode({ n: 7 }).finish())]))).toEqual({ n: '7' });
    expect(codec.decode(codec.encode({ a: 'y' }, 'value.data'))).toEqual({ a: 'y' });
    expect(() => codec.encode('text', 'value.data')).toThrow(/JSON object/);
  });

  it('reads JSON Schema payloads as JSON', async () => {
    const codec = await buildCodec({ schemaType: 'JSON', schema: '{"type":"object"}', references: [] }, noRefs);
    expect(codec.decode(codec.encode({ a: [1] }, 'value.data'))).toEqual({ a: [1] });
  });
});
