// The rebalancing part of the server's API (/api/v1/clusters/{kafkaId}/rebalance/proposals...).
import { get, post, put } from '../lib/api';
import type { components } from '../api/openapi';

export type Proposal = components['schemas']['RebalanceProposal'];
export type ElectionReport = components['schemas']['LeaderElectionReport'];

const proposals = (kafkaId: string) => `/api/v1/clusters/${encodeURIComponent(kafkaId)}/rebalance/proposals`;

export const proposeRebalance = (kafkaId: string) => post<Proposal>(proposals(kafkaId), { mode: 'full' });
export const getProposal = (kafkaId: string, id: string, signal?: AbortSignal) => get<Proposal>(`${proposals(kafkaId)}/${id}`, { signal });
export const approveProposal = (kafkaId: string, id: string, throttleBytesPerSecond: number) => post<Proposal>(`${proposals(kafkaId)}/${id}/approve`, { throttleBytesPerSecond });
export const cancelProposal = (kafkaId: string, id: string) => post<Proposal>(`${proposals(kafkaId)}/${id}/cancel`);
export const proposeReplicationFactor = (kafkaId: string, topic: string, replicationFactor: number, confirm: boolean) =>
  post<Proposal>(`/api/v1/clusters/${encodeURIComponent(kafkaId)}/topics/${encodeURIComponent(topic)}/replication-factor`, { replicationFactor, ...(confirm ? { confirm } : {}) });
export const changeThrottle = (kafkaId: string, id: string, throttleBytesPerSecond: number) => put<Proposal>(`${proposals(kafkaId)}/${id}/throttle`, { throttleBytesPerSecond });
/** Without a topic: every partition of the cluster. */
export const electPreferredLeaders = (kafkaId: string, topic?: string) =>
  post<ElectionReport>(`/api/v1/clusters/${encodeURIComponent(kafkaId)}/rebalance/preferred-leader-election`, topic === undefined ? {} : { topic });
export type BrokerHost = components['schemas']['BrokerHost'];
const hosts = (kafkaId: string) => `/api/v1/clusters/${encodeURIComponent(kafkaId)}/rebalance/brokers`;
export const listBrokerHosts = (kafkaId: string, signal?: AbortSignal) => get<{ items: BrokerHost[] }>(hosts(kafkaId), { signal });
export const saveBrokerHost = (kafkaId: string, brokerId: number, body: { capacityBytes: number | null; agentUrl: string | null; agentToken?: string }) =>
  put<BrokerHost>(`${hosts(kafkaId)}/${brokerId}`, body);
