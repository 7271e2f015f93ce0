/**
 * Request input is strict: a field the route's schema does not name is refused (400, naming it) instead of being
 * dropped in silence. Dropping made a typo look like success: `PATCH …/topics/{name}` with `{"configs": …}`
 * (the field is `config`) answered 200 and changed nothing.
 *
 * This walks the schema and the value side by side rather than rebuilding every schema with `.strict()`, so the
 * declared schemas (and the OpenAPI document made from them) stay as written. Objects declared loose
 * (`z.looseObject`, `.catchall()`) and records keep taking any key; intersections are not checked.
 */
import type { z } from '@hono/zod-openapi';

type Schema = z.ZodType;
type Def = { type: string } & Record<string, unknown>;

const defOf = (schema: Schema): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The dotted path of the first field in `value` that `schema` does not declare, or undefined. */
export function findUnknownField(schema: Schema, value: unknown, path: string[] = []): string[] | undefined {
  const def = defOf(schema);
  switch (def.type) {
    case 'object':
      return unknownInObject(def, value, path);
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return value === undefined || value === null ? undefined : findUnknownField(def.innerType as Schema, value, path);
    case 'pipe':
      // the input side decides what is accepted; a preprocess (transform first) changes the value before any schema sees it
      return defOf(def.in as Schema).type === 'transform' ? undefined : findUnknownField(def.in as Schema, value, path);
    case 'lazy':
      return findUnknownField((def.getter as () => Schema)(), value, path);
    case 'array':
      return Array.isArray(value) ? firstOf(value, (item, index) => findUnknownField(def.element as Schema, item, [...path, String(index)])) : undefined;
    case 'tuple':
      return Array.isArray(value)
        ? firstOf(def.items as Schema[], (item, index) => findUnknownField(item, value[index], [...path, String(index)]))
        : undefined;
    case 'record':
      return isPlainObject(value)
        ? firstOf(Object.entries(value), ([key, item]) => findUnknownField(def.valueType as Schema, item, [...path, key]))
        : undefined;
    case 'union': {
      // judge the value against the option it actually matches; when none does, validation reports that
      const matching = (def.options as Schema[]).find((option) => option.safeParse(value).success);
      return matching ? findUnknownField(matching, value, path) : undefined;
    }
    default:
      return undefined;
  }
}

function unknownInObject(def: Def, value: unknown, path: string[]): string[] | undefined {
  if (!isPlainObject(value)) return undefined;
  const shape = def.shape as Record<string, Schema>;
  const catchall = def.catchall as Schema | undefined;
  for (const [key, item] of Object.entries(value)) {
    const field = shape[key];
    if (field) {
      const found = findUnknownField(field, item, [...path, key]);
      if (found) return found;
    } else if (catchall === undefined) {
      return [...path, key];
    } else if (defOf(catchall).type !== 'never') {
      // loose object: any key, its value judged by the catchall (zod itself refuses keys of a strict one)
      const found = findUnknownField(catchall, item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

function firstOf<T>(items: readonly T[], find: (item: T, index: number) => string[] | undefined): string[] | undefined {
  for (let index = 0; index < items.length; index++) {
    const found = find(items[index]!, index);
    if (found) return found;
  }
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
