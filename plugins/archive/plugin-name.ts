/**
 * A plugin's folder name in plugin.path, chosen by Connectory: a lower-case slug (letters, digits,
 * `.`, `_`, `-`) that starts with a letter or digit, so it can never be "..", hidden, or a path.
 */
export const PLUGIN_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,99}$/;

export function isValidPluginName(name: string): boolean {
  return PLUGIN_NAME_PATTERN.test(name) && !name.includes('..');
}

/** A best-effort plugin name from free text (a manifest name, a file name). */
export function toPluginName(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/[-._]+$/, '')
    .slice(0, 100);
  return slug || 'plugin';
}
