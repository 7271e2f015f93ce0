/**
 * The one typed client for the Kafka Connect REST API of a Connect cluster. It knows every worker's URL and
 * fails over between them (see transport.ts); errors carry the worker's own status and message (errors.ts).
 */
import { AUTH_HINTS, ConnectError, ConnectWorkerError } from './errors';
import { ConnectTransport, readAnswer, type CallOptions, type TransportTls } from './transport';
import type {
  ConfigKeyDefinition,
  ConfigValidation,
  ConnectorConfig,
  ConnectorInfo,
  ConnectorListing,
  ConnectorOffsets,
  ConnectorStatus,
  ConnectWorkerInfo,
  PluginInfo,
  WireConfigKey,
  WireConnectorInfo,
  WireConnectorStatus,
  WireValidation,
} from './types';

export { ConnectError, ConnectUnreachableError, ConnectWorkerError } from './errors';
export type { ConnectWorkerInfo } from './types';

export interface ConnectClientOptions {
  /** Sent with every request, e.g. `{ Authorization: 'Basic …' }` for a secured REST API. */
  headers?: Record<string, string>;
  tls?: TransportTls;
  /** Bound on each read (default 10 s). */
  timeoutMs?: number;
  /** Bound on each write (default 30 s): writes go through the leader, which may be busy. */
  writeTimeoutMs?: number;
  /** Bound on validation (default 60 s): the plugin may connect to its external system first. */
  validateTimeoutMs?: number;
}

/** Connect's own timeout for requests forwarded to the leader is 90 s; ours is shorter but generous. */
const WRITE_TIMEOUT_MS = 30_000;
const VALIDATE_TIMEOUT_MS = 60_000;

const enc = encodeURIComponent;

export class ConnectClient {
  readonly #transport: ConnectTransport;
  readonly #readTimeoutMs: number | undefined;
  readonly #writeTimeoutMs: number;
  readonly #validateTimeoutMs: number;

  constructor(workerUrls: readonly string[], options: ConnectClientOptions = {}) {
    this.#transport = new ConnectTransport(workerUrls, { headers: options.headers, tls: options.tls, timeoutMs: options.timeoutMs });
    this.#readTimeoutMs = options.timeoutMs;
    this.#writeTimeoutMs = options.writeTimeoutMs ?? WRITE_TIMEOUT_MS;
    this.#validateTimeoutMs = options.validateTimeoutMs ?? VALIDATE_TIMEOUT_MS;
  }

  get workerUrls(): readonly string[] {
    return this.#transport.workerUrls;
  }

  // ------------------------------------------------------------------------------------------ workers

  /** `GET /` on one worker: its version and the Kafka cluster it belongs to. */
  async workerInfo(workerUrl: string, options: { timeoutMs?: number } = {}): Promise<ConnectWorkerInfo> {
    const body = await this.#askWorker<{ version: string; commit: string; kafka_cluster_id: string }>(workerUrl, '/', options.timeoutMs);
    return { version: body.version, commit: body.commit, kafkaClusterId: body.kafka_cluster_id };
  }

  /** The plugins one worker has (connectors, converters, transforms…): workers of a cluster can differ. */
  async workerPlugins(workerUrl: string, options: { timeoutMs?: number } = {}): Promise<PluginInfo[]> {
    const body = await this.#askWorker<{ class: string; type: string; version?: string }[]>(
      workerUrl,
      '/connector-plugins?connectorsOnly=false',
      options.timeoutMs,
    );
    return body.map((plugin) => ({ class: plugin.class, type: plugin.type, version: plugin.version ?? null }));
  }

  /** `GET /connectors` answered by this worker itself: it only answers once it has joined the group and read the configs. */
  async workerConnectorNames(workerUrl: string, options: { timeoutMs?: number } = {}): Promise<string[]> {
    return this.#askWorker<string[]>(workerUrl, '/connectors', options.timeoutMs);
  }

  // ------------------------------------------------------------------------------------------ connectors

  /** Every connector's name: unlike the expanded listing, it includes one created a moment ago. */
  async connectorNames(options: { timeoutMs?: number } = {}): Promise<string[]> {
    return (await this.#get<string[]>('/connectors', options.timeoutMs)) ?? [];
  }

  /**
   * Every connector with its status and config, in ONE call (`expand=status&expand=info`). Connect leaves out
   * a connector whose status it has not recorded yet (the first moments after it is created).
   */
  async listConnectors(options: { timeoutMs?: number } = {}): Promise<ConnectorListing[]> {
    const body = await this.#get<Record<string, { status?: WireConnectorStatus; info?: WireConnectorInfo }>>(
      '/connectors?expand=status&expand=info',
      options.timeoutMs,
    );
    return Object.entries(body ?? {}).map(([name, entry]) => ({
      name,
      info: entry.info ? toInfo(entry.info) : undefined,
      status: entry.status ? toStatus(entry.status) : undefined,
    }));
  }

  async connectorInfo(name: string): Promise<ConnectorInfo> {
    return toInfo(await this.#get<WireConnectorInfo>(`/connectors/${enc(name)}`));
  }

  async connectorConfig(name: string): Promise<ConnectorConfig> {
    return this.#get<ConnectorConfig>(`/connectors/${enc(name)}/config`);
  }

  /** The connector's config, or undefined when no such connector exists. */
  async findConnectorConfig(name: string): Promise<ConnectorConfig | undefined> {
    try {
      return await this.connectorConfig(name);
    } catch (error) {
      if (error instanceof ConnectError && error.status === 404) return undefined;
      throw error;
    }
  }

  async connectorStatus(name: string): Promise<ConnectorStatus> {
    return toStatus(await this.#get<WireConnectorStatus>(`/connectors/${enc(name)}/status`));
  }

  /** KIP-558: the topics the connector has used since it was created or its topics were reset. */
  async connectorTopics(name: string): Promise<string[]> {
    const body = await this.#get<Record<string, { topics: string[] }>>(`/connectors/${enc(name)}/topics`);
    return body?.[name]?.topics ?? [];
  }

  /** Creates or replaces the connector's config. Idempotent: Connect stores the whole config as sent. */
  async putConnectorConfig(name: string, config: ConnectorConfig): Promise<{ created: boolean }> {
    const path = `/connectors/${enc(name)}/config`;
    const answer = await this.#transport.call('PUT', path, this.#write({ body: config, idempotent: true }));
    readAnswer(answer, `PUT ${path}`);
    return { created: answer.status === 201 };
  }

  /**
   * Creates a connector only when none by that name exists (`POST /connectors`): Connect itself refuses an
   * existing name with a 409, so two callers racing for one name cannot both win. Never sent twice.
   */
  async createConnector(name: string, config: ConnectorConfig, initialState?: 'PAUSED' | 'STOPPED'): Promise<void> {
    // KIP-980 (Connect 3.7+): a connector wanted paused or stopped never starts running first.
    const body = initialState ? { name, config, initial_state: initialState } : { name, config };
    await this.#send('POST', '/connectors', { body, idempotent: false });
  }

  async deleteConnector(name: string): Promise<void> {
    await this.#send('DELETE', `/connectors/${enc(name)}`, { idempotent: true });
  }

  async pauseConnector(name: string): Promise<void> {
    await this.#send('PUT', `/connectors/${enc(name)}/pause`, { idempotent: true });
  }

  async resumeConnector(name: string): Promise<void> {
    await this.#send('PUT', `/connectors/${enc(name)}/resume`, { idempotent: true });
  }

  /** KIP-875: stops the connector and its tasks but keeps the config (needed before offsets can change). */
  async stopConnector(name: string): Promise<void> {
    await this.#send('PUT', `/connectors/${enc(name)}/stop`, { idempotent: true });
  }

  /**
   * KIP-745. Not idempotent (each call restarts again), so never sent twice. With either flag Connect answers
   * the connector's status, with the instances it is restarting marked RESTARTING.
   */
  async restartConnector(name: string, options: { includeTasks?: boolean; onlyFailed?: boolean } = {}): Promise<ConnectorStatus | undefined> {
    const query = new URLSearchParams({ includeTasks: String(options.includeTasks ?? false), onlyFailed: String(options.onlyFailed ?? false) });
    const body = await this.#send<WireConnectorStatus | undefined>('POST', `/connectors/${enc(name)}/restart?${query}`, { idempotent: false });
    return body ? toStatus(body) : undefined;
  }

  async restartTask(name: string, taskId: number): Promise<void> {
    await this.#send('POST', `/connectors/${enc(name)}/tasks/${taskId}/restart`, { idempotent: false });
  }

  // ------------------------------------------------------------------------------------------ offsets (KIP-875)

  async connectorOffsets(name: string): Promise<ConnectorOffsets> {
    return this.#offsets(() => this.#get<ConnectorOffsets>(`/connectors/${enc(name)}/offsets`));
  }

  /** Only for a STOPPED connector; Connect answers 400 otherwise. */
  async alterConnectorOffsets(name: string, offsets: ConnectorOffsets): Promise<{ message: string }> {
    return this.#offsets(() => this.#send('PATCH', `/connectors/${enc(name)}/offsets`, { body: offsets, idempotent: true }));
  }

  /** Only for a STOPPED connector; Connect answers 400 otherwise. */
  async resetConnectorOffsets(name: string): Promise<{ message: string }> {
    return this.#offsets(() => this.#send('DELETE', `/connectors/${enc(name)}/offsets`, { idempotent: true }));
  }

  // ------------------------------------------------------------------------------------------ plugins

  /** The plugin's config definition (`GET /connector-plugins/{class}/config`). */
  async pluginConfigDefinition(connectorClass: string): Promise<ConfigKeyDefinition[]> {
    const body = await this.#get<WireConfigKey[]>(`/connector-plugins/${enc(connectorClass)}/config`);
    return body.map(toKeyDefinition);
  }

  /** Asks the plugin to validate a config; never changes anything. */
  async validateConfig(connectorClass: string, config: ConnectorConfig): Promise<ConfigValidation> {
    const body = await this.#send<WireValidation>('PUT', `/connector-plugins/${enc(connectorClass)}/config/validate`, {
      body: config,
      idempotent: true,
      timeoutMs: this.#validateTimeoutMs,
    });
    return {
      connectorClass: body.name,
      errorCount: body.error_count,
      groups: body.groups,
      fields: body.configs.map(({ definition, value }) => ({
        definition: toKeyDefinition(definition),
        name: value.name,
        value: value.value,
        // Connect lists a class once per plugin that bundles it (two Debezium connectors bring the same
        // converters): a value is one choice however many plugins offer it
        recommendedValues: [...new Set(value.recommended_values ?? [])],
        errors: value.errors ?? [],
        visible: value.visible,
      })),
    };
  }

  // ------------------------------------------------------------------------------------------ plumbing

  async #get<T>(path: string, timeoutMs = this.#readTimeoutMs): Promise<T> {
    const answer = await this.#transport.call('GET', path, { idempotent: true, timeoutMs });
    return readAnswer<T>(answer, `GET ${path}`);
  }

  async #send<T = unknown>(method: string, path: string, options: CallOptions): Promise<T> {
    const answer = await this.#transport.call(method, path, this.#write(options));
    return readAnswer<T>(answer, `${method} ${path}`);
  }

  #write(options: CallOptions): CallOptions {
    return { ...options, timeoutMs: options.timeoutMs ?? this.#writeTimeoutMs };
  }

  async #askWorker<T>(workerUrl: string, path: string, timeoutMs = this.#readTimeoutMs): Promise<T> {
    const answer = await this.#transport.callWorker(workerUrl, 'GET', path, { timeoutMs });
    try {
      return readAnswer<T>(answer, `GET ${path}`);
    } catch (error) {
      if (!(error instanceof ConnectError)) throw error;
      throw new ConnectWorkerError(error.workerUrl, `GET ${path} answered ${error.status}: ${error.connectMessage}${AUTH_HINTS[error.status] ?? ''}`, error.status, { cause: error });
    }
  }

  /** Workers older than KIP-875 (Kafka 3.6) lack the endpoint: Jersey answers a bare 404 or 405. */
  async #offsets<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof ConnectError && isMissingEndpoint(error)) {
        throw new ConnectError(error.workerUrl, error.status, 'offsets management (KIP-875) is not supported by this worker version; it needs Kafka Connect 3.6 or later', error.request, {
          cause: error,
          notSupported: true,
        });
      }
      throw error;
    }
  }
}

function isMissingEndpoint(error: ConnectError): boolean {
  return error.status === 405 || (error.status === 404 && /^HTTP 404 Not Found$/i.test(error.connectMessage.trim()));
}

function toInfo(wire: WireConnectorInfo): ConnectorInfo {
  return { name: wire.name, type: wire.type ?? 'unknown', config: wire.config ?? {}, taskIds: (wire.tasks ?? []).map((task) => task.task) };
}

function toStatus(wire: WireConnectorStatus): ConnectorStatus {
  return {
    name: wire.name,
    type: wire.type ?? 'unknown',
    connector: withTrace({ state: wire.connector.state, workerId: wire.connector.worker_id }, wire.connector.trace),
    tasks: (wire.tasks ?? [])
      .map((task) => withTrace({ id: task.id, state: task.state, workerId: task.worker_id }, task.trace))
      .sort((a, b) => a.id - b.id),
  };
}

function withTrace<T extends object>(status: T, trace: string | undefined): T & { trace?: string } {
  return trace ? { ...status, trace } : status;
}

function toKeyDefinition(wire: WireConfigKey): ConfigKeyDefinition {
  return {
    name: wire.name,
    type: wire.type,
    required: wire.required,
    defaultValue: wire.default_value,
    importance: wire.importance,
    documentation: wire.documentation,
    group: wire.group,
    orderInGroup: wire.order_in_group,
    width: wire.width,
    displayName: wire.display_name,
    dependents: wire.dependents ?? [],
  };
}
