import { createHash } from 'node:crypto';
import type { ConnectorConfig } from '../connect/types';

/**
 * The config as Connect stores it: `name` always set to the connector's name (Connect adds it when it is
 * missing), keys sorted. Two configs are the same change-wise exactly when their canonical forms are equal.
 */
export function canonicalConfig(name: string, config: ConnectorConfig): ConnectorConfig {
  const withName: ConnectorConfig = { ...config, name };
  return Object.fromEntries(Object.keys(withName).sort().map((key) => [key, String(withName[key])]));
}

/** sha256 of the canonical config: tells a change apart without decrypting stored versions. */
export function configHash(name: string, config: ConnectorConfig): string {
  return createHash('sha256').update(JSON.stringify(canonicalConfig(name, config))).digest('hex');
}

/**
 * Whether two configs are the same change-wise (their canonical forms are equal), without building either: a
 * plan of 1,000 unchanged connectors asks this once each, where sorting, copying and hashing both sides cost
 * about a third of the plan.
 */
export function sameConfig(name: string, a: ConnectorConfig, b: ConnectorConfig): boolean {
  const keysOf = (config: ConnectorConfig) => Object.keys(config).length + (Object.hasOwn(config, 'name') ? 0 : 1);
  if (keysOf(a) !== keysOf(b)) return false;
  for (const key of Object.keys(a)) {
    if (key === 'name') continue;
    if (!Object.hasOwn(b, key) || String(a[key]) !== String(b[key])) return false;
  }
  return true;
}

/**
 * `configHash` remembered per connector against the config's JSON as Connect sent it: a list of 1,000 unchanged
 * connectors then costs one JSON.stringify each instead of a sort, a copy and a sha256 (about 10 ms a list).
 * The key order Connect sends is stable for an unchanged config; a reordered one is merely hashed again.
 */
export class ConfigHashes {
  readonly #seen = new Map<string, { json: string; hash: string }>();

  hash(name: string, config: ConnectorConfig): string {
    const json = JSON.stringify(config);
    const known = this.#seen.get(name);
    if (known?.json === json) return known.hash;
    const hash = configHash(name, config);
    this.#seen.set(name, { json, hash });
    return hash;
  }

  /** Drops connectors no longer listed, so the memo never outgrows the cluster. */
  keepOnly(names: Set<string>): void {
    for (const name of this.#seen.keys()) if (!names.has(name)) this.#seen.delete(name);
  }
}
