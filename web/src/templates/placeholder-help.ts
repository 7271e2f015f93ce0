// What the Templates page says about each blank of a connector template: its help text comes from the template,
// the rest (its default, whether it is required, secret or generated, and which config keys it fills) from here.
import type { TemplatePlaceholder } from './types';

/** `${name}`, as the server reads blanks (server/templates/schema.ts). */
const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}/g;

/** The config keys whose value holds the blank, sorted. */
export function keysUsing(config: Record<string, string>, name: string): string[] {
  return Object.entries(config)
    .filter(([, value]) => [...value.matchAll(PLACEHOLDER)].some((match) => match[1] === name))
    .map(([key]) => key)
    .sort();
}

/** What the blank holds when left empty. */
export function defaultText(placeholder: TemplatePlaceholder): string {
  if (placeholder.secret) return 'none: secrets are never stored';
  if (placeholder.generate) return 'a fresh value for each connector';
  return placeholder.default ?? '—';
}

/** Required or optional, then secret and generated when they apply. */
export function placeholderKinds(placeholder: TemplatePlaceholder): string[] {
  return [placeholder.required === false || placeholder.generate ? 'optional' : 'required', ...(placeholder.secret ? ['secret'] : []), ...(placeholder.generate ? ['generated'] : [])];
}
