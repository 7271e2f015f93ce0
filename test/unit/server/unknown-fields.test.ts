import { z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { findUnknownField } from '../../../server/http/unknown-fields';

const Schema = z
  .object({
    name: z.string(),
    configs: z.object({ set: z.record(z.string(), z.string()).optional(), delete: z.array(z.string()).optional() }).optional(),
    items: z.array(z.object({ id: z.number() })).optional(),
    loose: z.looseObject({ kind: z.string() }).optional(),
    either: z.union([z.object({ a: z.string() }), z.object({ b: z.number() })]).optional(),
    nullable: z.object({ x: z.number() }).nullable().optional(),
  })
  .refine(() => true);

describe('findUnknownField', () => {
  it('finds nothing in input the schema declares, records and loose objects included', () => {
    const value = { name: 'n', configs: { set: { 'any.key': '1' } }, items: [{ id: 1 }], loose: { kind: 'k', extra: 1 }, either: { b: 2 }, nullable: null };
    expect(findUnknownField(Schema, value)).toBeUndefined();
  });

  it('names an unknown field at the top, in nested objects, in arrays and in the matching union option', () => {
    expect(findUnknownField(Schema, { name: 'n', nmae: 'typo' })).toEqual(['nmae']);
    expect(findUnknownField(Schema, { configs: { 'retention.ms': '1' } })).toEqual(['configs', 'retention.ms']);
    expect(findUnknownField(Schema, { items: [{ id: 1 }, { id: 2, extra: true }] })).toEqual(['items', '1', 'extra']);
    expect(findUnknownField(Schema, { either: { b: 1, c: 2 } })).toEqual(['either', 'c']);
    expect(findUnknownField(Schema, { nullable: { x: 1, y: 2 } })).toEqual(['nullable', 'y']);
  });

  it('leaves values of the wrong type to validation', () => {
    expect(findUnknownField(Schema, { items: 'not an array', configs: 3 })).toBeUndefined();
    expect(findUnknownField(Schema, [1, 2])).toBeUndefined();
  });
});
