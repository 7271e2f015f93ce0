import { kafkaConnectionFor } from '../clusters/clients';
import { getKafkaCluster, type KafkaCluster } from '../clusters/registry';
import type { Db } from '../db';
import { ApiError } from '../http/errors';
import type { KafkaAdmin } from '../kafka/admin';
import type { KafkaConnection } from '../kafka/connection';
import type { KafkaAdmins } from '../kafka/pool';
import type { KafkaProtocolClient, KafkaProtocolClients } from '../kafka/protocol';
import type { SecretBox } from '../secrets/secret-box';

/** What the cluster console (brokers, topics) needs from the server: the registry and the Kafka client pools. */
export interface KafkaConsoleDeps {
  db: Db;
  secrets: SecretBox;
  kafkaAdmins: KafkaAdmins;
  protocolClients: KafkaProtocolClients;
}

/** Both clients for one registered Kafka cluster: kafkajs for what it does well, the protocol client for the rest. */
export interface ClusterClients {
  clusterId: string;
  cluster: KafkaCluster;
  connection: KafkaConnection;
  admin: KafkaAdmin;
  protocol: KafkaProtocolClient;
}

/** 404 unless the cluster is registered. */
export async function clusterClients(deps: KafkaConsoleDeps, kafkaId: string): Promise<ClusterClients> {
  const cluster = await getKafkaCluster(deps.db, kafkaId);
  if (!cluster) throw ApiError.notFound(`Kafka cluster "${kafkaId}" is not registered`);
  const connection = kafkaConnectionFor(cluster, deps.secrets);
  return {
    clusterId: kafkaId,
    cluster,
    connection,
    admin: deps.kafkaAdmins.get(connection),
    protocol: deps.protocolClients.get(connection),
  };
}

/**
 * The same clients for a cluster reached by its connection alone, without the registry: for benchmarks and scripts
 * (`clusterClientsFor({ clusterId: 'bench', brokers: ['127.0.0.1:9092'] }, pools)`).
 */
export function clusterClientsFor(connection: KafkaConnection, pools: Pick<KafkaConsoleDeps, 'kafkaAdmins' | 'protocolClients'>): ClusterClients {
  const now = new Date();
  const cluster: KafkaCluster = { id: connection.clusterId, name: connection.clusterId, bootstrapServers: connection.brokers, tls: null, sasl: null, createdAt: now, updatedAt: now };
  return { clusterId: connection.clusterId, cluster, connection, admin: pools.kafkaAdmins.get(connection), protocol: pools.protocolClients.get(connection) };
}
