import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from '../logger';
import type { AppEnv } from './env';
import { ApiError, errorBody } from './errors';

const HTTP_EXCEPTION_CODE: Partial<Record<number, string>> = {
  400: 'invalid_input',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** Maps anything thrown by a handler to the JSON error shape; stack traces go to the log, never to the client. */
export function createErrorHandler(fallbackLog: Logger): ErrorHandler<AppEnv> {
  return (err, c) => {
    if (err instanceof ApiError) return c.json(err.toBody(), err.status, err.headers);
    if (err instanceof HTTPException && err.status < 500) return fromHttpException(err, c);
    requestLog(c, fallbackLog).error({ err, method: c.req.method, path: c.req.path }, 'unhandled error');
    return c.json(errorBody('internal', 'Internal error'), 500);
  };
}

function fromHttpException(err: HTTPException, c: Context<AppEnv>) {
  const status = err.status as ContentfulStatusCode;
  const code = HTTP_EXCEPTION_CODE[status] ?? 'http_error';
  return c.json(errorBody(code, err.message || `HTTP ${status}`), status);
}

function requestLog(c: Context<AppEnv>, fallback: Logger): Logger {
  return c.get('log') ?? fallback;
}

/** Unknown paths (every unknown /api path, and UI paths when no UI is built) answer in the JSON error shape. */
export const jsonNotFound: NotFoundHandler<AppEnv> = (c) =>
  c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}`), 404);
