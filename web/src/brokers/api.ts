// The brokers part of the server's public API (/api/v1/clusters/{kafkaId}/brokers...).
import { get } from '../lib/api';
import type { BrokerDetail, BrokerList, HistoryRange, KafkaClusterHistory } from '../api/types';
export type { BrokerDetail, BrokerList, BrokerSummary, ConfigEntry, ConfigSynonym, LogDir, LogDirTopic } from '../api/types';

const brokersPath = (kafkaId: string) => `/api/v1/clusters/${encodeURIComponent(kafkaId)}/brokers`;

export const listBrokers = (kafkaId: string, signal?: AbortSignal) => get<BrokerList>(brokersPath(kafkaId), { signal });

export const getBroker = (kafkaId: string, id: number | string, signal?: AbortSignal) =>
  get<BrokerDetail>(`${brokersPath(kafkaId)}/${encodeURIComponent(String(id))}`, { signal });

export type ClusterHistoryRange = HistoryRange;

/** The cluster's stored totals and each broker's disk use (PostgreSQL: survives restarts). */
export const getClusterHistory = (kafkaId: string, range: HistoryRange, signal?: AbortSignal) =>
  get<KafkaClusterHistory>(`/api/v1/clusters/${encodeURIComponent(kafkaId)}/history`, { signal, query: { range } });

export const brokerHref = (kafkaId: string, id: number | string) =>
  `/brokers/${encodeURIComponent(kafkaId)}/${encodeURIComponent(String(id))}`;
