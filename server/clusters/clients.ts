import { ConnectClient } from '../connect/client';
import type { ConnectAuthSettings } from '../db/schema';
import { toKafkaConnection, type KafkaConnection } from '../kafka/connection';
import type { SecretBox } from '../secrets/secret-box';
import type { ConnectCluster, KafkaCluster } from './registry';

/** The kafkajs connection for a registered Kafka cluster. */
export function kafkaConnectionFor(cluster: KafkaCluster, secrets: SecretBox): KafkaConnection {
  return toKafkaConnection(cluster, secrets);
}

/** A Connect REST client that knows every worker of the cluster and carries its credentials. */
export function connectClientFor(cluster: ConnectCluster, secrets: SecretBox, timeoutMs?: number): ConnectClient {
  return new ConnectClient(
    cluster.workers.map((worker) => worker.url),
    { headers: authHeaders(cluster.auth, secrets), timeoutMs },
  );
}

function authHeaders(auth: ConnectAuthSettings | null, secrets: SecretBox): Record<string, string> {
  if (!auth) return {};
  if (auth.kind === 'basic') {
    const credentials = Buffer.from(`${auth.username}:${secrets.decrypt(auth.passwordEnc)}`).toString('base64');
    return { Authorization: `Basic ${credentials}` };
  }
  return { Authorization: `Bearer ${secrets.decrypt(auth.tokenEnc)}` };
}
