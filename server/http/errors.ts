import { z } from '@hono/zod-openapi';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The one error body every endpoint returns; a component in the OpenAPI document. */
export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'invalid_input' }),
      message: z.string().openapi({ example: 'Invalid body field "name": expected string, received undefined' }),
      field: z.string().optional().openapi({ example: 'name' }),
    }),
  })
  .openapi('Error');

export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** Thrown by domain code and routers; the app's error handler turns it into the JSON error body. */
export class ApiError extends Error {
  /** Response headers that belong to the error (Retry-After on a 429). */
  readonly headers: Record<string, string> = {};

  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static badRequest(message: string, field?: string) {
    return new ApiError(400, 'invalid_input', message, field);
  }

  static notFound(message: string) {
    return new ApiError(404, 'not_found', message);
  }

  static conflict(message: string) {
    return new ApiError(409, 'conflict', message);
  }

  static unauthenticated(message = 'Sign in, or send an API token as "Authorization: Bearer <token>"') {
    return new ApiError(401, 'unauthenticated', message);
  }

  static forbidden(message: string) {
    return new ApiError(403, 'forbidden', message);
  }

  toBody(): ErrorBody {
    return errorBody(this.code, this.message, this.field);
  }
}

export function errorBody(code: string, message: string, field?: string): ErrorBody {
  return { error: field === undefined ? { code, message } : { code, message, field } };
}

/** OpenAPI response entries for the error statuses a route can return, so clients see the shape. */
export function errorResponses(...statuses: ContentfulStatusCode[]) {
  const described: Partial<Record<ContentfulStatusCode, { description: string; content: { 'application/json': { schema: typeof ErrorBodySchema } } }>> = {};
  for (const status of statuses) {
    described[status] = {
      description: STATUS_TEXT[status] ?? 'Error',
      content: { 'application/json': { schema: ErrorBodySchema } },
    };
  }
  return described;
}

const STATUS_TEXT: Partial<Record<number, string>> = {
  400: 'Invalid input',
  401: 'Not authenticated',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  429: 'Too many attempts',
  500: 'Internal error',
  502: 'Upstream system failed',
  503: 'Unavailable',
};
