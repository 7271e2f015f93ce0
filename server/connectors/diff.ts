import type { ConnectorConfig } from '../connect/types';
import { isSecretKey, SECRET_MASK, type PasswordKeys } from '../secrets/masking';

export type ConfigChangeKind = 'added' | 'removed' | 'changed';

export interface ConfigChange {
  key: string;
  change: ConfigChangeKind;
  /** Absent for an added key; the mask for a secret. */
  before?: string;
  /** Absent for a removed key; the mask for a secret. */
  after?: string;
}

/**
 * Key-by-key differences from `before` to `after`, sorted by key. Secrets are compared by their real values
 * (a changed password shows as changed) but shown only as the mask.
 */
export function diffConfigs(before: ConnectorConfig, after: ConnectorConfig, passwordKeys?: PasswordKeys): ConfigChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const shown = (key: string, value: string) => (isSecretKey(key, passwordKeys) && value !== '' ? SECRET_MASK : value);
  const changes: ConfigChange[] = [];
  for (const key of keys) {
    const had = Object.hasOwn(before, key);
    const has = Object.hasOwn(after, key);
    if (had && !has) changes.push({ key, change: 'removed', before: shown(key, before[key]!) });
    else if (!had && has) changes.push({ key, change: 'added', after: shown(key, after[key]!) });
    else if (before[key] !== after[key]) changes.push({ key, change: 'changed', before: shown(key, before[key]!), after: shown(key, after[key]!) });
  }
  return changes;
}
