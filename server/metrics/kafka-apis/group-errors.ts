import { kafkaErrorName as protocolErrorName } from '../../kafka/protocol/errors';

/** Group-coordinator error codes (org.apache.kafka.common.protocol.Errors) the protocol module does not name. */
const GROUP_ERRORS: Record<number, string> = {
  14: 'COORDINATOR_LOAD_IN_PROGRESS',
  15: 'COORDINATOR_NOT_AVAILABLE',
  16: 'NOT_COORDINATOR',
  22: 'ILLEGAL_GENERATION',
  24: 'INVALID_GROUP_ID',
  25: 'UNKNOWN_MEMBER_ID',
  27: 'REBALANCE_IN_PROGRESS',
  28: 'INVALID_COMMIT_OFFSET_SIZE',
  30: 'GROUP_AUTHORIZATION_FAILED',
  68: 'NON_EMPTY_GROUP',
  69: 'GROUP_ID_NOT_FOUND',
  86: 'UNSTABLE_OFFSET_COMMIT',
  110: 'FENCED_MEMBER_EPOCH',
  113: 'STALE_MEMBER_EPOCH',
};

export function kafkaErrorName(code: number): string {
  return GROUP_ERRORS[code] ?? protocolErrorName(code);
}

export const GROUP_ID_NOT_FOUND = 69;
export const NON_EMPTY_GROUP = 68;
