/**
 * What the API shows of a registered cluster. Stored credentials are never decrypted for a response: their
 * presence is shown as the mask, which a later edit may send back to mean "keep it" (see secrets/masking.ts).
 */
import { SECRET_MASK } from '../secrets/masking';
import type { ConnectCluster, KafkaCluster } from './registry';

export function kafkaClusterView(cluster: KafkaCluster) {
  const { tls, sasl } = cluster;
  return {
    id: cluster.id,
    name: cluster.name,
    bootstrapServers: cluster.bootstrapServers,
    tls: tls
      ? {
          enabled: tls.enabled,
          rejectUnauthorized: tls.rejectUnauthorized ?? true,
          caPem: tls.caPem ?? null,
          certPem: tls.certPem ?? null,
          key: tls.keyPemEnc ? SECRET_MASK : null,
        }
      : null,
    sasl: sasl ? { mechanism: sasl.mechanism, username: sasl.username, password: SECRET_MASK } : null,
    createdAt: cluster.createdAt.toISOString(),
    updatedAt: cluster.updatedAt.toISOString(),
  };
}

export function connectClusterView(cluster: ConnectCluster) {
  const { auth } = cluster;
  return {
    id: cluster.id,
    name: cluster.name,
    kafkaClusterId: cluster.kafkaClusterId,
    auth: !auth
      ? null
      : auth.kind === 'basic'
        ? { kind: auth.kind, username: auth.username, password: SECRET_MASK }
        : { kind: auth.kind, token: SECRET_MASK },
    tls: cluster.tls
      ? {
          caPem: cluster.tls.caPem ?? null,
          rejectUnauthorized: cluster.tls.rejectUnauthorized ?? true,
          agentCertPem: cluster.tls.agentCertPem ?? null,
          agentKey: cluster.tls.agentKeyPemEnc ? SECRET_MASK : null,
        }
      : null,
    workers: cluster.workers.map((worker) => ({
      url: worker.url,
      agentUrl: worker.agentUrl,
      agentToken: worker.agentTokenEnc ? SECRET_MASK : null,
    })),
    createdAt: cluster.createdAt.toISOString(),
    updatedAt: cluster.updatedAt.toISOString(),
  };
}
