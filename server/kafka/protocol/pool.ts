import type { KafkaConnection } from '../connection';
import { KafkaProtocolClient, type ProtocolClientOptions } from './client';

/** One protocol client per registered Kafka cluster, replaced when the cluster's connection settings change. */
export class KafkaProtocolClients {
  readonly #clients = new Map<string, { signature: string; client: KafkaProtocolClient }>();

  constructor(readonly options: ProtocolClientOptions = {}) {}

  get(connection: KafkaConnection): KafkaProtocolClient {
    const signature = JSON.stringify(connection);
    const existing = this.#clients.get(connection.clusterId);
    if (existing?.signature === signature) return existing.client;
    existing?.client.close();
    const client = new KafkaProtocolClient(connection, this.options);
    this.#clients.set(connection.clusterId, { signature, client });
    return client;
  }

  /** For a cluster that was deleted: its connections are closed now, not at shutdown. */
  forget(clusterId: string): void {
    this.#clients.get(clusterId)?.client.close();
    this.#clients.delete(clusterId);
  }

  closeAll(): void {
    for (const { client } of this.#clients.values()) client.close();
    this.#clients.clear();
  }
}
