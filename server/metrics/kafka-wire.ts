/**
 * The sampler's and the consumer-group domain's way to Kafka: requests go through the shared protocol client
 * (server/kafka/protocol), and every one is counted per API, so a benchmark can check what a sample costs.
 */
import type { KafkaConnection } from '../kafka/connection';
import type { KafkaApi } from '../kafka/protocol/api';
import { KafkaProtocolClients, type BrokerTarget, type KafkaProtocolClient, type MetadataBroker } from '../kafka/protocol';

export class KafkaWire {
  readonly clusterId: string;
  readonly #client: () => KafkaProtocolClient;
  readonly #parent: KafkaWire | undefined;
  #requests = 0;
  readonly #byApi = new Map<string, number>();

  constructor(clusterId: string, client: () => KafkaProtocolClient, parent?: KafkaWire) {
    this.clusterId = clusterId;
    this.#client = client;
    this.#parent = parent;
  }

  /** The same connections with counters of its own (still added to this wire's): what one piece of work cost. */
  fork(): KafkaWire {
    return new KafkaWire(this.clusterId, this.#client, this);
  }

  /** Requests sent through this wire since it was made. */
  get requestCount(): number {
    return this.#requests;
  }

  requestsByApi(): Record<string, number> {
    return Object.fromEntries(this.#byApi);
  }

  send<Req, Res>(target: number | 'any', api: KafkaApi<Req, Res>, request: Req, options: { timeoutMs?: number } = {}): Promise<Res> {
    this.#count(api.name);
    return this.#client().send(toTarget(target), api, request, options);
  }

  /** The cluster's brokers and controller: one Metadata request for no topics. */
  async brokers(): Promise<{ brokers: MetadataBroker[]; controllerId: number }> {
    this.#count('Metadata');
    const { brokers, controllerId } = await this.#client().metadata([]);
    return { brokers, controllerId };
  }

  /** Whether a broker speaks any version of `api` this codec speaks (from the ApiVersions it answered on connect). */
  async supports(api: KafkaApi<never, unknown>): Promise<boolean> {
    const range = (await this.#client().negotiatedVersions('any')).get(api.key);
    return range !== undefined && range.min <= api.maxVersion && api.minVersion <= range.max;
  }

  #count(api: string): void {
    this.#requests += 1;
    this.#byApi.set(api, (this.#byApi.get(api) ?? 0) + 1);
    if (this.#parent) this.#parent.#count(api);
  }
}

function toTarget(target: number | 'any'): BrokerTarget {
  return target === 'any' ? 'any' : { nodeId: target };
}

/**
 * One counting wire per registered cluster over a pool of protocol clients: the app's shared pool when given
 * (connections are then shared with the topic console), else one of its own.
 */
export class KafkaWires {
  readonly #clients: KafkaProtocolClients;
  readonly #ownsClients: boolean;
  readonly #wires = new Map<string, { signature: string; wire: KafkaWire }>();

  constructor(clients?: KafkaProtocolClients) {
    this.#ownsClients = !clients;
    this.#clients = clients ?? new KafkaProtocolClients();
  }

  get(connection: KafkaConnection): KafkaWire {
    const signature = JSON.stringify(connection);
    const existing = this.#wires.get(connection.clusterId);
    if (existing?.signature === signature) return existing.wire;
    const wire = new KafkaWire(connection.clusterId, () => this.#clients.get(connection));
    this.#wires.set(connection.clusterId, { signature, wire });
    return wire;
  }

  /** The protocol clients the wires send through, for sharing connections with other Kafka users of the app. */
  get protocolClients(): KafkaProtocolClients {
    return this.#clients;
  }

  clusterIds(): string[] {
    return [...this.#wires.keys()];
  }

  forget(clusterId: string): void {
    this.#wires.delete(clusterId);
  }

  /** Closes the connections, unless they belong to the app's shared pool (its owner closes those). */
  closeAll(): void {
    this.#wires.clear();
    if (this.#ownsClients) this.#clients.closeAll();
  }
}
