/**
 * What can go wrong talking to a Kafka Connect cluster. A worker that answered with an error is a
 * `ConnectError` carrying the worker's own status and message (`{error_code, message}`); a cluster none of
 * whose workers answered is a `ConnectUnreachableError` listing why each one failed.
 */

/** Something about one named worker: it failed to answer, or (as a ConnectError) answered with an error. */
export class ConnectWorkerError extends Error {
  constructor(readonly workerUrl: string, message: string, readonly status?: number, options?: ErrorOptions) {
    super(`Kafka Connect worker ${workerUrl}: ${message}`, options);
    this.name = 'ConnectWorkerError';
  }
}

/** What 401/403 from a worker's REST API (a security extension such as basic auth) mean for the registration. */
export const AUTH_HINTS: Record<number, string> = {
  401: ' (the worker refused the credentials: check the cluster\'s user name and password, or token)',
  403: ' (the credentials are not allowed this request)',
};

/** A worker answered, and its answer was an error. */
export class ConnectError extends ConnectWorkerError {
  /** The worker lacks this endpoint: an older Kafka Connect version. */
  readonly notSupported: boolean;

  constructor(
    workerUrl: string,
    /** The worker's HTTP status: 400, 404, 409 (rebalance in progress), 500… */
    override readonly status: number,
    /** The worker's own message, unchanged. */
    readonly connectMessage: string,
    /** `GET /connectors/x`: what was asked. */
    readonly request: string,
    options?: ErrorOptions & { notSupported?: boolean },
  ) {
    super(workerUrl, `${request} answered ${status}: ${connectMessage}${AUTH_HINTS[status] ?? ''}`, status, options);
    this.name = 'ConnectError';
    this.notSupported = options?.notSupported ?? false;
  }
}

/** One worker that could not be asked, and why. */
export interface FailedAttempt {
  workerUrl: string;
  reason: string;
}

/** No worker gave an answer: each refused, timed out, or answered like a dead worker. */
export class ConnectUnreachableError extends Error {
  constructor(
    readonly request: string,
    readonly attempts: FailedAttempt[],
    options?: ErrorOptions,
  ) {
    super(`Kafka Connect: no worker answered ${request} (${attempts.map((a) => `${a.workerUrl}: ${a.reason}`).join('; ')})`, options);
    this.name = 'ConnectUnreachableError';
  }
}
