/**
 * The one typed client features call for a registered Kafka cluster: every request goes through the codec's
 * connections to that cluster (protocol/client.ts), and every one is counted per API, so a benchmark can check
 * what a sample or a page costs. Higher-level reads (log offsets) live in offsets.ts on top of it.
 */
import type { AclBinding, AclBindingFilter } from './protocol/acl-types';
import type { KafkaApi } from './protocol/api';
import { CreateAcls, DeleteAcls, DescribeAcls } from './protocol/apis/acls';
import { AlterPartitionReassignments, type AlterPartitionReassignmentsRequest } from './protocol/apis/alter-partition-reassignments';
import type { CreatePartitionsRequest } from './protocol/apis/create-partitions';
import { ElectLeaders, type ElectLeadersRequest } from './protocol/apis/elect-leaders';
import { ListPartitionReassignments, type ListPartitionReassignmentsRequest } from './protocol/apis/list-partition-reassignments';
import type { CreateTopicsRequest } from './protocol/apis/create-topics';
import type { DeleteTopicsRequest } from './protocol/apis/delete-topics';
import type { DescribeConfigsRequest } from './protocol/apis/describe-configs';
import type { DescribeLogDirsRequest } from './protocol/apis/describe-log-dirs';
import type { FetchRequest } from './protocol/apis/fetch';
import type { IncrementalAlterConfigsRequest } from './protocol/apis/incremental-alter-configs';
import type { MetadataBroker, MetadataResponse } from './protocol/apis/metadata';
import type { BrokerTarget, KafkaProtocolClient } from './protocol/client';
import { KafkaClusterError } from './protocol/errors';
import { TimeoutError, withTimeout } from '../util/timeout';

export interface KafkaClusterDescription {
  clusterId: string;
  controllerId: number | null;
  brokers: { nodeId: number; host: string; port: number }[];
}

const DESCRIBE_TIMEOUT_MS = 5_000;

export class KafkaClient {
  readonly clusterId: string;
  readonly #protocol: KafkaProtocolClient;
  readonly #parent: KafkaClient | undefined;
  #requests = 0;
  readonly #byApi = new Map<string, number>();

  constructor(protocol: KafkaProtocolClient, parent?: KafkaClient) {
    this.clusterId = protocol.clusterId;
    this.#protocol = protocol;
    this.#parent = parent;
  }

  /** The same connections with counters of its own (still added to this client's): what one piece of work cost. */
  fork(): KafkaClient {
    return new KafkaClient(this.#protocol, this);
  }

  /** Requests sent through this client since it was made. */
  get requestCount(): number {
    return this.#requests;
  }

  requestsByApi(): Record<string, number> {
    return Object.fromEntries(this.#byApi);
  }

  /** Any API of protocol/apis to any broker (`'any'`) or one by node id. */
  send<Req, Res>(target: number | BrokerTarget, api: KafkaApi<Req, Res>, request: Req, options: { timeoutMs?: number } = {}): Promise<Res> {
    this.#count(api.name);
    return this.#protocol.send(typeof target === 'number' ? { nodeId: target } : target, api, request, options);
  }

  /** The cluster's id, brokers and controller, bounded in time: the connectivity and health check. */
  async describeCluster(options: { timeoutMs?: number } = {}): Promise<KafkaClusterDescription> {
    const timeoutMs = options.timeoutMs ?? DESCRIBE_TIMEOUT_MS;
    try {
      const metadata = await withTimeout(this.metadata([]), timeoutMs, () => `no answer within ${timeoutMs} ms`);
      const brokers = metadata.brokers.map(({ nodeId, host, port }) => ({ nodeId, host, port }));
      return { clusterId: metadata.clusterId ?? '', controllerId: metadata.controllerId >= 0 ? metadata.controllerId : null, brokers };
    } catch (error) {
      const message = error instanceof TimeoutError ? `describe cluster: ${error.message}` : `describe cluster failed: ${withoutClusterName(error, this.clusterId)}`;
      throw new KafkaClusterError(this.clusterId, message, { cause: error });
    }
  }

  /** The cluster's brokers and controller: one Metadata request for no topics. */
  async brokers(): Promise<{ brokers: MetadataBroker[]; controllerId: number }> {
    const { brokers, controllerId } = await this.metadata([]);
    return { brokers, controllerId };
  }

  /** Brokers, controller and (unless `topics` is []) topics with their partitions; null asks for every topic. */
  metadata(topics: string[] | null = null): Promise<MetadataResponse> {
    this.#count('Metadata');
    return this.#protocol.metadata(topics);
  }

  describeConfigs(target: BrokerTarget, request: DescribeConfigsRequest) {
    this.#count('DescribeConfigs');
    return this.#protocol.describeConfigs(target, request);
  }

  incrementalAlterConfigs(target: BrokerTarget, request: IncrementalAlterConfigsRequest) {
    this.#count('IncrementalAlterConfigs');
    return this.#protocol.incrementalAlterConfigs(target, request);
  }

  describeLogDirs(nodeId: number, request?: DescribeLogDirsRequest) {
    this.#count('DescribeLogDirs');
    return this.#protocol.describeLogDirs(nodeId, request);
  }

  describeQuorum() {
    this.#count('DescribeQuorum');
    return this.#protocol.describeQuorum();
  }

  createTopics(request: CreateTopicsRequest) {
    this.#count('CreateTopics');
    return this.#protocol.createTopics(request);
  }

  deleteTopics(request: DeleteTopicsRequest) {
    this.#count('DeleteTopics');
    return this.#protocol.deleteTopics(request);
  }

  createPartitions(request: CreatePartitionsRequest) {
    this.#count('CreatePartitions');
    return this.#protocol.createPartitions(request);
  }

  /** The ACL bindings one filter matches (any broker answers; SECURITY_DISABLED where no authorizer runs). */
  describeAcls(filter: AclBindingFilter) {
    return this.send('any', DescribeAcls, filter);
  }

  /** One result per binding, in order: the controller applies them (forwarded by the broker under KRaft). */
  createAcls(creations: AclBinding[]) {
    return this.send('any', CreateAcls, { creations });
  }

  /** Deletes every binding each filter matches; the answer lists them per filter. */
  deleteAcls(filters: AclBindingFilter[]) {
    return this.send('any', DeleteAcls, { filters });
  }

  /** Starts (replicas) or cancels (null) partition moves; the controller answers through any broker. */
  alterPartitionReassignments(request: AlterPartitionReassignmentsRequest) {
    return this.send('any', AlterPartitionReassignments, request);
  }

  /** The moves in flight (null topics: all of them). */
  listPartitionReassignments(request: ListPartitionReassignmentsRequest) {
    return this.send('any', ListPartitionReassignments, request);
  }

  /** Preferred (or unclean) leader election for the named partitions, or all of them (null). */
  electLeaders(request: ElectLeadersRequest) {
    return this.send('any', ElectLeaders, request);
  }

  fetch(nodeId: number, request: FetchRequest) {
    this.#count('Fetch');
    return this.#protocol.fetch(nodeId, request);
  }

  /** Whether a broker speaks any version of `api` this codec speaks (from the ApiVersions it answered on connect). */
  async supports(api: KafkaApi<never, unknown>): Promise<boolean> {
    const range = (await this.#protocol.negotiatedVersions('any')).get(api.key);
    return range !== undefined && range.min <= api.maxVersion && api.minVersion <= range.max;
  }

  #count(api: string): void {
    this.#requests += 1;
    this.#byApi.set(api, (this.#byApi.get(api) ?? 0) + 1);
    if (this.#parent) this.#parent.#count(api);
  }
}

/** The codec's errors already start with `Kafka cluster "x": `; the description says it once. */
function withoutClusterName(error: unknown, clusterId: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const prefix = `Kafka cluster "${clusterId}": `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}
