import type { KafkaConnection } from './connection';
import { KafkaClient } from './client';
import { KafkaProtocolClient, type ProtocolClientOptions } from './protocol/client';

/**
 * The app's Kafka connections: one client (with its connection per broker) per registered Kafka cluster, shared
 * by every feature and the sampler. Created once by the app; a cluster whose connection settings changed gets a
 * fresh client, `forget` closes everything of a cluster that was deleted, `closeAll()` runs at shutdown.
 */
export class KafkaClients {
  readonly #options: ProtocolClientOptions;
  readonly #clients = new Map<string, { signature: string; protocol: KafkaProtocolClient; client: KafkaClient }>();

  constructor(options: ProtocolClientOptions = {}) {
    this.#options = options;
  }

  get(connection: KafkaConnection): KafkaClient {
    const signature = JSON.stringify(connection);
    const existing = this.#clients.get(connection.clusterId);
    if (existing?.signature === signature) return existing.client;
    existing?.protocol.close();
    const protocol = new KafkaProtocolClient(connection, this.#options);
    const client = new KafkaClient(protocol);
    this.#clients.set(connection.clusterId, { signature, protocol, client });
    return client;
  }

  /** Closes every connection of a cluster that was deleted or whose settings changed. */
  async forget(clusterId: string): Promise<void> {
    this.#clients.get(clusterId)?.protocol.close();
    this.#clients.delete(clusterId);
  }

  async closeAll(): Promise<void> {
    for (const { protocol } of this.#clients.values()) protocol.close();
    this.#clients.clear();
  }

  /** Clusters with a client: for tests that check a deleted cluster's connections are gone. */
  clusterIds(): string[] {
    return [...this.#clients.keys()];
  }
}

/** A client of its own for one call, closed after: for clusters not (yet) registered, kept out of the app's pool. */
export async function withKafkaClient<T>(connection: KafkaConnection, use: (client: KafkaClient) => Promise<T>, options: ProtocolClientOptions = {}): Promise<T> {
  const protocol = new KafkaProtocolClient(connection, options);
  try {
    return await use(new KafkaClient(protocol));
  } finally {
    protocol.close();
  }
}
