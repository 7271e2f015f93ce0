import { isFlexible, type KafkaApi } from './api';
import { Reader } from './codec/reader';
import { Writer } from './codec/writer';
import { API_VERSIONS_KEY } from './apis/api-versions';

/**
 * A framed request: size, then header (v1, or v2 with tagged fields for flexible versions; the client id stays a
 * classic nullable string in both), then the API's body.
 */
export function encodeRequest<Req>(
  api: KafkaApi<Req, unknown>,
  version: number,
  correlationId: number,
  clientId: string,
  request: Req,
): Buffer {
  const flexible = isFlexible(api, version);
  const writer = new Writer(flexible);
  writer.int32(0); // size, patched below
  writer.int16(api.key).int16(version).int32(correlationId);
  writeClassicString(writer, clientId);
  writer.tags();
  api.encode(writer, request, version);
  const frame = writer.toBuffer();
  frame.writeInt32BE(frame.length - 4, 0);
  return frame;
}

function writeClassicString(writer: Writer, value: string): void {
  const bytes = Buffer.from(value, 'utf8');
  writer.int16(bytes.length).raw(bytes);
}

/** The correlation id that starts every response, read before we know which request it answers. */
export function responseCorrelationId(payload: Buffer): number {
  return payload.readInt32BE(0);
}

/**
 * Decodes a response payload (without its size prefix). ApiVersions always answers with header v0 so that a
 * client can read it whatever version it asked for; every other flexible response has header v1.
 */
export function decodeResponse<Res>(api: KafkaApi<unknown, Res>, version: number, payload: Buffer): Res {
  const flexible = isFlexible(api, version);
  const header = new Reader(payload, flexible && api.key !== API_VERSIONS_KEY);
  header.int32();
  header.tags();
  return api.decode(header.withFlexible(flexible), version);
}
