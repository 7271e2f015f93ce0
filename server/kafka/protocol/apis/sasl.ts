import type { KafkaApi } from '../api';

/** SaslHandshake (key 17) v1: pick the mechanism; the exchange itself then goes in SaslAuthenticate requests. */
export const SaslHandshake: KafkaApi<{ mechanism: string }, { errorCode: number; mechanisms: string[] }> = {
  key: 17,
  name: 'SaslHandshake',
  minVersion: 1,
  maxVersion: 1,
  flexibleFrom: Infinity,
  encode(writer, request) {
    writer.string(request.mechanism);
  },
  decode(reader) {
    return { errorCode: reader.int16(), mechanisms: reader.array((r) => r.string()) };
  },
};

export interface SaslAuthenticateResponse {
  errorCode: number;
  errorMessage: string | null;
  authBytes: Buffer;
}

/** SaslAuthenticate (key 36) v0–v2: one round of the mechanism's exchange. */
export const SaslAuthenticate: KafkaApi<{ authBytes: Buffer }, SaslAuthenticateResponse> = {
  key: 36,
  name: 'SaslAuthenticate',
  minVersion: 0,
  maxVersion: 2,
  flexibleFrom: 2,
  encode(writer, request) {
    writer.bytes(request.authBytes).tags();
  },
  decode(reader) {
    return { errorCode: reader.int16(), errorMessage: reader.nullableString(), authBytes: reader.bytes() };
  },
};
