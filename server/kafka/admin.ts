import { Kafka, type Admin } from 'kafkajs';
import type { Logger } from '../logger';
import { TimeoutError, withTimeout } from '../util/timeout';
import type { KafkaConnection } from './connection';
import { KAFKAJS_LOG_LEVEL, kafkaLogCreator } from './log';

export interface KafkaClusterDescription {
  clusterId: string;
  controllerId: number | null;
  brokers: { nodeId: number; host: string; port: number }[];
}

export class KafkaClusterError extends Error {
  constructor(readonly clusterId: string, message: string, options?: ErrorOptions) {
    super(`Kafka cluster "${clusterId}": ${message}`, options);
    this.name = 'KafkaClusterError';
  }
}

const DEFAULT_TIMEOUT_MS = 5_000;
/** kafkajs waits for in-flight requests when disconnecting; shutdown must not wait for their full timeout. */
const DISCONNECT_TIMEOUT_MS = 2_000;

/**
 * A typed admin client for one registered Kafka cluster. Connects lazily, stays connected between calls, and
 * drops the connection after a failure so the next call starts clean.
 */
export class KafkaAdmin {
  readonly clusterId: string;
  readonly #kafka: Kafka;
  #session: { admin: Admin; ready: Promise<Admin> } | undefined;

  constructor(connection: KafkaConnection, logger: Logger) {
    this.clusterId = connection.clusterId;
    this.#kafka = new Kafka({
      clientId: 'connectory',
      brokers: connection.brokers,
      ssl: connection.ssl,
      sasl: connection.sasl,
      connectionTimeout: 3_000,
      requestTimeout: 10_000,
      // Callers bound every call with their own timeout; kafkajs' default retries would run for ~30 s.
      retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2_000 },
      logLevel: KAFKAJS_LOG_LEVEL,
      logCreator: kafkaLogCreator(logger.child({ system: 'kafkajs', kafkaCluster: connection.clusterId })),
    });
  }

  async describeCluster(options: { timeoutMs?: number } = {}): Promise<KafkaClusterDescription> {
    const described = await this.#call('describe cluster', options.timeoutMs, (admin) => admin.describeCluster());
    return { clusterId: described.clusterId, controllerId: described.controller, brokers: described.brokers };
  }

  /** Any other kafkajs admin call, with the same timeout, reconnect and error naming as the typed ones. */
  run<T>(what: string, call: (admin: Admin) => Promise<T>, options: { timeoutMs?: number } = {}): Promise<T> {
    return this.#call(what, options.timeoutMs, call);
  }

  async disconnect(): Promise<void> {
    await this.#drop(this.#session);
  }

  async #call<T>(what: string, timeoutMs = DEFAULT_TIMEOUT_MS, run: (admin: Admin) => Promise<T>): Promise<T> {
    const session = this.#connected();
    try {
      return await withTimeout(session.ready.then(run), timeoutMs, () => `${what}: no answer within ${timeoutMs} ms`);
    } catch (error) {
      // Not awaited: kafkajs' disconnect waits for requests in flight, which would undo the caller's timeout.
      void this.#drop(session);
      const message = error instanceof TimeoutError ? error.message : `${what} failed: ${describe(error)}`;
      throw new KafkaClusterError(this.clusterId, message, { cause: error });
    }
  }

  #connected() {
    if (!this.#session) {
      const admin = this.#kafka.admin();
      this.#session = { admin, ready: admin.connect().then(() => admin) };
    }
    return this.#session;
  }

  /** Only the session that failed is dropped: a concurrent call may already have started a fresh one. */
  async #drop(session: { admin: Admin } | undefined): Promise<void> {
    if (!session || this.#session !== session) return;
    this.#session = undefined;
    await withTimeout(session.admin.disconnect(), DISCONNECT_TIMEOUT_MS, () => 'disconnect timed out').catch(() => {});
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // kafkajs wraps the real reason (e.g. ECONNREFUSED) in "retries exceeded" errors.
  const cause = (error as { originalError?: unknown }).originalError;
  return cause instanceof Error && cause.message !== error.message ? `${error.message} (${cause.message})` : error.message;
}
