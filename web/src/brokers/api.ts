// The brokers part of the server's public API (/api/v1/clusters/{kafkaId}/brokers...).
import { get } from '../lib/api';

export interface BrokerSummary {
  id: number;
  host: string;
  port: number;
  rack: string | null;
  isController: boolean;
  leaderCount: number;
  replicaCount: number;
  /** null when the broker did not answer DescribeLogDirs (see logDirError). */
  logDirBytes: number | null;
  logDirError?: string;
}

export interface BrokerList {
  items: BrokerSummary[];
  /** In KRaft the active controller may be a controller-only node that is not in `items`. */
  controllerId: number | null;
  clusterId: string | null;
}

export interface ConfigSynonym {
  name: string;
  value: string | null;
  source: string;
}

/** One config entry, as DescribeConfigs with documentation (KIP-569) reports it; shared by brokers and topics. */
export interface ConfigEntry {
  name: string;
  /** Sensitive values come masked (`********`) or null. */
  value: string | null;
  source: string;
  /** Set at runtime (a DYNAMIC_* source): changeable without restarting a broker. */
  dynamic: boolean;
  /** Topic: inherited, not set on the topic. Broker: Kafka's built-in default. */
  isDefault: boolean;
  readOnly: boolean;
  sensitive: boolean;
  type: string;
  documentation: string | null;
  defaultValue: string | null;
  synonyms: ConfigSynonym[];
}

export interface LogDirTopic {
  name: string;
  partitions: number;
  sizeBytes: number;
  maxOffsetLag: number;
  futurePartitions: number;
}

export interface LogDir {
  path: string;
  error: string | null;
  totalBytes: number | null;
  usableBytes: number | null;
  sizeBytes: number;
  partitionCount: number;
  /** Largest first. */
  topics: LogDirTopic[];
}

export interface BrokerDetail extends BrokerSummary {
  configs: ConfigEntry[];
  logDirs: LogDir[];
}

const brokersPath = (kafkaId: string) => `/api/v1/clusters/${encodeURIComponent(kafkaId)}/brokers`;

export const listBrokers = (kafkaId: string, signal?: AbortSignal) => get<BrokerList>(brokersPath(kafkaId), { signal });

export const getBroker = (kafkaId: string, id: number | string, signal?: AbortSignal) =>
  get<BrokerDetail>(`${brokersPath(kafkaId)}/${encodeURIComponent(String(id))}`, { signal });

export const brokerHref = (kafkaId: string, id: number | string) =>
  `/brokers/${encodeURIComponent(kafkaId)}/${encodeURIComponent(String(id))}`;
