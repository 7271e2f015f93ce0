/**
 * The one way a Kafka failure reaches Connectory's callers. A broker's per-resource error keeps its meaning
 * (unknown topic → 404, already exists → 409, invalid config → 400 naming the field, leadership or a group
 * coordinator moving → 503, no authorizer for the ACL APIs → 409);
 * a cluster that cannot be reached is a 503; anything else the cluster did wrong is a 502. Every message names
 * the Kafka cluster. What each Kafka error means comes from the error table (protocol/errors.ts).
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ApiError } from '../http/errors';
import { KafkaConnectionError } from './protocol/connection';
import { KafkaApiError, KafkaClusterError, type KafkaErrorKind } from './protocol/errors';

const STATUS_BY_KIND: Record<KafkaErrorKind, { status: ContentfulStatusCode; code: string }> = {
  not_found: { status: 404, code: 'not_found' },
  conflict: { status: 409, code: 'conflict' },
  rejected: { status: 400, code: 'rejected_by_kafka' },
  leadership: { status: 503, code: 'unavailable' },
  coordinator: { status: 503, code: 'unavailable' },
  denied: { status: 502, code: 'kafka_denied' },
  unsupported: { status: 409, code: 'unsupported_by_cluster' },
};

/** The body field a broker's error is about, when its message names one (`... for configuration retention.ms`). */
export function fieldOfKafkaMessage(message: string | null | undefined): string | undefined {
  const config = message?.match(/configuration ([\w.-]+)/)?.[1] ?? message?.match(/[Cc]onfig(?:uration)? (?:key |name )?"?([a-z][\w.-]*\.[\w.-]+)"?/)?.[1];
  return config ? `configs.${config}` : undefined;
}

export function toApiError(error: unknown, kafkaId: string): unknown {
  if (error instanceof ApiError) return error;
  const apiError = kafkaApiErrorIn(error);
  if (apiError) {
    const kind = apiError.kind;
    const mapped = kind ? STATUS_BY_KIND[kind] : { status: 502 as const, code: 'kafka_error' };
    const detail = [apiError.subject, apiError.errorName, apiError.brokerMessage].filter(Boolean).join(': ');
    return new ApiError(mapped.status, mapped.code, `Kafka cluster "${kafkaId}": ${detail}`, kind === 'rejected' ? fieldOfKafkaMessage(apiError.brokerMessage) : undefined);
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

/** The broker's per-resource error behind a failure, wrapped or not. */
export function kafkaApiErrorIn(error: unknown): KafkaApiError | undefined {
  return causes(error).find((cause): cause is KafkaApiError => cause instanceof KafkaApiError);
}

function hasCause(error: unknown, kind: abstract new (...args: never[]) => Error): boolean {
  return causes(error).some((cause) => cause instanceof kind);
}

/** An error and the chain of its causes. */
function causes(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let current = error; current instanceof Error && !chain.includes(current); current = (current as Error).cause) chain.push(current);
  return chain;
}

/**
 * Runs a Kafka read again while leadership is settling: right after partitions are created or moved, brokers
 * answer NOT_LEADER for a moment even though Metadata already names the leader. Up to about three seconds.
 */
export async function retryWhileLeadershipMoves<T>(read: () => Promise<T>, attempts = 15, delayMs = 200): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (attempt >= attempts || kafkaApiErrorIn(error)?.kind !== 'leadership') throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
