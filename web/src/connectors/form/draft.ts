// The create form's draft, kept in sessionStorage so Back, Forward, Cancel or a reload do not lose what was
// typed. Secrets are never written to storage: the form asks for them again (and warns before leaving).
import type { ConnectorConfig, PluginDefinition } from '../types';

const PREFIX = 'connectory:connector-draft:';
/** Like the server's isSecretKey, a little broader: a key dropped by mistake is only typed again. */
const SECRET_LOOKING = /password|passwd|secret|credential|passphrase|token|pwd|jaas|api\.?key|private\.?key|access\.?key|user\.info/i;

export const draftKey = (connectId: string, pluginClass: string) => `${PREFIX}${connectId}|${pluginClass}`;

export function isSecret(key: string, definition: PluginDefinition | undefined): boolean {
  return SECRET_LOOKING.test(key) || definition?.keys.some((entry) => entry.name === key && entry.type === 'PASSWORD') === true;
}

/** The config without its secrets (their keys stay, empty, so the form shows where one is needed). */
export function withoutSecrets(config: ConnectorConfig, definition: PluginDefinition | undefined): ConnectorConfig {
  return Object.fromEntries(Object.entries(config).map(([key, value]) => [key, isSecret(key, definition) ? '' : value]));
}

export function saveDraft(key: string, config: ConnectorConfig, definition: PluginDefinition | undefined): void {
  try {
    sessionStorage.setItem(key, JSON.stringify(withoutSecrets(config, definition)));
  } catch {
    // Storage full or disabled: the warning before leaving still protects the draft.
  }
}

export function loadDraft(key: string): ConnectorConfig | undefined {
  try {
    const text = sessionStorage.getItem(key);
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''));
  } catch {
    return undefined;
  }
}

export function clearDraft(key: string): void {
  try {
    sessionStorage.removeItem(key);
  } catch {
    // Nothing was stored.
  }
}
