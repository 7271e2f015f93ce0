/**
 * Request body limits. Every JSON route takes at most JSON_BODY_LIMIT; sign-in at most AUTH_BODY_LIMIT; the
 * upload route streams its body and bounds it itself (MAX_UPLOAD_MB). Without a limit one request could make
 * the server buffer a body as large as the client cares to send.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './errors';

/** Ample for any connector config, template or topic definition the UI sends. */
export const JSON_BODY_LIMIT = 1024 * 1024;
/** A username and a password (at most 1,024 characters) with room for JSON framing. */
export const AUTH_BODY_LIMIT = 8 * 1024;

/** Refuses bodies over `maxBytes` with 413, whether announced by Content-Length or streamed in chunks. */
export function limitBody(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `Request body is larger than the ${describeBytes(maxBytes)} this endpoint takes`);
    },
  });
}

function describeBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MiB` : `${bytes / 1024} KiB`;
}
