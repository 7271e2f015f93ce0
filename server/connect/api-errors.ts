/**
 * How Connect's failures reach Connectory's callers: the worker's status is kept where it means the same thing
 * to our caller (400, 404, 409 rebalance in progress), its own message is passed on, and every message names
 * the Connect cluster it came from.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ApiError } from '../http/errors';
import { ConnectError, ConnectUnreachableError } from './errors';

export function toApiError(error: unknown, connectId: string): unknown {
  const system = `Kafka Connect cluster "${connectId}"`;
  if (error instanceof ConnectError) {
    const message = `${system} (worker ${error.workerUrl}): ${error.connectMessage}`;
    if (error.notSupported) return new ApiError(501, 'not_supported', message);
    if (error.status === 404) return new ApiError(404, 'not_found', message);
    // Newer workers answer a rebalance with a 500 (RebalanceNeededException) where older ones said 409.
    if (error.status === 409 || (error.status === 500 && /rebalance/i.test(error.connectMessage))) return new ApiError(409, 'conflict', message);
    if (error.status >= 400 && error.status < 500) return new ApiError(error.status as ContentfulStatusCode, 'rejected_by_connect', message);
    return new ApiError(502, 'connect_error', message);
  }
  if (error instanceof ConnectUnreachableError) {
    const reasons = error.attempts.map((attempt) => `${attempt.workerUrl}: ${attempt.reason}`).join('; ');
    return new ApiError(503, 'unreachable', `${system}: no worker answered ${error.request} (${reasons})`);
  }
  return error;
}

/** Runs a Connect call, turning its failure into the API error for this cluster. */
export async function askConnect<T>(connectId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toApiError(error, connectId);
  }
}
