import { ConnectClient } from '../connect/client';
import type { ConnectAuthSettings } from '../db/tables';
import { AgentClient } from '../delivery/agent-client';
import { toKafkaConnection, type KafkaConnection } from '../kafka/connection';
import type { SecretBox } from '../secrets/secret-box';
import type { ConnectCluster, ConnectWorker, KafkaCluster } from './registry';

/** How to reach a registered Kafka cluster (for the app's Kafka clients). */
export function kafkaConnectionFor(cluster: KafkaCluster, secrets: SecretBox): KafkaConnection {
  return toKafkaConnection(cluster, secrets);
}

/** What a Connect client needs of a registration (stored form: secrets encrypted). */
export type ConnectClientSettings = Pick<ConnectCluster, 'auth' | 'tls'> & { workers: { url: string }[] };

/** A Connect REST client that knows every worker of the cluster and carries its credentials. */
export function connectClientFor(cluster: ConnectClientSettings, secrets: SecretBox, timeoutMs?: number): ConnectClient {
  return new ConnectClient(
    cluster.workers.map((worker) => worker.url),
    {
      headers: authHeaders(cluster.auth, secrets),
      tls: cluster.tls ? { ca: cluster.tls.caPem, rejectUnauthorized: cluster.tls.rejectUnauthorized } : undefined,
      timeoutMs,
    },
  );
}

/**
 * One long-lived client per registered Connect cluster, so the worker that answered last is asked first by the
 * next request too: a dead worker then costs one failover, not one per request. A cluster whose settings
 * changed gets a fresh client.
 */
export class ConnectClients {
  readonly #secrets: SecretBox;
  readonly #clients = new Map<string, { signature: string; client: ConnectClient }>();

  constructor(secrets: SecretBox) {
    this.#secrets = secrets;
  }

  get(cluster: ConnectCluster): ConnectClient {
    const signature = JSON.stringify([cluster.workers.map((worker) => worker.url), cluster.auth, cluster.tls]);
    const existing = this.#clients.get(cluster.id);
    if (existing?.signature === signature) return existing.client;
    const client = connectClientFor(cluster, this.#secrets);
    this.#clients.set(cluster.id, { signature, client });
    return client;
  }

  forget(clusterId: string): void {
    this.#clients.delete(clusterId);
  }
}

/**
 * The plugin agent client beside each registered worker, kept per Connect cluster so removing the cluster drops
 * them. A worker whose agent URL or token changed gets a fresh client.
 */
export class AgentClients {
  readonly #secrets: SecretBox;
  /** Connect cluster id → worker URL → client. */
  readonly #clients = new Map<string, Map<string, { signature: string; client: AgentClient }>>();

  constructor(secrets: SecretBox) {
    this.#secrets = secrets;
  }

  /** Undefined when the worker has no agent registered. The cluster's TLS settings reach agents serving https. */
  get(worker: ConnectWorker, cluster: Pick<ConnectCluster, 'tls'>): AgentClient | undefined {
    if (!worker.agentUrl) return undefined;
    const signature = JSON.stringify([worker.agentUrl, worker.agentTokenEnc, cluster.tls]);
    let byWorker = this.#clients.get(worker.connectClusterId);
    if (!byWorker) this.#clients.set(worker.connectClusterId, (byWorker = new Map()));
    const existing = byWorker.get(worker.url);
    if (existing?.signature === signature) return existing.client;
    const tls = cluster.tls
      ? {
          ca: cluster.tls.caPem,
          rejectUnauthorized: cluster.tls.rejectUnauthorized,
          cert: cluster.tls.agentCertPem,
          key: cluster.tls.agentKeyPemEnc ? this.#secrets.decrypt(cluster.tls.agentKeyPemEnc) : undefined,
        }
      : undefined;
    const client = new AgentClient({ url: worker.agentUrl, token: worker.agentTokenEnc ? this.#secrets.decrypt(worker.agentTokenEnc) : '', ...(tls ? { tls } : {}) });
    byWorker.set(worker.url, { signature, client });
    return client;
  }

  forget(connectClusterId: string): void {
    this.#clients.delete(connectClusterId);
  }
}

function authHeaders(auth: ConnectAuthSettings | null, secrets: SecretBox): Record<string, string> {
  if (!auth) return {};
  if (auth.kind === 'basic') {
    const credentials = Buffer.from(`${auth.username}:${secrets.decrypt(auth.passwordEnc)}`).toString('base64');
    return { Authorization: `Basic ${credentials}` };
  }
  return { Authorization: `Bearer ${secrets.decrypt(auth.tokenEnc)}` };
}
