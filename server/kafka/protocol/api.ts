import type { Reader } from './codec/reader';
import type { Writer } from './codec/writer';

/**
 * One Kafka API as this codec speaks it: the version range it can encode and decode, and the first flexible
 * version (KIP-482). The connection picks the highest version both sides speak and frames the headers.
 */
export interface KafkaApi<Request, Response> {
  key: number;
  name: string;
  minVersion: number;
  maxVersion: number;
  /** First version that uses compact encodings and tagged fields; Infinity when none does. */
  flexibleFrom: number;
  encode(writer: Writer, request: Request, version: number): void;
  decode(reader: Reader, version: number): Response;
}

export interface VersionRange {
  min: number;
  max: number;
}

/** What a broker said it speaks (ApiVersions): API key → supported versions. */
export type BrokerApiVersions = ReadonlyMap<number, VersionRange>;

export class KafkaUnsupportedVersionError extends Error {
  constructor(api: KafkaApi<unknown, unknown>, broker: VersionRange | undefined) {
    const ours = `v${api.minVersion}–v${api.maxVersion}`;
    super(
      broker
        ? `Kafka protocol: the broker speaks ${api.name} v${broker.min}–v${broker.max}, Connectory speaks ${ours}`
        : `Kafka protocol: the broker does not support ${api.name} (Connectory needs ${ours})`,
    );
    this.name = 'KafkaUnsupportedVersionError';
  }
}

/** The highest version both sides speak. */
export function pickVersion(api: KafkaApi<unknown, unknown>, versions: BrokerApiVersions): number {
  const broker = versions.get(api.key);
  if (!broker) throw new KafkaUnsupportedVersionError(api, undefined);
  const version = Math.min(api.maxVersion, broker.max);
  if (version < Math.max(api.minVersion, broker.min)) throw new KafkaUnsupportedVersionError(api, broker);
  return version;
}

export function isFlexible(api: Pick<KafkaApi<unknown, unknown>, 'flexibleFrom'>, version: number): boolean {
  return version >= api.flexibleFrom;
}
