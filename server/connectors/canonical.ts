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
