/**
 * Every long-lived client the server holds to the systems it manages, built once per process by main.ts and
 * passed to createApp, the offset sampler, plugin delivery and the config sync. The Connect client's "worker that
 * answered last is asked first" only pays off when the connector pages, installs, the catalog, the config sync and
 * the dashboard all ask through the same client. Removing a cluster releases its clients here, in one place.
 */
import { KafkaClients } from '../kafka/pool';
import type { SecretBox } from '../secrets/secret-box';
import { AgentClients, ConnectClients } from './clients';

export interface ClientRegistryDeps {
  secrets: SecretBox;
}

export class ClientRegistry {
  /** One Connect REST client per registered Connect cluster. */
  readonly connect: ConnectClients;
  /** One plugin agent client per registered worker that has an agent. */
  readonly agents: AgentClients;
  /** One Kafka client (a connection per broker) per registered Kafka cluster. */
  readonly kafka: KafkaClients;

  constructor(deps: ClientRegistryDeps) {
    this.connect = new ConnectClients(deps.secrets);
    this.agents = new AgentClients(deps.secrets);
    this.kafka = new KafkaClients();
  }

  /** After a Connect cluster was removed or its settings changed: the next use builds fresh clients. */
  releaseConnectCluster(clusterId: string): void {
    this.connect.forget(clusterId);
    this.agents.forget(clusterId);
  }

  /** After a Kafka cluster was removed or its settings changed: its connections are closed now. */
  async releaseKafkaCluster(clusterId: string): Promise<void> {
    await this.kafka.forget(clusterId);
  }

  /** At shutdown. Connect and agent clients hold no connections between requests. */
  async closeAll(): Promise<void> {
    await this.kafka.closeAll();
  }
}
