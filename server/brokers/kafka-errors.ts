/**
 * How Kafka's failures reach Connectory's callers. A broker's per-resource error keeps its meaning (unknown topic
 * → 404, already exists → 409, invalid config → 400 naming the field); a cluster that cannot be reached is a 503;
 * anything else the cluster did wrong is a 502. Every message names the Kafka cluster.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ApiError } from '../http/errors';
import { KafkaClusterError } from '../kafka/admin';
import { KafkaApiError } from '../kafka/protocol';
import { KafkaConnectionError } from '../kafka/protocol/connection';

const STATUS_BY_KAFKA_ERROR: Record<string, { status: ContentfulStatusCode; code: string }> = {
  UNKNOWN_TOPIC_OR_PARTITION: { status: 404, code: 'not_found' },
  UNKNOWN_TOPIC_ID: { status: 404, code: 'not_found' },
  TOPIC_ALREADY_EXISTS: { status: 409, code: 'conflict' },
  INVALID_TOPIC_EXCEPTION: { status: 400, code: 'rejected_by_kafka' },
  INVALID_PARTITIONS: { status: 400, code: 'rejected_by_kafka' },
  INVALID_REPLICATION_FACTOR: { status: 400, code: 'rejected_by_kafka' },
  INVALID_REPLICA_ASSIGNMENT: { status: 400, code: 'rejected_by_kafka' },
  INVALID_CONFIG: { status: 400, code: 'rejected_by_kafka' },
  INVALID_REQUEST: { status: 400, code: 'rejected_by_kafka' },
  POLICY_VIOLATION: { status: 400, code: 'rejected_by_kafka' },
  // Leadership moving (a new partition, a broker restarting): retrying shortly will work.
  NOT_LEADER_OR_FOLLOWER: { status: 503, code: 'unavailable' },
  NOT_LEADER_FOR_PARTITION: { status: 503, code: 'unavailable' },
  LEADER_NOT_AVAILABLE: { status: 503, code: 'unavailable' },
  REPLICA_NOT_AVAILABLE: { status: 503, code: 'unavailable' },
  TOPIC_AUTHORIZATION_FAILED: { status: 502, code: 'kafka_denied' },
  CLUSTER_AUTHORIZATION_FAILED: { status: 502, code: 'kafka_denied' },
};

/** The body field a broker's error is about, when its message names one (`... for configuration retention.ms`). */
export function fieldOfKafkaMessage(message: string | null | undefined): string | undefined {
  const config = message?.match(/configuration ([\w.-]+)/)?.[1] ?? message?.match(/[Cc]onfig(?:uration)? (?:key |name )?"?([a-z][\w.-]*\.[\w.-]+)"?/)?.[1];
  return config ? `configs.${config}` : undefined;
}

export function toApiError(error: unknown, kafkaId: string): unknown {
  if (error instanceof ApiError) return error;
  const system = `Kafka cluster "${kafkaId}"`;
  const kafkaName = kafkaErrorNameOf(error);
  if (kafkaName) {
    const mapped = STATUS_BY_KAFKA_ERROR[kafkaName] ?? { status: 502 as const, code: 'kafka_error' };
    const brokerMessage = error instanceof KafkaApiError ? error.brokerMessage : null;
    const subject = error instanceof KafkaApiError ? error.subject : undefined;
    const detail = [subject, kafkaName, brokerMessage].filter(Boolean).join(': ');
    return new ApiError(mapped.status, mapped.code, `${system}: ${detail}`, mapped.status === 400 ? fieldOfKafkaMessage(brokerMessage) : undefined);
  }
  if (error instanceof KafkaClusterError) {
    const unreachable = hasCause(error, KafkaConnectionError) || /no broker reachable|ECONNREFUSED|timed? ?out|no answer/i.test(error.message);
    return new ApiError(unreachable ? 503 : 502, unreachable ? 'unreachable' : 'kafka_error', error.message);
  }
  return error;
}

/** Runs a Kafka call, turning its failure into the API error for this cluster. */
export async function askKafka<T>(kafkaId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toApiError(error, kafkaId);
  }
}

/** The Kafka error name from our protocol client, or from a kafkajs protocol error (its `type`) wrapped by KafkaAdmin. */
export function kafkaErrorNameOf(error: unknown): string | undefined {
  for (let current = error; current instanceof Error; current = causeOf(current)) {
    if (current instanceof KafkaApiError) return current.errorName;
    const type = (current as { type?: unknown }).type;
    if (typeof type === 'string' && /^[A-Z_]+$/.test(type) && type !== 'UNKNOWN') return type;
    const nested = (current as { errors?: unknown[] }).errors?.[0];
    if (nested) return kafkaErrorNameOf(nested);
  }
  return undefined;
}

function hasCause(error: unknown, kind: abstract new (...args: never[]) => Error): boolean {
  for (let current = error; current instanceof Error; current = causeOf(current)) if (current instanceof kind) return true;
  return false;
}

/** kafkajs keeps the underlying error in `originalError` (retries exhausted), everything else in `cause`. */
function causeOf(error: Error): unknown {
  return error.cause ?? (error as { originalError?: unknown }).originalError;
}

const TRANSIENT = new Set(['NOT_LEADER_OR_FOLLOWER', 'NOT_LEADER_FOR_PARTITION', 'LEADER_NOT_AVAILABLE', 'REPLICA_NOT_AVAILABLE', 'UNKNOWN_LEADER_EPOCH', 'FENCED_LEADER_EPOCH']);

/**
 * Runs a Kafka read again while leadership is settling: right after partitions are created or moved, brokers
 * answer NOT_LEADER for a moment even though Metadata already names the leader. Up to about three seconds.
 */
export async function retryWhileLeadershipMoves<T>(read: () => Promise<T>, attempts = 15, delayMs = 200): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (attempt >= attempts || !TRANSIENT.has(kafkaErrorNameOf(error) ?? '')) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
