import type { Logger } from '../logger';
import { KafkaAdmin } from './admin';
import type { KafkaConnection } from './connection';

/**
 * One long-lived admin client per registered Kafka cluster, shared by every request. A cluster whose connection
 * settings changed gets a fresh client; `closeAll()` runs at shutdown.
 */
export class KafkaAdmins {
  readonly #logger: Logger;
  readonly #clients = new Map<string, { signature: string; admin: KafkaAdmin }>();

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  get(connection: KafkaConnection): KafkaAdmin {
    const signature = JSON.stringify(connection);
    const existing = this.#clients.get(connection.clusterId);
    if (existing?.signature === signature) return existing.admin;
    if (existing) void existing.admin.disconnect();
    const admin = new KafkaAdmin(connection, this.#logger);
    this.#clients.set(connection.clusterId, { signature, admin });
    return admin;
  }

  /** For a cluster that was deleted. */
  async forget(clusterId: string): Promise<void> {
    const existing = this.#clients.get(clusterId);
    this.#clients.delete(clusterId);
    await existing?.admin.disconnect();
  }

  async closeAll(): Promise<void> {
    const admins = [...this.#clients.values()].map(({ admin }) => admin);
    this.#clients.clear();
    await Promise.all(admins.map((admin) => admin.disconnect()));
  }
}
