import { ApiError } from '../http/errors';
import type { TopicConfigDefinition } from './config-help';
import { TOPIC_CONFIG_RULES } from './config-rules';
import { topicNameProblem } from './names';

const INT_RANGE: Record<string, [bigint, bigint]> = {
  SHORT: [-(2n ** 15n), 2n ** 15n - 1n],
  INT: [-(2n ** 31n), 2n ** 31n - 1n],
  LONG: [-(2n ** 63n), 2n ** 63n - 1n],
};

export function assertTopicName(name: string, field = 'name'): void {
  const problem = topicNameProblem(name);
  if (problem) throw ApiError.badRequest(`Topic name "${name}" ${problem}`, field);
}

/**
 * Checks each config against the cluster's definitions: a known name, a value of the config's type, and (where
 * Kafka's validators are known) an allowed value or range. The error names the field: `configs.<name>`.
 */
export function assertTopicConfigs(configs: Record<string, string>, definitions: ReadonlyMap<string, TopicConfigDefinition>, field = 'configs'): void {
  for (const [name, value] of Object.entries(configs)) {
    const problem = configProblem(name, value, definitions);
    if (problem) throw ApiError.badRequest(`Topic config "${name}": ${problem}`, `${field}.${name}`);
  }
}

export function assertKnownConfigNames(names: readonly string[], definitions: ReadonlyMap<string, TopicConfigDefinition>, field: string): void {
  for (const [index, name] of names.entries()) {
    if (!definitions.has(name)) throw ApiError.badRequest(`Topic config "${name}": ${unknownConfig(name, definitions)}`, `${field}.${index}`);
  }
}

/** Why the value is not acceptable, or null. */
export function configProblem(name: string, value: string, definitions: ReadonlyMap<string, TopicConfigDefinition>): string | null {
  const definition = definitions.get(name);
  if (!definition) return unknownConfig(name, definitions);
  if (definition.readOnly) return 'is read-only';
  return typeProblem(definition.type, value) ?? ruleProblem(name, definition.type, value);
}

function unknownConfig(name: string, definitions: ReadonlyMap<string, TopicConfigDefinition>): string {
  const close = [...definitions.keys()].filter((known) => known.includes(name) || name.includes(known) || sameWords(known, name));
  return `not a topic config this cluster knows${close.length > 0 ? ` (did you mean ${close.slice(0, 3).join(', ')}?)` : ''}`;
}

function sameWords(a: string, b: string): boolean {
  return a.split('.').sort().join('.') === b.split('.').sort().join('.');
}

function typeProblem(type: string, raw: string): string | null {
  const value = raw.trim();
  switch (type) {
    case 'BOOLEAN':
      return /^(true|false)$/i.test(value) ? null : `expected true or false, got "${raw}"`;
    case 'SHORT':
    case 'INT':
    case 'LONG': {
      if (!/^-?\d+$/.test(value)) return `expected a whole number (${type}), got "${raw}"`;
      const [min, max] = INT_RANGE[type]!;
      const parsed = BigInt(value);
      return parsed < min || parsed > max ? `${value} is out of range for ${type}` : null;
    }
    case 'DOUBLE':
      return value !== '' && Number.isFinite(Number(value)) ? null : `expected a number, got "${raw}"`;
    default:
      return null;
  }
}

function ruleProblem(name: string, type: string, raw: string): string | null {
  const rule = TOPIC_CONFIG_RULES[name];
  if (!rule) return null;
  if (rule.validValues) {
    const values = type === 'LIST' ? raw.split(',').map((item) => item.trim()).filter(Boolean) : [raw.trim()];
    if (values.length === 0 && !rule.allowEmptyList) return `must not be empty (one or more of ${rule.validValues.join(', ')})`;
    const bad = values.find((item) => !rule.validValues!.includes(item));
    if (bad !== undefined) return `"${bad}" is not one of ${rule.validValues.join(', ')}`;
  }
  if (rule.min !== undefined || rule.max !== undefined) {
    const number = Number(raw.trim());
    if (rule.alsoAllowed?.includes(number)) return null;
    if (rule.min !== undefined && number < rule.min) return `must be at least ${rule.min}, got ${raw.trim()}`;
    if (rule.max !== undefined && number > rule.max) return `must be at most ${rule.max}, got ${raw.trim()}`;
  }
  return null;
}

/** min.insync.replicas above the replication factor makes every acks=all write fail. */
export function assertMinInsyncFits(configs: Record<string, string>, replicationFactor: number, field = 'configs'): void {
  const minInsync = configs['min.insync.replicas'];
  if (minInsync === undefined || replicationFactor < 1) return;
  if (Number(minInsync) > replicationFactor) {
    throw ApiError.badRequest(
      `Topic config "min.insync.replicas" is ${minInsync} but the replication factor is ${replicationFactor}: every acks=all write would fail`,
      `${field}.min.insync.replicas`,
    );
  }
}
