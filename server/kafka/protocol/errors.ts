/**
 * Kafka's error codes (org.apache.kafka.common.protocol.Errors) that the console meets, by name, with what each
 * means to a caller: the one table of Kafka errors in the server. An error a broker returns for one resource,
 * group or partition becomes a KafkaApiError; `server/kafka/api-errors.ts` turns it into the API error users see,
 * keeping the broker's own message when the API carries one.
 */

/**
 * What an error means to the caller: the resource is missing, already exists, the request was rejected as
 * invalid, partition leadership or a group's coordinator is moving (retrying shortly works), or Kafka's ACLs
 * refused it, or the cluster is not set up for the request (no authorizer for ACLs). Unset: a failure of the cluster.
 */
export type KafkaErrorKind = 'not_found' | 'conflict' | 'rejected' | 'leadership' | 'coordinator' | 'denied' | 'unsupported';

const KAFKA_ERRORS: Record<number, { name: string; kind?: KafkaErrorKind }> = {
  [-1]: { name: 'UNKNOWN_SERVER_ERROR' },
  1: { name: 'OFFSET_OUT_OF_RANGE' },
  2: { name: 'CORRUPT_MESSAGE' },
  3: { name: 'UNKNOWN_TOPIC_OR_PARTITION', kind: 'not_found' },
  5: { name: 'LEADER_NOT_AVAILABLE', kind: 'leadership' },
  6: { name: 'NOT_LEADER_OR_FOLLOWER', kind: 'leadership' },
  7: { name: 'REQUEST_TIMED_OUT' },
  8: { name: 'BROKER_NOT_AVAILABLE' },
  9: { name: 'REPLICA_NOT_AVAILABLE', kind: 'leadership' },
  10: { name: 'MESSAGE_TOO_LARGE' },
  13: { name: 'NETWORK_EXCEPTION' },
  14: { name: 'COORDINATOR_LOAD_IN_PROGRESS', kind: 'coordinator' },
  15: { name: 'COORDINATOR_NOT_AVAILABLE', kind: 'coordinator' },
  16: { name: 'NOT_COORDINATOR', kind: 'coordinator' },
  17: { name: 'INVALID_TOPIC_EXCEPTION', kind: 'rejected' },
  22: { name: 'ILLEGAL_GENERATION' },
  24: { name: 'INVALID_GROUP_ID' },
  25: { name: 'UNKNOWN_MEMBER_ID' },
  27: { name: 'REBALANCE_IN_PROGRESS' },
  28: { name: 'INVALID_COMMIT_OFFSET_SIZE' },
  29: { name: 'TOPIC_AUTHORIZATION_FAILED', kind: 'denied' },
  30: { name: 'GROUP_AUTHORIZATION_FAILED', kind: 'denied' },
  31: { name: 'CLUSTER_AUTHORIZATION_FAILED', kind: 'denied' },
  33: { name: 'UNSUPPORTED_SASL_MECHANISM' },
  34: { name: 'ILLEGAL_SASL_STATE' },
  35: { name: 'UNSUPPORTED_VERSION' },
  36: { name: 'TOPIC_ALREADY_EXISTS', kind: 'conflict' },
  37: { name: 'INVALID_PARTITIONS', kind: 'rejected' },
  38: { name: 'INVALID_REPLICATION_FACTOR', kind: 'rejected' },
  39: { name: 'INVALID_REPLICA_ASSIGNMENT', kind: 'rejected' },
  40: { name: 'INVALID_CONFIG', kind: 'rejected' },
  41: { name: 'NOT_CONTROLLER' },
  42: { name: 'INVALID_REQUEST', kind: 'rejected' },
  44: { name: 'POLICY_VIOLATION', kind: 'rejected' },
  49: { name: 'INVALID_TRANSACTION_TIMEOUT' },
  54: { name: 'SECURITY_DISABLED', kind: 'unsupported' },
  57: { name: 'LOG_DIR_NOT_FOUND' },
  58: { name: 'SASL_AUTHENTICATION_FAILED' },
  59: { name: 'UNKNOWN_PRODUCER_ID' },
  60: { name: 'REASSIGNMENT_IN_PROGRESS', kind: 'conflict' },
  65: { name: 'KAFKA_STORAGE_ERROR' },
  68: { name: 'NON_EMPTY_GROUP' },
  69: { name: 'GROUP_ID_NOT_FOUND' },
  74: { name: 'FENCED_LEADER_EPOCH', kind: 'leadership' },
  75: { name: 'UNKNOWN_LEADER_EPOCH', kind: 'leadership' },
  76: { name: 'UNSUPPORTED_COMPRESSION_TYPE' },
  80: { name: 'PREFERRED_LEADER_NOT_AVAILABLE', kind: 'leadership' },
  83: { name: 'ELIGIBLE_LEADERS_NOT_AVAILABLE', kind: 'leadership' },
  84: { name: 'ELECTION_NOT_NEEDED' },
  85: { name: 'NO_REASSIGNMENT_IN_PROGRESS', kind: 'not_found' },
  88: { name: 'UNSTABLE_OFFSET_COMMIT' },
  89: { name: 'THROTTLING_QUOTA_EXCEEDED' },
  100: { name: 'UNKNOWN_TOPIC_ID', kind: 'not_found' },
  110: { name: 'FENCED_MEMBER_EPOCH' },
  113: { name: 'STALE_MEMBER_EPOCH' },
};

/** Codes the group APIs' callers branch on. */
export const NON_EMPTY_GROUP = 68;
export const ELECTION_NOT_NEEDED = 84;
export const NO_REASSIGNMENT_IN_PROGRESS = 85;
export const GROUP_ID_NOT_FOUND = 69;

export function kafkaErrorName(code: number): string {
  return KAFKA_ERRORS[code]?.name ?? `ERROR_${code}`;
}

export function kafkaErrorKind(code: number): KafkaErrorKind | undefined {
  return KAFKA_ERRORS[code]?.kind;
}

/** A broker answered, and for this resource the answer is an error. */
export class KafkaApiError extends Error {
  readonly errorName: string;

  constructor(
    readonly errorCode: number,
    /** What was asked: `DescribeConfigs topic "orders"`. */
    readonly subject: string,
    readonly brokerMessage: string | null = null,
  ) {
    const name = kafkaErrorName(errorCode);
    super(`Kafka ${subject}: ${name}${brokerMessage ? ` (${brokerMessage})` : ''}`);
    this.name = 'KafkaApiError';
    this.errorName = name;
  }

  get kind(): KafkaErrorKind | undefined {
    return kafkaErrorKind(this.errorCode);
  }
}

/** Throws KafkaApiError unless the code is 0. */
export function checkErrorCode(errorCode: number, subject: string, brokerMessage: string | null = null): void {
  if (errorCode !== 0) throw new KafkaApiError(errorCode, subject, brokerMessage);
}

/** Reaching or talking to a Kafka cluster failed: every message names the cluster (and, from the codec, the broker). */
export class KafkaClusterError extends Error {
  constructor(readonly clusterId: string, message: string, options?: ErrorOptions) {
    super(`Kafka cluster "${clusterId}": ${message}`, options);
    this.name = 'KafkaClusterError';
  }
}
