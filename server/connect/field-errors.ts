import { z } from '@hono/zod-openapi';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ApiError, type ErrorBody } from '../http/errors';

export interface FieldError {
  name: string;
  errors: string[];
}

/**
 * An error about several named fields at once (an invalid connector config, a template's missing values):
 * the common error body, with `field` naming the first and `fields` listing every one.
 */
export class FieldsError extends ApiError {
  constructor(status: ContentfulStatusCode, code: string, message: string, readonly fields: FieldError[]) {
    super(status, code, message, fields[0]?.name);
    this.name = 'FieldsError';
  }

  override toBody(): ErrorBody & { error: { fields: FieldError[] } } {
    const body = super.toBody();
    return { error: { ...body.error, fields: this.fields } };
  }
}

export const FieldsErrorBodySchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'invalid_config' }),
      message: z.string().openapi({ example: 'The config of connector "orders" has 1 invalid field: batch.size' }),
      field: z.string().optional().openapi({ description: 'The first bad field', example: 'batch.size' }),
      fields: z
        .array(z.object({ name: z.string(), errors: z.array(z.string()) }))
        .openapi({ description: 'Every bad field with its errors' }),
    }),
  })
  .openapi('FieldsError');

export function fieldsErrorResponse(description: string) {
  return { description, content: { 'application/json': { schema: FieldsErrorBodySchema } } };
}
