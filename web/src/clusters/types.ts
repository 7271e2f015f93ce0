// Shapes of the cluster registry API (/api/v1/clusters, /api/v1/connect).
export type { ConnectAuth, ConnectCluster, ConnectClusterInput, KafkaCluster, KafkaClusterInput, SaslMechanism } from '../api/types';

/** What the server stores secrets as in answers; sent back, it means "keep the stored value". */
export const SECRET_MASK = '********';
