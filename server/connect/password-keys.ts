import { UnknownPasswordKeys, type PasswordKeys } from '../secrets/masking';
import type { ConnectClient } from './client';

/** Definitions change only when a plugin is upgraded; a few minutes of staleness costs nothing. */
const TTL_MS = 10 * 60_000;
/** After a failed lookup, ask again soon rather than hiding the definition for the full TTL. */
const FAILURE_TTL_MS = 30_000;

/**
 * The PASSWORD-typed keys of each connector class, from its plugin's config definition, per Connect cluster
 * (two clusters may run different versions of one plugin). When the definition cannot be read, masking fails
 * closed: every value is hidden except the framework's own keys that never hold a secret (UnknownPasswordKeys).
 */
export class PasswordKeyCache {
  readonly #entries = new Map<string, { keys: PasswordKeys; expiresAt: number }>();

  async get(connectId: string, client: ConnectClient, connectorClass: string | undefined): Promise<PasswordKeys> {
    if (!connectorClass) return new UnknownPasswordKeys();
    const cacheKey = `${connectId}\u0000${connectorClass}`;
    const cached = this.#entries.get(cacheKey);
    if (cached && cached.expiresAt > Date.now()) return cached.keys;
    try {
      const definition = await client.pluginConfigDefinition(connectorClass);
      const keys = new Set(definition.filter((key) => key.type === 'PASSWORD').map((key) => key.name));
      this.#entries.set(cacheKey, { keys, expiresAt: Date.now() + TTL_MS });
      return keys;
    } catch {
      const keys: PasswordKeys = new UnknownPasswordKeys();
      this.#entries.set(cacheKey, { keys, expiresAt: Date.now() + FAILURE_TTL_MS });
      return keys;
    }
  }

  /** Fills the cache from a definition read for another reason. */
  remember(connectId: string, connectorClass: string, definition: { name: string; type: string }[]): void {
    const keys = new Set(definition.filter((key) => key.type === 'PASSWORD').map((key) => key.name));
    this.#entries.set(`${connectId}\u0000${connectorClass}`, { keys, expiresAt: Date.now() + TTL_MS });
  }
}
