// Turns a plugin's config definition (Connect's ConfigDef) into the form's groups and inputs.
import type { ConfigKeyDefinition, ConnectorConfig, PluginDefinition } from '../types';

export const SECRET_MASK = '********';
/** Keys the form shows but does not let the user change: the path and the chosen plugin fix them. */
export const FIXED_ON_EDIT = new Set(['name', 'connector.class']);
const UNGROUPED = 'Other';

export type InputKind = 'boolean' | 'number' | 'password' | 'list' | 'class' | 'text';

export function inputKind(key: ConfigKeyDefinition): InputKind {
  switch (key.type) {
    case 'BOOLEAN':
      return 'boolean';
    case 'INT':
    case 'LONG':
    case 'SHORT':
    case 'DOUBLE':
      return 'number';
    case 'PASSWORD':
      return 'password';
    case 'LIST':
      return 'list';
    case 'CLASS':
      return 'class';
    default:
      return 'text';
  }
}

/** Low-importance keys nobody has set are tucked away unless the user asks for them. */
export const isAdvanced = (key: ConfigKeyDefinition) => key.importance?.toUpperCase() === 'LOW' && !key.required;

export const labelOf = (key: ConfigKeyDefinition) => (key.displayName && key.displayName !== key.name ? key.displayName : key.name);

/** How wide the input should be, from the definition's width hint (NONE means "no opinion"). */
export function widthOf(key: ConfigKeyDefinition): 'short' | 'medium' | 'long' {
  if (inputKind(key) === 'number' || inputKind(key) === 'boolean') return 'short';
  const width = key.width?.toUpperCase();
  if (width === 'SHORT' && inputKind(key) === 'text') return 'medium';
  if (width === 'MEDIUM') return 'medium';
  return 'long';
}

export interface FieldGroup {
  name: string;
  keys: ConfigKeyDefinition[];
}

/**
 * The definition's keys in its group order, plus keys the last validation described that the static
 * definition lacks (e.g. `transforms.mask.type` once a transform is named), placed in their own groups.
 */
export function groupKeys(definition: PluginDefinition, extra: ConfigKeyDefinition[] = []): FieldGroup[] {
  const known = new Set(definition.keys.map((key) => key.name));
  const keys = [...definition.keys, ...extra.filter((key) => !known.has(key.name))];
  const groups = new Map<string, ConfigKeyDefinition[]>();
  for (const name of definition.groups) groups.set(name, []);
  for (const key of keys) {
    const group = key.group ?? UNGROUPED;
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group)!.push(key);
  }
  // Common (name, class, tasks) first, then the plugin's own settings, which often have no group; the rest
  // in the plugin's order.
  const rank = (group: string) => (group === 'Common' ? 0 : group === UNGROUPED ? 1 : 2);
  const entries = [...groups.entries()].filter(([, list]) => list.length > 0);
  entries.sort(([a], [b]) => rank(a) - rank(b));
  return entries.map(([name, list]) => ({
    name: name === UNGROUPED ? 'Connector settings' : name,
    keys: [...list].sort((a, b) => (a.orderInGroup ?? 0) - (b.orderInGroup ?? 0)),
  }));
}

/** Config keys no definition describes: shown as plain key/value rows so nothing in the config is hidden. */
export function undefinedKeys(config: ConnectorConfig, groups: FieldGroup[]): string[] {
  const described = new Set(groups.flatMap((group) => group.keys.map((key) => key.name)));
  return Object.keys(config).filter((key) => !described.has(key)).sort();
}

/** A JSON value as Connect wants it: every value a string. Returns undefined when it is not a flat object. */
export function asConfig(value: unknown): ConnectorConfig | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const config: ConnectorConfig = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'string') config[key] = item;
    else if (typeof item === 'number' || typeof item === 'boolean') config[key] = String(item);
    else if (Array.isArray(item) && item.every((part) => typeof part === 'string')) config[key] = item.join(',');
    else return undefined;
  }
  return config;
}
