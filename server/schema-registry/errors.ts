import { ApiError } from '../http/errors';
import { SchemaRegistryError, SchemaRegistryUnreachableError } from './client';

/**
 * The registry's errors as API errors, its message kept: 404 for an unknown subject, version or schema id, 400 for
 * a schema it cannot parse (naming the `schema` field), 409 for an incompatible one, 503 when it cannot be
 * reached, 502 for anything else it answered.
 */
export function toApiError(err: unknown): unknown {
  if (err instanceof SchemaRegistryUnreachableError) return new ApiError(503, 'unavailable', err.message);
  if (!(err instanceof SchemaRegistryError)) return err;
  if (err.status === 404) return new ApiError(404, 'not_found', err.message);
  if (err.status === 422 || err.errorCode === 42201 || err.errorCode === 42202) return new ApiError(400, 'invalid_schema', err.message, 'schema');
  if (err.status === 409) return new ApiError(409, 'incompatible', err.message, 'schema');
  if (err.status === 401 || err.status === 403) return new ApiError(502, 'registry_auth', `${err.message}: check the registry's credentials`);
  return new ApiError(502, 'registry_error', err.message);
}

export async function askRegistry<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toApiError(err);
  }
}
