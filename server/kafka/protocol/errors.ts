/**
 * Kafka's error codes (org.apache.kafka.common.protocol.Errors) that the console's APIs can answer with, by name.
 * An error a broker returns for one resource or partition becomes a KafkaApiError: callers map the name to an
 * HTTP status, and the broker's own message (when the API carries one) is kept.
 */
const ERROR_NAMES: Record<number, string> = {
  [-1]: 'UNKNOWN_SERVER_ERROR',
  1: 'OFFSET_OUT_OF_RANGE',
  2: 'CORRUPT_MESSAGE',
  3: 'UNKNOWN_TOPIC_OR_PARTITION',
  5: 'LEADER_NOT_AVAILABLE',
  6: 'NOT_LEADER_OR_FOLLOWER',
  7: 'REQUEST_TIMED_OUT',
  8: 'BROKER_NOT_AVAILABLE',
  9: 'REPLICA_NOT_AVAILABLE',
  10: 'MESSAGE_TOO_LARGE',
  13: 'NETWORK_EXCEPTION',
  15: 'COORDINATOR_NOT_AVAILABLE',
  17: 'INVALID_TOPIC_EXCEPTION',
  29: 'TOPIC_AUTHORIZATION_FAILED',
  31: 'CLUSTER_AUTHORIZATION_FAILED',
  33: 'UNSUPPORTED_SASL_MECHANISM',
  34: 'ILLEGAL_SASL_STATE',
  35: 'UNSUPPORTED_VERSION',
  36: 'TOPIC_ALREADY_EXISTS',
  37: 'INVALID_PARTITIONS',
  38: 'INVALID_REPLICATION_FACTOR',
  39: 'INVALID_REPLICA_ASSIGNMENT',
  40: 'INVALID_CONFIG',
  41: 'NOT_CONTROLLER',
  42: 'INVALID_REQUEST',
  44: 'POLICY_VIOLATION',
  49: 'INVALID_TRANSACTION_TIMEOUT',
  57: 'LOG_DIR_NOT_FOUND',
  58: 'SASL_AUTHENTICATION_FAILED',
  59: 'UNKNOWN_PRODUCER_ID',
  65: 'KAFKA_STORAGE_ERROR',
  74: 'FENCED_LEADER_EPOCH',
  75: 'UNKNOWN_LEADER_EPOCH',
  76: 'UNSUPPORTED_COMPRESSION_TYPE',
  87: 'ELECTION_NOT_NEEDED',
  89: 'THROTTLING_QUOTA_EXCEEDED',
  100: 'UNKNOWN_TOPIC_ID',
};

export function kafkaErrorName(code: number): string {
  return ERROR_NAMES[code] ?? `ERROR_${code}`;
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
}

/** Throws KafkaApiError unless the code is 0. */
export function checkErrorCode(errorCode: number, subject: string, brokerMessage: string | null = null): void {
  if (errorCode !== 0) throw new KafkaApiError(errorCode, subject, brokerMessage);
}
