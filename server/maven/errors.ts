export type MavenErrorCode = 'not_found' | 'http_error' | 'timeout' | 'network' | 'aborted' | 'too_large' | 'checksum_mismatch' | 'incomplete';

/** A failure talking to a Maven repository; the message starts with `Maven repository <url>:`. */
export class MavenRepositoryError extends Error {
  override name = 'MavenRepositoryError';
  constructor(
    readonly code: MavenErrorCode,
    readonly repository: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`Maven repository ${repository}: ${detail}`, options);
  }
}
