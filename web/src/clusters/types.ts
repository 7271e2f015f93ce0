// Shapes of the cluster registry API (/api/v1/clusters, /api/v1/connect).

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

export interface KafkaCluster {
  id: string;
  name: string;
  bootstrapServers: string[];
  tls: { enabled: boolean; rejectUnauthorized: boolean; caPem: string | null; certPem: string | null; key: string | null } | null;
  sasl: { mechanism: SaslMechanism; username: string; password: string } | null;
  createdAt: string;
  updatedAt: string;
}

export type ConnectAuth = { kind: 'basic'; username: string; password: string } | { kind: 'bearer'; token: string };

export interface ConnectCluster {
  id: string;
  name: string;
  kafkaClusterId: string | null;
  auth: ConnectAuth | null;
  tls: { caPem: string | null; rejectUnauthorized: boolean } | null;
  workers: { url: string; agentUrl: string | null; agentToken: string | null }[];
  createdAt: string;
  updatedAt: string;
}

export interface KafkaClusterInput {
  id?: string;
  name: string;
  bootstrapServers: string[];
  tls: { enabled: boolean; ca?: string; cert?: string; key?: string; rejectUnauthorized: boolean } | null;
  sasl: { mechanism: SaslMechanism; username: string; password: string } | null;
}

export interface ConnectClusterInput {
  id?: string;
  name: string;
  kafkaClusterId: string | null;
  workers: { url: string; agentUrl: string | null }[];
  auth: ConnectAuth | null;
  tls: { ca?: string; rejectUnauthorized: boolean } | null;
  agentToken: string | null;
}

/** What the server stores secrets as in answers; sent back, it means "keep the stored value". */
export const SECRET_MASK = '********';
