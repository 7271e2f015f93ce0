import type { KafkaApi } from './api';
import { CreatePartitions, type CreatePartitionsRequest } from './apis/create-partitions';
import { CreateTopics, type CreateTopicsRequest } from './apis/create-topics';
import { DeleteTopics, type DeleteTopicsRequest } from './apis/delete-topics';
import { DescribeConfigs, type DescribeConfigsRequest } from './apis/describe-configs';
import { DescribeLogDirs, type DescribeLogDirsRequest } from './apis/describe-log-dirs';
import { DescribeQuorum } from './apis/describe-quorum';
import { Fetch, type FetchRequest } from './apis/fetch';
import { IncrementalAlterConfigs, type IncrementalAlterConfigsRequest } from './apis/incremental-alter-configs';
import { Metadata, type MetadataResponse } from './apis/metadata';
import { BrokerConnection, type BrokerEndpoint, type ConnectionSettings } from './connection';
import type { SaslCredentials } from './sasl';
import type { KafkaConnection } from '../connection';
import { KafkaClusterError } from './errors';

/** Where a request goes: any broker, the one Metadata names as controller, or one broker by node id. */
export type BrokerTarget = 'any' | 'controller' | { nodeId: number };

export interface ProtocolClientOptions {
  clientId?: string;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Pooled connections unused this long are closed (brokers close them at connections.max.idle.ms, 10 min). */
  idleTimeoutMs?: number;
}

const DEFAULTS = { clientId: 'connectory', connectTimeoutMs: 3_000, requestTimeoutMs: 15_000, idleTimeoutMs: 120_000 };

interface Pooled {
  connection: Promise<BrokerConnection>;
  idleTimer?: NodeJS.Timeout;
  inFlight: number;
}

/**
 * The codec's connection to one registered cluster: Metadata with racks and internal flags, DescribeConfigs with
 * documentation, IncrementalAlterConfigs, DescribeLogDirs, CreateTopics/CreatePartitions/DeleteTopics with the
 * broker's messages, a group-less Fetch, and `send` for any other API in apis/. Keeps one connection per broker, opened on first use. Every failure is a KafkaClusterError
 * naming the cluster and the broker; per-resource errors inside an answer are left to the caller.
 */
export class KafkaProtocolClient {
  readonly clusterId: string;
  readonly #settings: ConnectionSettings;
  readonly #bootstrap: BrokerEndpoint[];
  readonly #idleTimeoutMs: number;
  readonly #nodes = new Map<number, BrokerEndpoint>();
  #controllerId = -1;
  readonly #pool = new Map<string, Pooled>();
  #closed = false;

  constructor(connection: KafkaConnection, options: ProtocolClientOptions = {}) {
    const settings = { ...DEFAULTS, ...options };
    this.clusterId = connection.clusterId;
    this.#idleTimeoutMs = settings.idleTimeoutMs;
    this.#bootstrap = connection.brokers.map(parseEndpoint);
    this.#settings = {
      clientId: settings.clientId,
      tls: connection.ssl,
      sasl: connection.sasl ? toSaslCredentials(connection.clusterId, connection.sasl) : undefined,
      connectTimeoutMs: settings.connectTimeoutMs,
      requestTimeoutMs: settings.requestTimeoutMs,
    };
  }

  /** Brokers, controller and (unless `topics` is []) topics with their partitions; null asks for every topic. */
  async metadata(topics: string[] | null = null): Promise<MetadataResponse> {
    const response = await this.send('any', Metadata, { topics });
    this.#nodes.clear();
    for (const broker of response.brokers) this.#nodes.set(broker.nodeId, { host: broker.host, port: broker.port });
    this.#controllerId = response.controllerId;
    return response;
  }

  describeConfigs(target: BrokerTarget, request: DescribeConfigsRequest) {
    return this.send(target, DescribeConfigs, request);
  }

  incrementalAlterConfigs(target: BrokerTarget, request: IncrementalAlterConfigsRequest) {
    return this.send(target, IncrementalAlterConfigs, request);
  }

  describeLogDirs(nodeId: number, request: DescribeLogDirsRequest = { topics: null }) {
    return this.send({ nodeId }, DescribeLogDirs, request);
  }

  /** KRaft only (UNSUPPORTED_VERSION / missing API on ZooKeeper clusters): the active controller. */
  describeQuorum() {
    return this.send('any', DescribeQuorum, {});
  }

  createTopics(request: CreateTopicsRequest) {
    return this.send('controller', CreateTopics, request, { timeoutMs: request.timeoutMs + this.#settings.requestTimeoutMs });
  }

  /** `timeoutMs` is how long the controller may take; the request may take that plus the usual request timeout. */
  deleteTopics(request: DeleteTopicsRequest) {
    return this.send('controller', DeleteTopics, request, { timeoutMs: request.timeoutMs + this.#settings.requestTimeoutMs });
  }

  createPartitions(request: CreatePartitionsRequest) {
    return this.send('controller', CreatePartitions, request, { timeoutMs: request.timeoutMs + this.#settings.requestTimeoutMs });
  }

  /** A bounded read from partition leaders; `nodeId` must lead every partition asked for. */
  fetch(nodeId: number, request: FetchRequest) {
    return this.send({ nodeId }, Fetch, request, { timeoutMs: request.maxWaitMs + this.#settings.requestTimeoutMs });
  }

  /** The version this client would use for an API with a broker: for tests and diagnostics. */
  async negotiatedVersions(target: BrokerTarget = 'any') {
    const { connection } = await this.#connectionFor(target);
    return connection.versions;
  }

  async send<Req, Res>(target: BrokerTarget, api: KafkaApi<Req, Res>, request: Req, options: { timeoutMs?: number } = {}): Promise<Res> {
    const { connection, pooled, label } = await this.#connectionFor(target, api.name);
    pooled.inFlight += 1;
    clearTimeout(pooled.idleTimer);
    try {
      return await connection.request(api, request, options);
    } catch (error) {
      throw new KafkaClusterError(this.clusterId, `${api.name} to ${label} failed: ${(error as Error).message}`, { cause: error });
    } finally {
      pooled.inFlight -= 1;
      if (pooled.inFlight === 0) this.#scheduleIdleClose(connection, pooled);
    }
  }

  /** Closes every connection; later requests fail rather than open new ones nobody would close. */
  close(): void {
    this.#closed = true;
    for (const pooled of this.#pool.values()) {
      clearTimeout(pooled.idleTimer);
      pooled.connection.then((connection) => connection.close(), () => {});
    }
    this.#pool.clear();
  }

  async #connectionFor(target: BrokerTarget, what = 'request') {
    if (this.#closed) throw new KafkaClusterError(this.clusterId, `${what}: client closed (the cluster was removed or its settings changed)`);
    if (target === 'any') return this.#anyConnection(what);
    if (target === 'controller' && this.#controllerId < 0) await this.metadata([]);
    const nodeId = target === 'controller' ? this.#controllerId : target.nodeId;
    if (!this.#nodes.has(nodeId)) await this.metadata([]);
    const endpoint = this.#nodes.get(nodeId);
    if (!endpoint) throw new KafkaClusterError(this.clusterId, `${what}: broker ${nodeId} is not part of the cluster`);
    const label = `broker ${nodeId} (${endpoint.host}:${endpoint.port})`;
    try {
      return { ...(await this.#open(endpoint)), label };
    } catch (error) {
      throw new KafkaClusterError(this.clusterId, `${what} to ${label}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** An open connection if there is one, else the bootstrap servers and known brokers in turn. */
  async #anyConnection(what: string) {
    for (const [key, pooled] of this.#pool) {
      const connection = await pooled.connection.catch(() => undefined);
      if (connection?.isOpen) return { connection, pooled, label: `broker ${key}` };
    }
    const candidates = uniqueEndpoints([...this.#bootstrap, ...this.#nodes.values()]);
    const failures: string[] = [];
    for (const endpoint of candidates) {
      try {
        return { ...(await this.#open(endpoint)), label: `broker ${endpointKey(endpoint)}` };
      } catch (error) {
        failures.push((error as Error).message);
      }
    }
    throw new KafkaClusterError(this.clusterId, `${what}: no broker reachable (${failures.join('; ')})`);
  }

  async #open(endpoint: BrokerEndpoint): Promise<{ connection: BrokerConnection; pooled: Pooled }> {
    const key = endpointKey(endpoint);
    let pooled = this.#pool.get(key);
    if (pooled) {
      const existing = await pooled.connection.catch(() => undefined);
      if (existing?.isOpen) return { connection: existing, pooled };
      if (this.#pool.get(key) === pooled) this.#pool.delete(key);
    }
    const fresh: Pooled = { connection: BrokerConnection.open(endpoint, this.#settings), inFlight: 0 };
    this.#pool.set(key, fresh);
    pooled = fresh;
    try {
      const connection = await fresh.connection;
      connection.onClose(() => {
        if (this.#pool.get(key) === fresh) this.#pool.delete(key);
      });
      return { connection, pooled };
    } catch (error) {
      if (this.#pool.get(key) === fresh) this.#pool.delete(key);
      throw error;
    }
  }

  #scheduleIdleClose(connection: BrokerConnection, pooled: Pooled): void {
    clearTimeout(pooled.idleTimer);
    pooled.idleTimer = setTimeout(() => {
      if (pooled.inFlight === 0) connection.close();
    }, this.#idleTimeoutMs);
    pooled.idleTimer.unref();
  }
}

function parseEndpoint(address: string): BrokerEndpoint {
  const at = address.lastIndexOf(':');
  const host = address.slice(0, at).replace(/^\[(.*)\]$/, '$1');
  return { host, port: Number(address.slice(at + 1)) };
}

function endpointKey(endpoint: BrokerEndpoint): string {
  return `${endpoint.host}:${endpoint.port}`;
}

function uniqueEndpoints(endpoints: BrokerEndpoint[]): BrokerEndpoint[] {
  const seen = new Map<string, BrokerEndpoint>();
  for (const endpoint of endpoints) seen.set(endpointKey(endpoint), endpoint);
  return [...seen.values()];
}

function toSaslCredentials(clusterId: string, sasl: NonNullable<KafkaConnection['sasl']>): SaslCredentials {
  if (sasl.mechanism === 'plain' || sasl.mechanism === 'scram-sha-256' || sasl.mechanism === 'scram-sha-512') {
    const { username, password } = sasl as { username: string; password: string };
    return { mechanism: sasl.mechanism, username, password };
  }
  throw new KafkaClusterError(clusterId, `SASL mechanism "${sasl.mechanism}" is not supported by Connectory's protocol client`);
}
