import type { Hook } from '@hono/zod-openapi';
import type { ZodError } from 'zod';
import { errorBody } from './errors';

const TARGET_LABEL: Record<string, string> = {
  json: 'body',
  form: 'body',
  query: 'query',
  param: 'path',
  header: 'header',
  cookie: 'cookie',
};

/** Names the first bad field of a failed validation as a dotted path (`config.tasks.max`, `items.0.name`). */
export function describeValidationError(error: ZodError, target: string) {
  const issue = error.issues[0];
  const where = TARGET_LABEL[target] ?? target;
  if (!issue) return { field: undefined, message: `Invalid ${where}` };
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
  const message = field === undefined ? `Invalid ${where}: ${issue.message}` : `Invalid ${where} field "${field}": ${issue.message}`;
  return { field, message };
}

/** OpenAPIHono `defaultHook`: every route's zod validation failure becomes a 400 in the common error shape. */
// `any` Env: one hook serves routers of every Env.
export const validationHook: Hook<unknown, any, string, Response | undefined> = (result, c) => {
  if (result.success) return undefined;
  const { field, message } = describeValidationError(result.error, result.target);
  return c.json(errorBody('invalid_input', message, field), 400);
};
