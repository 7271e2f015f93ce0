import type { KafkaApi, VersionRange } from '../api';
import type { Reader } from '../codec/reader';

export const API_VERSIONS_KEY = 18;

export interface ApiVersionsResponse {
  errorCode: number;
  apiKeys: Map<number, VersionRange>;
}

/**
 * ApiVersions (key 18): which versions of every API the broker speaks. Sent first on every connection. A broker
 * older than the version we ask for answers UNSUPPORTED_VERSION in the v0 layout, listing its own range.
 */
export const ApiVersions: KafkaApi<{ clientSoftwareName: string; clientSoftwareVersion: string }, ApiVersionsResponse> = {
  key: API_VERSIONS_KEY,
  name: 'ApiVersions',
  minVersion: 0,
  maxVersion: 3,
  flexibleFrom: 3,
  encode(writer, request, version) {
    if (version < 3) return;
    writer.string(request.clientSoftwareName).string(request.clientSoftwareVersion).tags();
  },
  decode(reader, version) {
    const errorCode = reader.int16();
    // UNSUPPORTED_VERSION comes in the v0 layout whatever we asked for.
    const layout = errorCode === 35 ? 0 : version;
    const body = layout >= 3 ? reader : reader.withFlexible(false);
    const apiKeys = new Map<number, VersionRange>();
    for (const entry of body.array((r) => readApiKey(r, layout))) apiKeys.set(entry.key, entry.range);
    return { errorCode, apiKeys };
  },
};

function readApiKey(reader: Reader, version: number) {
  const key = reader.int16();
  const range = { min: reader.int16(), max: reader.int16() };
  if (version >= 3) reader.tags();
  return { key, range };
}
